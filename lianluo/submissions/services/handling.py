"""Handling: assignment to lead and assisting units with a deadline, reporting and adoption of
public-opinion reports, a unit's objection, extensions, the assisting unit's view, the reply."""

from django.utils import timezone

from lianluo.core.access import acting_user, can_write_org
from lianluo.core.dates import add_months, add_working_days
from lianluo.core.errors import ApplicationError
from lianluo.core.text import normalize_text
from lianluo.core.transitions import Step
from lianluo.submissions.lifecycle import (
    HANDLER,
)
from lianluo.submissions.models import (
    Adoption,
    AdoptionLevel,
    Assignment,
    AssignmentRole,
    ExtensionRequest,
    ExtensionStatus,
    HandlingUnit,
    ReplyClass,
    SubmissionKind,
)
from lianluo.submissions.selectors import (
    submission_roles,
    viewer_assignments,
)
from lianluo.submissions.services.common import (
    MAX_HANDLING_MONTHS,
    notify_proposers,
    office_settings,
    require_reason,
)
from lianluo.submissions.services.intake import cosign_lapse_overdue


def unit_for(organisation, name: str) -> HandlingUnit:
    name = normalize_text(name)
    if not name:
        raise ApplicationError("请填写承办单位", field="lead_unit")
    unit, _ = HandlingUnit.objects.get_or_create(organisation=organisation, name=name[:100])
    return unit


def _assign(ctx: Step) -> None:
    item = ctx.record
    lead_name = ctx.need("lead_unit", "请填写主办单位")
    assisting = [n for n in ctx.data.get("assisting_units") or [] if normalize_text(n)]
    deadline = ctx.data.get("deadline") or add_months(
        ctx.today, office_settings(ctx).handling_months
    )
    if deadline <= ctx.today:
        raise ApplicationError("办理期限应晚于今天", field="deadline")
    if deadline > add_months(ctx.today, MAX_HANDLING_MONTHS):
        raise ApplicationError(f"办理期限最长{MAX_HANDLING_MONTHS}个月", field="deadline")
    if normalize_text(lead_name) in {normalize_text(n) for n in assisting}:
        raise ApplicationError("主办单位不能同时是协办单位", field="assisting_units")
    cosign_lapse_overdue(today=ctx.today, submission=item)
    withdrawn = list(item.assignments.filter(active=True).values_list("unit__name", flat=True))
    item.assignments.filter(active=True).update(active=False)
    units = [(unit_for(item.organisation, lead_name), AssignmentRole.LEAD)] + [
        (unit_for(item.organisation, n), AssignmentRole.ASSISTING) for n in dict.fromkeys(assisting)
    ]
    for unit, role in units:
        Assignment.objects.create(
            submission=item, unit=unit, role=role, assigned_on=ctx.today, deadline=deadline
        )
    item.deadline = deadline
    ctx.extra.update(
        lead=units[0][0].name,
        assisting=[u.name for u, _ in units[1:]],
        deadline=deadline.isoformat(),
        withdrawn=withdrawn,
    )
    ctx.comment = ctx.data.get("comment", "")
    if item.kind in (SubmissionKind.PROPOSAL, SubmissionKind.MOTION, SubmissionKind.SUGGESTION):
        notify_proposers(
            item,
            f"已交办：{item.title}",
            f"您提交的“{item.title}”已交{units[0][0].name}主办，"
            f"办理期限至{deadline:%Y年%m月%d日}。",
        )


def _report(ctx: Step) -> None:
    ctx.comment = ctx.need("comment", "请填写报送去向，如“报送区政协”")


def _adopt(ctx: Step) -> None:
    level = ctx.need("level", "请选择采用层级")
    if level not in AdoptionLevel.values:
        raise ApplicationError("采用层级有误", field="level")
    item = ctx.record
    if item.adoptions.filter(level=level).exists():
        raise ApplicationError(
            f"已登记过{AdoptionLevel(level).label}级采用", code="conflict", field="level"
        )
    adoption = Adoption.objects.create(
        submission=item,
        level=level,
        adopted_on=ctx.data.get("adopted_on"),
        adopted_by=normalize_text(ctx.data.get("adopted_by", ""))[:100],
        instruction=(ctx.data.get("instruction") or "").strip(),
        instructed_by=normalize_text(ctx.data.get("instructed_by", ""))[:100],
    )
    ctx.extra.update(level=level, adopted_on=str(adoption.adopted_on or ""))
    ctx.comment = f"被{AdoptionLevel(level).label}级采用" + (
        f"，{adoption.instructed_by}批示" if adoption.instruction else ""
    )
    notify_proposers(item, f"信息被采用：{item.title}", f"您报送的“{item.title}”{ctx.comment}。")


def _own_assignment(ctx: Step, role: str | None = None) -> Assignment:
    mine = viewer_assignments(ctx.actor, ctx.record)
    if role:
        mine = [a for a in mine if a.role == role]
    if not mine:
        label = "主办" if role == AssignmentRole.LEAD else ("协办" if role else "承办")
        raise ApplicationError(f"只有该事项的{label}单位可以这样做", code="forbidden")
    return mine[0]


def _object(ctx: Step) -> None:
    require_reason(ctx)
    assignment = _own_assignment(ctx)
    days = office_settings(ctx).objection_working_days
    window_end = add_working_days(assignment.assigned_on, days)
    if ctx.today > window_end:
        raise ApplicationError(
            f"交办后{days}个工作日内可提出异议，已于{window_end:%Y年%m月%d日}截止",
            code="conflict",
        )
    if assignment.objected_on:
        raise ApplicationError("已提出过异议，请等待重新交办", code="conflict")
    assignment.objection_reason, assignment.objected_on = ctx.comment[:300], ctx.today
    assignment.save(update_fields=["objection_reason", "objected_on"])
    ctx.extra["unit"] = assignment.unit.name


def _request_extension(ctx: Step) -> None:
    require_reason(ctx)
    new_date = ctx.need("date", "请填写申请延期到的日期")
    assignment = _own_assignment(ctx)
    if new_date <= assignment.deadline:
        raise ApplicationError("延期日期应晚于现在的办理期限", field="date")
    if new_date > add_months(assignment.assigned_on, MAX_HANDLING_MONTHS):
        raise ApplicationError(
            f"办理期限自交办起最长{MAX_HANDLING_MONTHS}个月，最晚"
            f"{add_months(assignment.assigned_on, MAX_HANDLING_MONTHS):%Y年%m月%d日}",
            field="date",
        )
    if assignment.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ApplicationError("已有一份延期申请待审批", code="conflict")
    request = ExtensionRequest.objects.create(
        assignment=assignment,
        requested_deadline=new_date,
        reason=ctx.comment[:300],
        requested_by=acting_user(ctx.actor),
    )
    ctx.extra.update(extension=request.pk, unit=assignment.unit.name, date=new_date.isoformat())


def _decide_extension(ctx: Step) -> None:
    request_id = ctx.need("extension", "请选择延期申请")
    request = (
        ExtensionRequest.objects.select_related("assignment__unit")
        .filter(pk=request_id, assignment__submission=ctx.record)
        .first()
    )
    if request is None or request.status != ExtensionStatus.PENDING:
        raise ApplicationError("该延期申请已处理或不存在", code="conflict")
    approve = bool(ctx.data.get("decision") == "approve")
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    request.decided_by, request.decided_at = acting_user(ctx.actor), timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        assignment = request.assignment
        assignment.deadline = request.requested_deadline
        assignment.save(update_fields=["deadline"])
        if assignment.role == AssignmentRole.LEAD:
            ctx.record.deadline = request.requested_deadline
    ctx.comment = ctx.data.get("comment", "")
    ctx.extra.update(
        extension=request.pk,
        unit=request.assignment.unit.name,
        approved=approve,
        date=request.requested_deadline.isoformat(),
    )


def _send_view(ctx: Step) -> None:
    ctx.comment = ctx.need("comment", "请填写协办意见")
    assignment = _own_assignment(ctx, AssignmentRole.ASSISTING)
    assignment.view_text, assignment.view_on = ctx.comment, ctx.today
    assignment.save(update_fields=["view_text", "view_on"])
    ctx.extra["unit"] = assignment.unit.name


def _reply(ctx: Step) -> None:
    reply_class = ctx.need("reply_class", "请选择答复类别（A/B/C/D）")
    if reply_class not in ReplyClass.values:
        raise ApplicationError("答复类别应为A、B、C或D", field="reply_class")
    text = ctx.need("reply_text", "请填写答复内容")
    item = ctx.record
    if (
        ctx.actor is not None
        and HANDLER in submission_roles(ctx.actor, item)
        and not can_write_org(ctx.actor, item.organisation)
    ):
        unit = _own_assignment(ctx, AssignmentRole.LEAD).unit.name
    else:
        lead = item.assignments.filter(active=True, role=AssignmentRole.LEAD).first()
        unit = lead.unit.name if lead else ""
    item.reply_class, item.reply_text = reply_class, text.strip()
    item.replied_on = ctx.data.get("replied_on") or ctx.today
    ctx.extra.update(reply_class=reply_class, unit=unit, round=item.handling_round)
    ctx.comment = text.strip()
    notify_proposers(
        item,
        f"已答复：{item.title}",
        f"{unit or '承办单位'}已答复您的“{item.title}”（{ReplyClass(reply_class).label}），"
        "请登录查看并评价办理结果。",
    )


EFFECTS = {
    "assign": _assign,
    "forward": _assign,
    "reassign": _assign,
    "report": _report,
    "adopt": _adopt,
    "object": _object,
    "request_extension": _request_extension,
    "decide_extension": _decide_extension,
    "send_view": _send_view,
    "reply": _reply,
}
