"""Writes: contributions, a new version of a points rule, a points adjustment. All audited."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lianluo.activities.models import DatePrecision
from lianluo.audit.services import audit_record
from lianluo.core.access import acting_user, ensure_can_write
from lianluo.core.errors import ApplicationError
from lianluo.core.numbers import normalise_money
from lianluo.duty.models import Contribution, PointAdjustment, PointRule, PointSource
from lianluo.duty.points import DEFAULT_RULES
from lianluo.people.models import Person


@dataclass
class ContributionData:
    person: Person
    text: str
    category: str = "other"
    date: dt.date | None = None
    month_only: bool = False
    year: int | None = None
    quantity: Decimal | None = None
    unit: str = ""


def _contribution_snapshot(item: Contribution) -> dict:
    return {
        "person": item.person.name,
        "year": item.year,
        "date": item.date.isoformat() if item.date else None,
        "category": item.category,
        "text": item.text,
        "quantity": str(item.quantity) if item.quantity is not None else None,
        "unit": item.unit,
    }


@transaction.atomic
def contribution_save(
    *, actor, organisation, data: ContributionData, item: Contribution | None = None
) -> Contribution:
    ensure_can_write(actor, organisation, "您没有在该组织登记履职事迹的权限")
    if data.person.organisation_id != organisation.pk:
        raise ApplicationError("只能为本组织名册中的人员登记事迹", field="person")
    text = data.text.strip()
    if not text:
        raise ApplicationError("请填写事迹内容", field="text")
    if data.quantity is not None and data.quantity < 0:
        raise ApplicationError("数量不能为负数", field="quantity")
    if data.quantity is not None and not data.unit.strip():
        raise ApplicationError("填写了数量，请同时填写单位（如 元、户）", field="unit")
    quantity, unit = normalise_money(data.quantity, data.unit.strip())
    year = data.date.year if data.date else data.year or timezone.localdate().year
    creating = item is None
    before = None if creating else _contribution_snapshot(item)
    item = item or Contribution(organisation=organisation, created_by=acting_user(actor))
    item.person, item.text, item.category = data.person, text, data.category
    item.year, item.quantity, item.unit = year, quantity, unit
    item.date = data.date.replace(day=1) if data.date and data.month_only else data.date
    item.date_precision = DatePrecision.MONTH if data.month_only else DatePrecision.DAY
    item.full_clean(exclude=["organisation", "person", "created_by"])
    item.save()
    audit_record(
        actor=actor,
        action="contribution.created" if creating else "contribution.updated",
        target=item,
        organisation=organisation,
        before=before,
        after=_contribution_snapshot(item),
    )
    return item


@transaction.atomic
def contribution_delete(*, actor, item: Contribution) -> None:
    ensure_can_write(actor, item.organisation, "您没有删除该事迹的权限")
    audit_record(
        actor=actor,
        action="contribution.deleted",
        target=item,
        organisation=item.organisation,
        before=_contribution_snapshot(item),
    )
    item.delete()


@transaction.atomic
def point_rule_set(
    *,
    actor,
    organisation,
    source: str,
    points: Decimal,
    cap: Decimal | None,
    effective_from: dt.date,
) -> PointRule:
    """A new version of one rule from a date; earlier lines keep the version of their date."""
    ensure_can_write(actor, organisation, "您没有修改积分规则的权限")
    if source not in DEFAULT_RULES:
        raise ApplicationError("没有这个积分项目", field="source")
    if not Decimal(-100) <= points <= Decimal(100):
        raise ApplicationError("分值应在 -100 到 100 之间", field="points")
    if cap is not None and cap <= 0:
        raise ApplicationError("年度上限应大于0，不设上限请留空", field="cap")
    rule, created = PointRule.objects.update_or_create(
        organisation=organisation,
        source=source,
        effective_from=effective_from,
        defaults={"points": points, "cap": cap, "created_by": acting_user(actor)},
    )
    audit_record(
        actor=actor,
        action="points.rule_set",
        target=rule,
        organisation=organisation,
        after={
            "source": source,
            "label": PointSource(source).label,
            "points": str(points),
            "cap": str(cap) if cap is not None else None,
            "effective_from": effective_from.isoformat(),
        },
    )
    return rule


@transaction.atomic
def point_adjustment_add(
    *, actor, person: Person, year: int, points: Decimal, reason: str
) -> PointAdjustment:
    ensure_can_write(actor, person.organisation, "您没有调整该人员积分的权限")
    reason = reason.strip()
    if not reason:
        raise ApplicationError("请填写调整理由", field="reason")
    if points == 0 or not Decimal(-100) <= points <= Decimal(100):
        raise ApplicationError("调整分值应在 -100 到 100 之间且不为0", field="points")
    item = PointAdjustment.objects.create(
        organisation=person.organisation,
        person=person,
        year=year,
        points=points,
        reason=reason,
        created_by=acting_user(actor),
    )
    audit_record(
        actor=actor,
        action="points.adjusted",
        target=person,
        organisation=person.organisation,
        after={"year": year, "points": str(points), "reason": reason},
    )
    return item
