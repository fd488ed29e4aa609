"""Intake: an item is written (by a member or by staff for a paper submission), its files and
notes added, submitted, and its co-signers confirm or let their signature lapse."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lianluo.activities.models import DatePrecision
from lianluo.audit.services import audit_diff, audit_record
from lianluo.core.access import acting_user, can_write_org, ensure_can_write, is_member
from lianluo.core.errors import ApplicationError
from lianluo.core.text import normalize_text
from lianluo.core.transitions import Step
from lianluo.core.uploads import DOCUMENT_TYPES, PHOTO_TYPES, check_upload
from lianluo.notifications.services import notify
from lianluo.people.models import Person
from lianluo.submissions.lifecycle import (
    HANDLER,
    MEMBER,
)
from lianluo.submissions.models import (
    Confirmation,
    InternalNote,
    Period,
    Proposer,
    Submission,
    SubmissionCategory,
    SubmissionFile,
    SubmissionKind,
    SubmissionState,
)
from lianluo.submissions.selectors import (
    submission_roles,
)
from lianluo.submissions.services.common import (
    CODE_PREFIX,
    EDIT_FIELDS,
    office_settings,
    submission_link,
)
from lianluo.submissions.similarity import submission_index


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
        confirm_by = ctx.today + dt.timedelta(days=office_settings(ctx).cosign_days)
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


EFFECTS = {"submit": _submit, "confirm": _confirm}
