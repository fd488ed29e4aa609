"""Writing submissions and rectification items. Every state change goes through `submission_move`
or `rectification_move`, which run the tables of lifecycle.py through core.transitions: the row is
locked, the version checked, the move's requirements checked, and the move recorded as an event
that is never edited and in the audit."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from lianluo.activities.models import DatePrecision
from lianluo.audit.services import audit_diff, audit_record
from lianluo.core.access import acting_user, can_write_org, ensure_can_write, is_member
from lianluo.core.dates import add_months, add_working_days
from lianluo.core.errors import ApplicationError
from lianluo.core.text import normalize_text
from lianluo.core.transitions import Lifecycle, Step, run
from lianluo.core.uploads import DOCUMENT_TYPES, PHOTO_TYPES, check_upload
from lianluo.notifications.services import notify
from lianluo.people.models import Person
from lianluo.submissions.lifecycle import (
    HANDLER,
    MEMBER,
    MOVES,
    RECTIFICATION_MOVES,
    ROLE_LABELS,
    Move,
    refusal,
)
from lianluo.submissions.models import (
    Adoption,
    AdoptionLevel,
    Assignment,
    AssignmentRole,
    Confirmation,
    ExtensionRequest,
    ExtensionStatus,
    HandlingUnit,
    InternalNote,
    Period,
    Proposer,
    Rating,
    RectificationEvent,
    RectificationItem,
    ReplyClass,
    ReplyTemplate,
    Satisfaction,
    Submission,
    SubmissionCategory,
    SubmissionEvent,
    SubmissionFile,
    SubmissionKind,
    SubmissionSettings,
    SubmissionState,
)
from lianluo.submissions.selectors import (
    replying_proposers,
    settings_for,
    submission_roles,
    viewer_assignments,
)
from lianluo.submissions.similarity import submission_index

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


def submission_next_code(*, submission: Submission) -> str:
    """2026-TA001 per organisation, kind and year; 10-3-TA001 when term and session are known."""
    prefix = CODE_PREFIX[submission.kind]
    if submission.term and submission.session:
        stem = f"{submission.term}-{submission.session}-{prefix}"
    else:
        stem = f"{submission.year}-{prefix}"
    taken = Submission.objects.filter(
        organisation_id=submission.organisation_id, code__startswith=stem
    ).values_list("code", flat=True)
    numbers = [int(code[len(stem) :]) for code in taken if code[len(stem) :].isdigit()]
    return f"{stem}{max(numbers, default=0) + 1:03d}"


# Drafts and records ---------------------------------------------------------------------------


@dataclass
class SubmissionData:
    kind: str
    title: str
    body: str = ""
    category: SubmissionCategory | None = None
    proposers: list[Person] = field(default_factory=list)
    collective: bool = False
    term: int | None = None
    session: int | None = None
    period: str = ""
    publish_consent: bool = False
    suggested_units: list[str] = field(default_factory=list)
    is_key: bool = False
    is_excellent: bool = False
    note: str = ""


def _validate(data: SubmissionData, organisation) -> None:
    if data.kind not in SubmissionKind.values:
        raise ApplicationError("请选择类型", field="kind")
    if not normalize_text(data.title):
        raise ApplicationError("请填写标题", field="title")
    if data.period and data.period not in Period.values:
        raise ApplicationError("会间/会后填写有误", field="period")
    if data.category is not None and data.category.organisation_id != organisation.pk:
        raise ApplicationError("类别不属于本组织", field="category")
    if not data.proposers and not data.collective:
        raise ApplicationError("请选择提交人，或勾选“以组织名义提交”", field="proposers")
    for person in data.proposers:
        if person.organisation_id != organisation.pk:
            raise ApplicationError(f"{person.name}不是本组织的人员", field="proposers")


def _set_proposers(submission: Submission, people: list[Person]) -> None:
    wanted = list(dict.fromkeys(people))
    submission.proposers.exclude(person__in=wanted).delete()
    current = {p.person_id: p for p in submission.proposers.all()}
    for position, person in enumerate(wanted):
        row = current.get(person.pk)
        if row is None:
            Proposer.objects.create(submission=submission, person=person, position=position)
        elif row.position != position:
            row.position = position
            row.save(update_fields=["position"])


def _snapshot(submission: Submission) -> dict:
    return {
        name: getattr(submission, name)
        for name in EDIT_FIELDS
        if not isinstance(getattr(submission, name), dt.date)
    }


@transaction.atomic
def submission_save(
    *,
    actor,
    organisation,
    data: SubmissionData,
    submission: Submission | None = None,
    today: dt.date | None = None,
) -> Submission:
    """Create or change a submission's content. Members write their own drafts only (as first
    proposer); staff write any item of their organisation and set the key/excellent marks."""
    today = today or timezone.localdate()
    staff = actor is None or can_write_org(actor, organisation)
    if not staff:
        if not is_member(actor):
            raise ApplicationError("您没有在该组织中提交的权限", code="forbidden")
        if actor.person.organisation_id != organisation.pk:
            raise ApplicationError("只能向本人所在组织提交", code="forbidden")
        if submission is not None and submission.state != SubmissionState.DRAFT:
            raise ApplicationError(
                "已提交的事项不能再修改，如需更正请联系工作人员", code="conflict"
            )
        data.proposers = [actor.person, *[p for p in data.proposers if p.pk != actor.person_id]]
        data.collective = False
        if submission is not None:
            data.is_key, data.is_excellent = submission.is_key, submission.is_excellent
        else:
            data.is_key = data.is_excellent = False
    _validate(data, organisation)
    creating = submission is None
    if creating:
        submission = Submission(
            organisation=organisation, year=today.year, created_by=acting_user(actor)
        )
        before = {}
    else:
        before = _snapshot(submission)
    submission.kind = data.kind
    submission.title = normalize_text(data.title)[:200]
    submission.body = (data.body or "").strip()
    submission.category = data.category
    submission.collective = data.collective
    submission.term, submission.session, submission.period = data.term, data.session, data.period
    submission.publish_consent = data.publish_consent
    submission.suggested_units = [normalize_text(u) for u in data.suggested_units if u.strip()]
    submission.is_key, submission.is_excellent = data.is_key, data.is_excellent
    submission.note = normalize_text(data.note)[:300]
    if not creating:
        submission.version += 1
    submission.save()
    _set_proposers(submission, data.proposers)
    submission_index(submission)
    old, new = audit_diff(before, _snapshot(submission))
    audit_record(
        actor=actor,
        action="submission.created" if creating else "submission.updated",
        organisation=organisation,
        target=submission,
        before=old or None,
        after={**new, "proposers": [p.name for p in data.proposers]},
    )
    return submission


def submission_file_add(*, actor, submission: Submission, upload) -> SubmissionFile:
    roles = submission_roles(actor, submission)
    if not roles or roles == {HANDLER}:
        raise ApplicationError("您不能为该事项上传附件", code="forbidden")
    if MEMBER in roles and submission.state != SubmissionState.DRAFT and len(roles) == 1:
        raise ApplicationError("提交后如需补充材料，请联系工作人员", code="conflict")
    check_upload(
        upload,
        allowed={**DOCUMENT_TYPES, **PHOTO_TYPES},
        limit=settings.LIANLUO_ACTIVITY_FILE_MAX_BYTES,
    )
    name = upload.name.rsplit("/", 1)[-1][:200]
    file = SubmissionFile.objects.create(
        submission=submission, file=upload, name=name, uploaded_by=acting_user(actor)
    )
    audit_record(
        actor=actor,
        action="submission.file_added",
        organisation=submission.organisation,
        target=submission,
        after={"file": name},
    )
    return file


def internal_note_add(*, actor, submission: Submission, text: str) -> InternalNote:
    ensure_can_write(actor, submission.organisation, "只有本组织工作人员可以写内部备注")
    text = (text or "").strip()
    if not text:
        raise ApplicationError("请填写备注内容", field="text")
    return InternalNote.objects.create(submission=submission, author=acting_user(actor), text=text)


# Moves -----------------------------------------------------------------------------------------


def _settings(ctx: Step) -> SubmissionSettings:
    return settings_for(ctx.record.organisation)


def _notify_proposers(submission: Submission, subject: str, body: str) -> None:
    for proposer in replying_proposers(submission):
        notify(
            person=proposer.person,
            kind="submission",
            subject=subject,
            body=body,
            link=submission_link(submission),
        )


def _submit(ctx: Step) -> None:
    item = ctx.record
    if not item.collective and not item.proposers.exists():
        raise ApplicationError("请先选择提交人")
    item.submitted_on = ctx.data.get("date") or ctx.today
    item.date_precision = DatePrecision.DAY
    item.year = item.submitted_on.year
    if not item.code:
        item.code = submission_next_code(submission=item)
    by_member = ctx.actor is not None and not can_write_org(ctx.actor, item.organisation)
    if by_member:
        confirm_by = ctx.today + dt.timedelta(days=_settings(ctx).cosign_days)
        co_signers = item.proposers.exclude(person_id=ctx.actor.person_id)
        co_signers.update(confirmation=Confirmation.PENDING, confirm_by=confirm_by)
        for proposer in co_signers.select_related("person"):
            notify(
                person=proposer.person,
                kind="submission",
                subject=f"请确认联名：{item.title}",
                body=f"{ctx.actor.person.name}邀请您联名提交“{item.title}”，请于"
                f"{confirm_by:%Y年%m月%d日}前确认，逾期视为不联名。",
                link=submission_link(item),
            )
        ctx.extra["confirm_by"] = confirm_by.isoformat() if co_signers.exists() else None


def _confirm(ctx: Step) -> None:
    proposer = ctx.record.proposers.filter(person_id=ctx.actor.person_id).first()
    if proposer is None or proposer.confirmation != Confirmation.PENDING:
        raise ApplicationError("您没有待确认的联名", code="conflict")
    if proposer.confirm_by and proposer.confirm_by < ctx.today:
        raise ApplicationError("联名确认已过期", code="conflict")
    proposer.confirmation = Confirmation.CONFIRMED
    proposer.save(update_fields=["confirmation"])


def cosign_lapse_overdue(*, today: dt.date | None = None, submission=None) -> int:
    """Co-signatures not confirmed by their date lapse; the item goes on without them."""
    today = today or timezone.localdate()
    rows = Proposer.objects.filter(confirmation=Confirmation.PENDING, confirm_by__lt=today)
    if submission is not None:
        rows = rows.filter(submission=submission)
    return rows.update(confirmation=Confirmation.LAPSED)


def _file(ctx: Step) -> None:
    cosign_lapse_overdue(today=ctx.today, submission=ctx.record)
    if ctx.data.get("is_key"):
        ctx.record.is_key = True


def _with_reason(ctx: Step) -> None:
    ctx.comment = ctx.need("reason", "请填写理由")


def _refuse(ctx: Step) -> None:
    _with_reason(ctx)
    _notify_proposers(
        ctx.record,
        f"不予立案：{ctx.record.title}",
        f"您提交的“{ctx.record.title}”经审查不予立案。理由：{ctx.comment}",
    )


def _convert(ctx: Step) -> None:
    _with_reason(ctx)
    ctx.extra["from_kind"] = ctx.record.kind
    ctx.record.kind = SubmissionKind.SUGGESTION
    _notify_proposers(
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
    _notify_proposers(
        item,
        f"已并案：{item.title}",
        f"您提交的“{item.title}”与“{lead.title}”内容相近，已并案办理，答复将同时送达您。",
    )


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
    deadline = ctx.data.get("deadline") or add_months(ctx.today, _settings(ctx).handling_months)
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
        _notify_proposers(
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
    _notify_proposers(item, f"信息被采用：{item.title}", f"您报送的“{item.title}”{ctx.comment}。")


def _own_assignment(ctx: Step, role: str | None = None) -> Assignment:
    mine = viewer_assignments(ctx.actor, ctx.record)
    if role:
        mine = [a for a in mine if a.role == role]
    if not mine:
        label = "主办" if role == AssignmentRole.LEAD else ("协办" if role else "承办")
        raise ApplicationError(f"只有该事项的{label}单位可以这样做", code="forbidden")
    return mine[0]


def _object(ctx: Step) -> None:
    _with_reason(ctx)
    assignment = _own_assignment(ctx)
    window_end = add_working_days(assignment.assigned_on, _settings(ctx).objection_working_days)
    if ctx.today > window_end:
        raise ApplicationError(
            f"交办后{_settings(ctx).objection_working_days}个工作日内可提出异议，"
            f"已于{window_end:%Y年%m月%d日}截止",
            code="conflict",
        )
    if assignment.objected_on:
        raise ApplicationError("已提出过异议，请等待重新交办", code="conflict")
    assignment.objection_reason, assignment.objected_on = ctx.comment[:300], ctx.today
    assignment.save(update_fields=["objection_reason", "objected_on"])
    ctx.extra["unit"] = assignment.unit.name


def _request_extension(ctx: Step) -> None:
    _with_reason(ctx)
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
    _notify_proposers(
        item,
        f"已答复：{item.title}",
        f"{unit or '承办单位'}已答复您的“{item.title}”（{ReplyClass(reply_class).label}），"
        "请登录查看并评价办理结果。",
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
    if unsatisfied and item.handling_round < _settings(ctx).rehandle_limit:
        ctx.extra["previous_reply"] = {"class": item.reply_class, "text": item.reply_text}
        item.handling_round += 1
        item.reply_class, item.reply_text, item.replied_on = "", "", None
        deadline = add_months(ctx.today, _settings(ctx).handling_months)
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


EFFECTS: dict[str, Callable[[Step], str | None]] = {
    "submit": _submit,
    "confirm": _confirm,
    "file": _file,
    "refuse": _refuse,
    "convert": _convert,
    "merge": _merge,
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
    "rate": _rate,
    "close": _nothing,
    "close_report": _nothing,
}


def _authorise_move(actor, item: Submission, move: Move) -> None:
    if actor is None:
        return
    if not submission_roles(actor, item) & move.actors:
        who = "、".join(ROLE_LABELS[r] for r in sorted(move.actors))
        raise ApplicationError(f"只有{who}可以“{move.label}”", code="forbidden")


def _submission_event(step: Step, from_state: str, to_state: str) -> None:
    SubmissionEvent.objects.create(
        submission=step.record,
        actor=acting_user(step.actor),
        action=step.transition.name,
        from_state=from_state,
        to_state=to_state,
        comment=step.comment,
        data=step.extra,
    )


SUBMISSION_LIFECYCLE = Lifecycle(
    name="submission",
    model=Submission,
    transitions=MOVES,
    effects=EFFECTS,
    write_event=_submission_event,
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


# Office settings, categories, reply templates --------------------------------------------------


@transaction.atomic
def settings_update(*, actor, organisation, **values) -> SubmissionSettings:
    ensure_can_write(actor, organisation, "您没有修改该组织办理规则的权限")
    current = settings_for(organisation)
    before = {k: getattr(current, k) for k in values}
    for key, value in values.items():
        setattr(current, key, value)
    if not 1 <= current.handling_months <= MAX_HANDLING_MONTHS:
        raise ApplicationError("办理期限应为1至6个月", field="handling_months")
    current.save()
    old, new = audit_diff(before, values)
    audit_record(
        actor=actor,
        action="submission.settings_updated",
        organisation=organisation,
        target=current,
        before=old,
        after=new,
    )
    return current


def category_add(*, actor, organisation, name: str) -> SubmissionCategory:
    ensure_can_write(actor, organisation, "您没有修改该组织类别的权限")
    name = normalize_text(name)[:50]
    if not name:
        raise ApplicationError("请填写类别名称", field="name")
    category, _ = SubmissionCategory.objects.get_or_create(organisation=organisation, name=name)
    return category


def reply_template_add(*, actor, organisation, title: str, text: str) -> ReplyTemplate:
    ensure_can_write(actor, organisation, "您没有修改该组织答复模板的权限")
    if not normalize_text(title) or not (text or "").strip():
        raise ApplicationError("请填写模板名称和内容")
    return ReplyTemplate.objects.create(
        organisation=organisation, title=normalize_text(title)[:60], text=text.strip()
    )


# Rectification ------------------------------------------------------------------------------


@dataclass
class RectificationData:
    opinion: str
    measure: str = ""
    owner: str = ""
    deadline: dt.date | None = None
    raised_by: list[Person] = field(default_factory=list)
    source_text: str = ""
    source_activity: object = None
    source_submission: Submission | None = None


@transaction.atomic
def rectification_save(
    *, actor, organisation, data: RectificationData, item: RectificationItem | None = None
) -> RectificationItem:
    ensure_can_write(actor, organisation, "您没有在该组织中登记整改事项的权限")
    if not (data.opinion or "").strip():
        raise ApplicationError("请填写意见内容", field="opinion")
    for person in data.raised_by:
        if person.organisation_id != organisation.pk:
            raise ApplicationError(f"{person.name}不是本组织的人员", field="raised_by")
    for source in (data.source_activity, data.source_submission):
        if source is not None and source.organisation_id != organisation.pk:
            raise ApplicationError("来源不属于本组织", field="source_text")
    creating = item is None
    if creating:
        item = RectificationItem(organisation=organisation, year=timezone.localdate().year)
    before = {"measure": item.measure, "owner": item.owner, "deadline": str(item.deadline or "")}
    item.opinion = data.opinion.strip()
    item.measure = (data.measure or "").strip()
    item.owner = normalize_text(data.owner)[:100]
    item.deadline = data.deadline
    item.source_text = normalize_text(data.source_text)[:100]
    item.source_activity = data.source_activity
    item.source_submission = data.source_submission
    if not creating:
        item.version += 1
    item.save()
    item.raised_by.set(data.raised_by)
    if creating:
        RectificationEvent.objects.create(
            item=item, actor=acting_user(actor), action="created", to_status=item.status
        )
    old, new = audit_diff(
        before, {"measure": item.measure, "owner": item.owner, "deadline": str(item.deadline or "")}
    )
    audit_record(
        actor=actor,
        action="rectification.created" if creating else "rectification.updated",
        organisation=organisation,
        target=item,
        before=old or None,
        after=new,
    )
    return item


def _rectification_result(ctx: Step) -> None:
    ctx.comment = ctx.need("result", "请填写整改结果")
    ctx.record.result = ctx.comment


def _rectification_feed_back(ctx: Step) -> None:
    item = ctx.record
    ctx.comment = ctx.need("comment", "请写明如何向提出人反馈")
    item.fed_back_on = ctx.today
    for person in item.raised_by.all():
        notify(
            person=person,
            kind="rectification",
            subject="您提出的意见已整改",
            body=f"您提出的意见“{item.opinion[:60]}”已整改：{item.result}",
        )


def _rectification_authorise(actor, item: RectificationItem, move) -> None:
    ensure_can_write(actor, item.organisation, "只有本组织工作人员可以更新整改事项")


def _rectification_event(step: Step, from_status: str, to_status: str) -> None:
    RectificationEvent.objects.create(
        item=step.record,
        actor=acting_user(step.actor),
        action=step.transition.name,
        from_status=from_status,
        to_status=to_status,
        comment=step.comment,
    )


RECTIFICATION_LIFECYCLE = Lifecycle(
    name="rectification",
    model=RectificationItem,
    transitions=RECTIFICATION_MOVES,
    effects={"complete": _rectification_result, "feed_back": _rectification_feed_back},
    write_event=_rectification_event,
    authorise=_rectification_authorise,
    audit=audit_record,
    noun="整改事项",
    stale="该整改事项刚刚已被他人更新，请刷新页面后再操作",
)


def rectification_move(
    *,
    actor,
    item: RectificationItem,
    move: str,
    version: int | None = None,
    data: dict | None = None,
    today: dt.date | None = None,
) -> RectificationItem:
    return run(
        RECTIFICATION_LIFECYCLE,
        actor=actor,
        record=item,
        name=move,
        version=version,
        data=data,
        today=today,
    )
