"""Rating and closing: the proposer rates the reply (an unsatisfied rating sends it back for
another round), and staff close the item."""

from lianluo.core.dates import add_months
from lianluo.core.errors import ApplicationError
from lianluo.core.transitions import Step
from lianluo.submissions.lifecycle import (
    MEMBER,
)
from lianluo.submissions.models import (
    Confirmation,
    Rating,
    Satisfaction,
    SubmissionState,
)
from lianluo.submissions.selectors import (
    replying_proposers,
    submission_roles,
)
from lianluo.submissions.services.common import (
    office_settings,
)


def _rate(ctx: Step) -> str:
    attitude = ctx.need("attitude", "请评价办理态度")
    result = ctx.need("result", "请评价办理结果")
    if attitude not in Satisfaction.values or result not in Satisfaction.values:
        raise ApplicationError("评价应为满意、基本满意或不满意")
    unsatisfied = Satisfaction.UNSATISFIED in (attitude, result)
    reason = (ctx.data.get("reason") or "").strip()
    if unsatisfied and not reason:
        raise ApplicationError("不满意时请写明理由", field="reason")
    item = ctx.record
    if ctx.actor is not None and MEMBER in submission_roles(ctx.actor, item):
        person_id = ctx.actor.person_id
    else:  # staff entering a rating returned on paper name whose it is
        person_id = ctx.need("person", "请选择是哪位提交人的评价", "person")
    proposer = item.proposers.filter(person_id=person_id).first()
    if proposer is None or proposer.confirmation == Confirmation.LAPSED:
        raise ApplicationError("只有提交人可以评价答复", code="forbidden")
    if item.ratings.filter(person_id=proposer.person_id, round=item.handling_round).exists():
        raise ApplicationError("您已评价过这次答复", code="conflict")
    Rating.objects.create(
        submission=item,
        person_id=proposer.person_id,
        round=item.handling_round,
        attitude=attitude,
        result=result,
        reason=reason[:300],
    )
    ctx.comment = reason
    ctx.extra.update(
        attitude=attitude, result=result, round=item.handling_round, person=proposer.person.name
    )
    office = office_settings(ctx)
    if unsatisfied and item.handling_round < office.rehandle_limit:
        ctx.extra["previous_reply"] = {"class": item.reply_class, "text": item.reply_text}
        item.handling_round += 1
        item.reply_class, item.reply_text, item.replied_on = "", "", None
        deadline = add_months(ctx.today, office.handling_months)
        item.deadline = deadline
        item.assignments.filter(active=True).update(deadline=deadline, assigned_on=ctx.today)
        ctx.extra["rehandle_deadline"] = deadline.isoformat()
        return SubmissionState.HANDLING
    raters = set(item.ratings.filter(round=item.handling_round).values_list("person_id", flat=True))
    everyone = {p.person_id for p in replying_proposers(item)}
    if (
        everyone <= raters
        and not unsatisfied
        and not item.ratings.filter(
            round=item.handling_round, result=Satisfaction.UNSATISFIED
        ).exists()
    ):
        return SubmissionState.CLOSED
    return SubmissionState.REPLIED


def _nothing(ctx: Step) -> None:
    ctx.comment = ctx.data.get("comment", "")


EFFECTS = {"rate": _rate, "close": _nothing, "close_report": _nothing}
