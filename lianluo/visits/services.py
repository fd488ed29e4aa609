"""Writes of visits: record one, record its result, the office's cadence. All audited."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from lianluo.activities.models import DatePrecision
from lianluo.audit.services import audit_record
from lianluo.core.access import acting_user, ensure_can_write
from lianluo.core.errors import ApplicationError
from lianluo.core.text import normalize_text
from lianluo.people.models import Person
from lianluo.visits.models import ConcernStatus, Visit, VisitSettings


@dataclass
class VisitData:
    date: dt.date
    method: str = ""
    kind: str = "office"
    visitors: str = ""
    people: list[Person] = field(default_factory=list)
    unit: str = ""
    heard: str = ""
    concern_open: bool = False  # what was heard needs a follow-up
    follow_up: str = ""
    month_only: bool = False


def _snapshot(visit: Visit) -> dict:
    return {
        "date": visit.date.isoformat(),
        "kind": visit.kind,
        "method": visit.method,
        "visitors": visit.visitors,
        "people": sorted(p.name for p in visit.people.all()),
        "unit": visit.unit,
        "heard": visit.heard,
        "concern_status": visit.concern_status,
        "follow_up": visit.follow_up,
    }


@transaction.atomic
def visit_save(
    *, actor, organisation, data: VisitData, visit: Visit | None = None, version: int | None = None
) -> Visit:
    """Record a visit or correct one. A visit names people of the office or a unit."""
    ensure_can_write(actor, organisation, "您没有在该组织登记走访的权限")
    unit = normalize_text(data.unit)
    if not data.people and not unit:
        raise ApplicationError("请选择走访对象，或填写走访单位", field="people")
    if any(p.organisation_id != organisation.pk for p in data.people):
        raise ApplicationError("走访对象只能是本组织名册中的人员", field="people")
    if data.date > timezone.localdate():
        raise ApplicationError("走访日期不能晚于今天", field="date")
    creating = visit is None
    if creating:
        visit = Visit(organisation=organisation, created_by=acting_user(actor))
        before = None
    else:
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        if version is not None and version != visit.version:
            raise ApplicationError("该走访记录刚刚已被他人修改，请刷新后再试", code="conflict")
        before = _snapshot(visit)
        visit.version += 1
    visit.date = data.date.replace(day=1) if data.month_only else data.date
    visit.date_precision = DatePrecision.MONTH if data.month_only else DatePrecision.DAY
    visit.kind, visit.method = data.kind, data.method
    visit.visitors = normalize_text(data.visitors)
    visit.unit = "" if data.people else unit
    visit.heard = data.heard.strip()
    visit.follow_up = data.follow_up.strip()
    if visit.concern_status != ConcernStatus.RESOLVED or not visit.follow_up:
        visit.concern_status = (
            ConcernStatus.OPEN if data.concern_open and visit.heard else ConcernStatus.NONE
        )
        visit.resolved_on = None
    visit.full_clean(exclude=["organisation", "created_by"])
    visit.save()
    visit.people.set(data.people)
    audit_record(
        actor=actor,
        action="visit.created" if creating else "visit.updated",
        target=visit,
        organisation=organisation,
        before=before,
        after=_snapshot(visit),
    )
    return visit


@transaction.atomic
def visit_resolve(
    *, actor, visit: Visit, result: str, on: dt.date | None = None, version: int | None = None
) -> Visit:
    """The concern heard on a visit has a result: it is recorded and the concern closed."""
    ensure_can_write(actor, visit.organisation, "您没有修改该走访记录的权限")
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    if version is not None and version != current.version:
        raise ApplicationError("该走访记录刚刚已被他人修改，请刷新后再试", code="conflict")
    if current.concern_status != ConcernStatus.OPEN:
        raise ApplicationError("该走访没有待跟进的问题", code="conflict")
    result = result.strip()
    if not result:
        raise ApplicationError("请填写跟进结果", field="result")
    current.follow_up = f"{current.follow_up}\n{result}".strip() if current.follow_up else result
    current.concern_status = ConcernStatus.RESOLVED
    current.resolved_on = on or timezone.localdate()
    current.version += 1
    current.save()
    audit_record(
        actor=actor,
        action="visit.resolved",
        target=current,
        organisation=current.organisation,
        after={"follow_up": current.follow_up},
    )
    return current


def visit_settings_update(*, actor, organisation, cadence: str) -> VisitSettings:
    ensure_can_write(actor, organisation, "您没有修改走访周期的权限")
    found, _ = VisitSettings.objects.update_or_create(
        organisation=organisation, defaults={"cadence": cadence}
    )
    found.full_clean()
    audit_record(
        actor=actor,
        action="visit.settings_updated",
        target=found,
        organisation=organisation,
        after={"cadence": cadence},
    )
    return found
