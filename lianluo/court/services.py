"""Writes of court liaison: pairs, ledger entries, cases through plan and reply. All audited."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from lianluo.audit.services import audit_record
from lianluo.core.access import acting_user, ensure_can_write
from lianluo.core.dates import add_working_days
from lianluo.core.errors import ApplicationError
from lianluo.core.transitions import EventRows, Lifecycle, run
from lianluo.court.lifecycle import CASE_REFUSALS, CASE_TRANSITIONS
from lianluo.court.models import (
    CaseEvent,
    ConcernCase,
    Contact,
    ContactMethod,
    CourtSettings,
    Pairing,
)
from lianluo.court.selectors import settings_for
from lianluo.orgs.models import OrganisationKind
from lianluo.people.models import Person, RoleKind

CASE_EVENTS = EventRows(CaseEvent, record="case")


def records_court_liaison(organisation) -> bool:
    """Pairs, ledgers and cases of concern are kept by a court's liaison office."""
    return organisation.kind == OrganisationKind.COURT_OFFICE


def _ensure_court(organisation) -> None:
    if not records_court_liaison(organisation):
        raise ApplicationError("结对联络和关注案件由法院联络办登记", code="forbidden")


def deadline(settings: CourtSettings, start: dt.date, days: int) -> dt.date:
    if settings.working_days:
        return add_working_days(start, days)
    return start + dt.timedelta(days=days)


@transaction.atomic
def pairing_create(
    *, actor, organisation, staff: Person, person: Person, started_on: dt.date | None = None
) -> Pairing:
    ensure_can_write(actor, organisation, "您没有管理结对联络的权限")
    _ensure_court(organisation)
    if staff.organisation_id != organisation.pk or person.organisation_id != organisation.pk:
        raise ApplicationError("结对双方都应在本组织名册中", field="person")
    if not staff.roles.filter(role=RoleKind.STAFF).exists():
        raise ApplicationError(f"{staff.name}不是工作人员，不能作为联络人", field="staff")
    if staff.pk == person.pk:
        raise ApplicationError("不能与自己结对", field="person")
    try:
        with transaction.atomic():
            pairing = Pairing.objects.create(
                organisation=organisation,
                staff=staff,
                person=person,
                started_on=started_on or timezone.localdate(),
            )
    except IntegrityError as exc:
        raise ApplicationError(f"{staff.name}已与{person.name}结对", field="person") from exc
    audit_record(
        actor=actor,
        action="court.paired",
        target=pairing,
        organisation=organisation,
        after={"staff": staff.name, "person": person.name},
    )
    return pairing


@transaction.atomic
def pairing_end(*, actor, pairing: Pairing, on: dt.date | None = None) -> Pairing:
    ensure_can_write(actor, pairing.organisation, "您没有管理结对联络的权限")
    if pairing.ended_on:
        raise ApplicationError("该结对已经结束", code="conflict")
    pairing.ended_on = on or timezone.localdate()
    pairing.save(update_fields=["ended_on", "updated_at"])
    audit_record(
        actor=actor,
        action="court.unpaired",
        target=pairing,
        organisation=pairing.organisation,
        after={"ended_on": pairing.ended_on.isoformat()},
    )
    return pairing


@dataclass
class ContactData:
    date: dt.date
    method: str
    raised: str = ""
    handling: str = ""
    reply: str = ""


@transaction.atomic
def contact_add(*, actor, pairing: Pairing, data: ContactData) -> Contact:
    ensure_can_write(actor, pairing.organisation, "您没有登记联络台账的权限")
    if data.method not in ContactMethod.values:
        raise ApplicationError("请选择联络方式", field="method")
    if data.date > timezone.localdate():
        raise ApplicationError("联络日期不能晚于今天", field="date")
    if not (data.raised.strip() or data.handling.strip() or data.reply.strip()):
        raise ApplicationError("请至少填写反映的意见、办理情况或答复之一", field="raised")
    contact = Contact.objects.create(
        pairing=pairing,
        date=data.date,
        method=data.method,
        raised=data.raised.strip(),
        handling=data.handling.strip(),
        reply=data.reply.strip(),
        created_by=acting_user(actor),
    )
    audit_record(
        actor=actor,
        action="court.contacted",
        target=contact,
        organisation=pairing.organisation,
        after={"pair": str(pairing), "method": data.method, "raised": contact.raised},
    )
    return contact


@transaction.atomic
def case_register(
    *,
    actor,
    organisation,
    case_number: str,
    title: str,
    raised_by: list[Person],
    received_on: dt.date | None = None,
) -> ConcernCase:
    """Registered the day it arrives; its two deadlines follow the court's settings."""
    ensure_can_write(actor, organisation, "您没有登记关注案件的权限")
    _ensure_court(organisation)
    case_number, title = case_number.strip(), title.strip()
    if not case_number:
        raise ApplicationError("请填写案号", field="case_number")
    if not title:
        raise ApplicationError("请填写关注事项", field="title")
    if not raised_by:
        raise ApplicationError("请选择关注该案件的代表或委员", field="raised_by")
    if any(p.organisation_id != organisation.pk for p in raised_by):
        raise ApplicationError("关注人应在本组织名册中", field="raised_by")
    received_on = received_on or timezone.localdate()
    settings = settings_for(organisation)
    case = ConcernCase.objects.create(
        organisation=organisation,
        case_number=case_number,
        title=title,
        received_on=received_on,
        plan_due=deadline(settings, received_on, settings.plan_days),
        reply_due=deadline(settings, received_on, settings.reply_days),
        created_by=acting_user(actor),
    )
    case.raised_by.set(raised_by)
    CASE_EVENTS.opened(case, actor=actor, action="registered", state=case.status)
    audit_record(
        actor=actor,
        action="court.case_registered",
        target=case,
        organisation=organisation,
        after={"case_number": case_number, "title": title},
    )
    return case


def _case_step(step) -> None:
    case, name = step.record, step.transition.name
    text = step.need("text", "请填写办理方案" if name == "plan" else "请填写书面答复的内容")
    on = step.data.get("on") or step.today
    if on < case.received_on:
        raise ApplicationError("日期不能早于收到日期", field="on")
    if name == "plan":
        case.plan_text, case.planned_on = text, on
    else:
        case.reply_text, case.replied_on = text, on
    step.comment = text
    step.audit["text"] = text


CASE_LIFECYCLE = Lifecycle(
    name="court.case",
    model=ConcernCase,
    transitions=CASE_TRANSITIONS,
    effects={"plan": _case_step, "reply": _case_step},
    write_event=CASE_EVENTS,
    forbidden="您没有办理关注案件的权限",
    audit=audit_record,
    stale="该案件刚刚已被他人处理，请刷新后再试",
    refused=CASE_REFUSALS,
)


def case_advance(
    *,
    actor,
    case: ConcernCase,
    step: str,
    text: str,
    on: dt.date | None = None,
    version: int | None = None,
) -> ConcernCase:
    """`plan`: the handling plan is made; `reply`: the written procedural reply is sent."""
    return run(
        CASE_LIFECYCLE,
        actor=actor,
        record=case,
        name=step,
        data={"text": text, "on": on},
        version=version,
    )


def court_settings_update(*, actor, organisation, **values) -> CourtSettings:
    ensure_can_write(actor, organisation, "您没有修改法院联络设置的权限")
    found = settings_for(organisation)
    for field, value in values.items():
        setattr(found, field, value)
    found.full_clean()
    found.save()
    audit_record(
        actor=actor,
        action="court.settings_updated",
        target=found,
        organisation=organisation,
        after={k: str(v) for k, v in values.items()},
    )
    return found
