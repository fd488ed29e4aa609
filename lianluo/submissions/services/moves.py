"""Every move of a submission runs the lifecycle table (lifecycle.py) through core.transitions:
locked, version checked, the stage's effect, an event row that is never edited, the audit."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from lianluo.audit.services import audit_record
from lianluo.core.errors import ApplicationError
from lianluo.core.transitions import EventRows, Lifecycle, run
from lianluo.submissions.lifecycle import (
    MOVES,
    ROLE_LABELS,
    Move,
    refusal,
)
from lianluo.submissions.models import (
    Submission,
    SubmissionEvent,
)
from lianluo.submissions.selectors import (
    submission_roles,
)
from lianluo.submissions.services import handling, intake, rating, review


def _authorise_move(actor, item: Submission, move: Move) -> None:
    if actor is None:
        return
    if not submission_roles(actor, item) & move.actors:
        who = "、".join(ROLE_LABELS[r] for r in sorted(move.actors))
        raise ApplicationError(f"只有{who}可以“{move.label}”", code="forbidden")


SUBMISSION_LIFECYCLE = Lifecycle(
    name="submission",
    model=Submission,
    transitions=MOVES,
    effects={**intake.EFFECTS, **review.EFFECTS, **handling.EFFECTS, **rating.EFFECTS},
    write_event=EventRows(
        SubmissionEvent, record="submission", states=("from_state", "to_state"), data="data"
    ),
    authorise=_authorise_move,
    audit=audit_record,
    state_field="state",
    stale="该事项刚刚已被他人处理，请刷新页面后再操作",
    refusal=lambda move, item: refusal(move, item.kind, item.state),
)


def submission_move(
    *,
    actor,
    submission: Submission,
    move: str,
    version: int | None = None,
    data: dict | None = None,
    today: dt.date | None = None,
) -> Submission:
    """Take one move of the lifecycle on one item, or refuse it with a message saying why
    (core.transitions.run: locked, version checked, event row and audit entry written)."""
    return run(
        SUBMISSION_LIFECYCLE,
        actor=actor,
        record=submission,
        name=move,
        version=version,
        data=data,
        today=today,
    )


@transaction.atomic
def submission_move_many(
    *, actor, submissions: Iterable[Submission], move: str, data: dict, today=None
) -> int:
    """The same move on many items (a reviewer answering with a template): all or none."""
    done = 0
    for item in submissions:
        try:
            submission_move(actor=actor, submission=item, move=move, data=dict(data), today=today)
        except ApplicationError as exc:
            raise ApplicationError(f"“{item.title}”：{exc.message}", code=exc.code) from exc
        done += 1
    if not done:
        raise ApplicationError("请先勾选要处理的事项")
    return done
