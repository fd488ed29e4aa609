"""Review: a reviewer files a proposal as a case, refuses it with a reason, turns it into a
suggestion, or merges it into a lead item (its proposers join the lead's)."""

from django.db.models import Max

from lianluo.core.access import acting_user
from lianluo.core.errors import ApplicationError
from lianluo.core.transitions import Step
from lianluo.submissions.models import (
    Proposer,
    Submission,
    SubmissionEvent,
    SubmissionKind,
    SubmissionState,
)
from lianluo.submissions.services.common import notify_proposers, require_reason
from lianluo.submissions.services.intake import cosign_lapse_overdue


def _file(ctx: Step) -> None:
    cosign_lapse_overdue(today=ctx.today, submission=ctx.record)
    if ctx.data.get("is_key"):
        ctx.record.is_key = True


def _refuse(ctx: Step) -> None:
    require_reason(ctx)
    notify_proposers(
        ctx.record,
        f"不予立案：{ctx.record.title}",
        f"您提交的“{ctx.record.title}”经审查不予立案。理由：{ctx.comment}",
    )


def _convert(ctx: Step) -> None:
    require_reason(ctx)
    ctx.extra["from_kind"] = ctx.record.kind
    ctx.record.kind = SubmissionKind.SUGGESTION
    notify_proposers(
        ctx.record,
        f"转为建议：{ctx.record.title}",
        f"您提交的提案“{ctx.record.title}”已转为建议办理。理由：{ctx.comment}",
    )


def _merge(ctx: Step) -> None:
    lead = ctx.need("lead", "请选择并入的主件")
    item = ctx.record
    if lead.pk == item.pk:
        raise ApplicationError("不能并入自身", field="lead")
    if lead.kind != item.kind:
        raise ApplicationError("只能并入同类型的事项", field="lead")
    if lead.state in (SubmissionState.DRAFT, SubmissionState.NOT_FILED, SubmissionState.MERGED):
        raise ApplicationError(
            f"主件当前为“{lead.get_state_display()}”，不能作为并案主件", field="lead"
        )
    if lead.organisation_id != item.organisation_id:
        raise ApplicationError("只能并入本组织的事项", field="lead")
    lead = Submission.objects.select_for_update().get(pk=lead.pk)
    present = set(lead.proposers.values_list("person_id", flat=True))
    position = (lead.proposers.aggregate(m=Max("position"))["m"] or 0) + 1
    joined = []
    for proposer in item.proposers.select_related("person"):
        if proposer.person_id in present:
            continue
        Proposer.objects.create(
            submission=lead,
            person=proposer.person,
            position=position,
            confirmation=proposer.confirmation,
            confirm_by=proposer.confirm_by,
            joined_from=item,
        )
        position += 1
        joined.append(proposer.person.name)
    item.merged_into = lead
    ctx.extra.update(lead=lead.pk, lead_code=lead.code, joined=joined)
    SubmissionEvent.objects.create(
        submission=lead,
        actor=acting_user(ctx.actor),
        action="merged_in",
        from_state=lead.state,
        to_state=lead.state,
        comment=f"并入“{item.title}”（{item.code}）",
        data={"merged": item.pk, "joined": joined},
    )
    lead.version += 1
    lead.save(update_fields=["version", "updated_at"])
    notify_proposers(
        item,
        f"已并案：{item.title}",
        f"您提交的“{item.title}”与“{lead.title}”内容相近，已并案办理，答复将同时送达您。",
    )


EFFECTS = {"file": _file, "refuse": _refuse, "convert": _convert, "merge": _merge}
