"""What every stage of a submission's lifecycle shares: the office's numbering and limits, a link
to the item, the office's settings during a move, telling the proposers."""

from django.urls import reverse

from lianluo.core.transitions import Step
from lianluo.notifications.services import notify
from lianluo.submissions.models import (
    Submission,
    SubmissionKind,
    SubmissionSettings,
)
from lianluo.submissions.selectors import (
    replying_proposers,
    settings_for,
)

MAX_HANDLING_MONTHS = 6
CODE_PREFIX = {
    SubmissionKind.PROPOSAL: "TA",
    SubmissionKind.SUGGESTION: "JY",
    SubmissionKind.OPINION_REPORT: "SQ",
    SubmissionKind.OPINION: "YJ",
    SubmissionKind.MOTION: "YA",
}
EDIT_FIELDS = (
    "kind",
    "title",
    "body",
    "category_id",
    "collective",
    "term",
    "session",
    "period",
    "publish_consent",
    "suggested_units",
    "is_key",
    "is_excellent",
    "note",
)


def submission_link(submission: Submission) -> str:
    return reverse("submissions:detail", args=[submission.pk])


def office_settings(ctx: Step) -> SubmissionSettings:
    return settings_for(ctx.record.organisation)


def notify_proposers(submission: Submission, subject: str, body: str) -> None:
    for proposer in replying_proposers(submission):
        notify(
            person=proposer.person,
            kind="submission",
            subject=subject,
            body=body,
            link=submission_link(submission),
        )


def require_reason(ctx: Step) -> None:
    ctx.comment = ctx.need("reason", "请填写理由")
