"""The 接待 sheet (key: 嘉宾 + 班次): an event's guests, their arrivals and pickups.

A reception office's workbook holds one event per year: rows go to the office's event of
组织.年度 (the latest one that starts in that year, or a new one named after the office). A guest
or volunteer who is not on the roster is added to it with the role 嘉宾 or 志愿者.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from lianluo.core.access import acting_user
from lianluo.people.models import Person, PersonRole, RoleKind
from lianluo.people.services import person_create
from lianluo.people.workbook import person_name_counts
from lianluo.reception.models import (
    Guest,
    Pickup,
    PickupEvent,
    PickupStatus,
    ReceptionEvent,
    TravelLeg,
    TravelMode,
)
from lianluo.workbook.cells import (
    CellError,
    cell_choice,
    cell_datetime,
    cell_list,
    cell_text,
    join_list,
)
from lianluo.workbook.framework import Column, SheetCounts, SheetHandler, register_sheet

MODES = {label: value for value, label in TravelMode.choices}
STATUSES = {label: value for value, label in PickupStatus.choices}


@dataclass
class ReceptionRow:
    row: int
    guest: str
    title: str
    volunteer: str
    mode: str
    number: str
    planned: dt.datetime
    actual: dt.datetime | None
    status: str
    entourage: list[str]
    lodging: str
    note: str

    def values(self) -> tuple:
        return (
            self.title,
            self.volunteer,
            self.mode,
            self.planned,
            self.actual,
            self.status,
            tuple(self.entourage),
            self.lodging,
            self.note,
        )


def _stored(leg: TravelLeg) -> tuple:
    guest = leg.guest
    pickup = leg.current_pickup
    return (
        guest.title,
        guest.volunteer.name if guest.volunteer else "",
        leg.mode,
        leg.planned_at,
        leg.actual_at,
        pickup.status if pickup else PickupStatus.PENDING,
        tuple(guest.entourage),
        guest.lodging,
        guest.note,
    )


def _event_for(org, year: int, rows: list[ReceptionRow]) -> ReceptionEvent:
    event = (
        ReceptionEvent.objects.filter(organisation=org, starts_on__year=year)
        .order_by("-starts_on")
        .first()
    )
    days = [timezone.localtime(r.planned).date() for r in rows] or [dt.date(year, 1, 1)]
    if event is None:
        event = ReceptionEvent.objects.create(
            organisation=org, name=org.name, starts_on=min(days), ends_on=max(days)
        )
    return event


@register_sheet
class ReceptionSheet(SheetHandler):
    sheet = "接待"
    columns = (
        Column("嘉宾", True, ("嘉宾姓名", "来宾", "来宾姓名")),
        Column("单位职务", synonyms=("单位及职务", "工作单位及职务", "单位")),
        Column("联络员", synonyms=("志愿者", "对接人", "陪同人员")),
        Column("交通方式", synonyms=("抵达方式", "交通工具")),
        Column("班次", synonyms=("航班", "车次", "航班号", "航班车次")),
        Column("计划抵达", synonyms=("抵达时间", "预计抵达", "预计抵达时间", "计划抵达时间")),
        Column("实际抵达", synonyms=("实际抵达时间",)),
        Column("接站状态", synonyms=("接站情况", "状态")),
        Column("随行人员", synonyms=("随员",)),
        Column("住宿", synonyms=("酒店", "住宿酒店", "入住酒店")),
        Column("备注", synonyms=("说明",)),
    )
    hints = ("接待", "嘉宾", "接站")
    order = 90

    def parse(self, ctx, rows):
        parsed, seen = [], {}
        year = ctx.state.get("year")
        for row in rows:
            errors = len(ctx.errors)
            guest = cell_text(row.get("嘉宾"))
            if not guest:
                ctx.error(self.sheet, row.number, "嘉宾", "请填写嘉宾姓名")
            values = {}
            for column, choices, what in (
                ("交通方式", MODES, "交通方式"),
                ("接站状态", STATUSES, "接站状态"),
            ):
                try:
                    values[column] = cell_choice(row.get(column), choices, what=what)
                except CellError as exc:
                    ctx.error(self.sheet, row.number, column, str(exc))
            moments = {}
            for column in ("计划抵达", "实际抵达"):
                try:
                    moments[column] = cell_datetime(row.get(column), default_year=year)
                except CellError as exc:
                    ctx.error(self.sheet, row.number, column, str(exc))
            number = cell_text(row.get("班次")).upper().replace(" ", "")
            mode = values.get("交通方式") or (TravelMode.FLIGHT if number else TravelMode.OTHER)
            if mode in (TravelMode.FLIGHT, TravelMode.TRAIN) and not number:
                ctx.error(self.sheet, row.number, "班次", "乘飞机或火车的嘉宾请填写班次")
            if len(ctx.errors) == errors and moments.get("计划抵达") is None:
                ctx.error(self.sheet, row.number, "计划抵达", "请填写计划抵达的日期和时间")
            if (guest, number) in seen:
                ctx.error(self.sheet, row.number, "班次", f"与第{seen[(guest, number)]}行重复")
            seen.setdefault((guest, number), row.number)
            if len(ctx.errors) > errors:
                continue
            parsed.append(
                ReceptionRow(
                    row.number,
                    guest,
                    cell_text(row.get("单位职务"))[:200],
                    cell_text(row.get("联络员")),
                    mode,
                    number,
                    moments["计划抵达"],
                    moments.get("实际抵达"),
                    values.get("接站状态") or PickupStatus.PENDING,
                    cell_list(row.get("随行人员")),
                    cell_text(row.get("住宿"))[:200],
                    cell_text(row.get("备注"))[:300],
                )
            )
        ctx.state["reception_rows"] = parsed

    def plan(self, ctx):
        org = ctx.state.get("organisation")
        names = person_name_counts(ctx)  # a new name is added to the roster, not an error
        stored = {}
        if org is not None:
            legs = TravelLeg.objects.filter(guest__event__organisation=org).select_related(
                "guest__person", "guest__volunteer"
            )
            for leg in legs.prefetch_related("pickups"):
                stored[(leg.guest.person.name, leg.number)] = leg
        counts, changes = SheetCounts(), []
        for row in ctx.state["reception_rows"]:
            for column, name in (("嘉宾", row.guest), ("联络员", row.volunteer)):
                if name and names[name] > 1:
                    ctx.error(
                        self.sheet,
                        row.row,
                        column,
                        f"本组织有{names[name]}名“{name}”，无法确定是哪一位",
                    )
            current = stored.get((row.guest, row.number))
            counts.plan(
                changes, current, row, same=current is not None and _stored(current) == row.values()
            )
        ctx.state["reception_changes"] = changes
        return counts

    def apply(self, ctx):
        org = ctx.state["organisation"]
        year = ctx.state.get("year") or ctx.today.year
        changes = ctx.state["reception_changes"]
        if not changes:
            return
        event = _event_for(org, year, [row for _, row in changes])
        people = {p.name: p for p in Person.objects.filter(organisation=org)}
        actor = acting_user(ctx.actor)

        def person(name: str, role: str) -> Person:
            found = people.get(name)
            if found is None:
                found = people[name] = person_create(
                    actor=None, organisation=org, name=name, roles=[role]
                )
            elif not PersonRole.objects.filter(person=found, role=role).exists():
                PersonRole.objects.create(person=found, role=role)
            return found

        for current, row in changes:
            guest_person = person(row.guest, RoleKind.GUEST)
            volunteer = person(row.volunteer, RoleKind.VOLUNTEER) if row.volunteer else None
            guest = current.guest if current else None
            if guest is None:
                guest, _ = Guest.objects.get_or_create(event=event, person=guest_person)
            guest.title, guest.volunteer = row.title, volunteer
            guest.entourage, guest.lodging, guest.note = row.entourage, row.lodging, row.note
            guest.save()
            leg = current or TravelLeg(guest=guest, number=row.number)
            moved = leg.pk is None or leg.planned_at != row.planned
            leg.mode, leg.planned_at, leg.actual_at = row.mode, row.planned, row.actual
            if moved:
                leg.expected_at = row.planned
            leg.save()
            pickup = leg.pickups.order_by("-id").first()
            if pickup is None:
                pickup = Pickup.objects.create(
                    leg=leg, volunteer=volunteer, meet_at=row.planned, status=row.status
                )
                PickupEvent.objects.create(
                    pickup=pickup, actor=actor, to_status=row.status, note="导入台账"
                )
            elif pickup.status != row.status:
                from_status = pickup.status
                pickup.status = row.status
                pickup.version += 1
                pickup.save(update_fields=["status", "version", "updated_at"])
                PickupEvent.objects.create(
                    pickup=pickup,
                    actor=actor,
                    from_status=from_status,
                    to_status=row.status,
                    note=f"导入台账第{row.row}行",
                )

    def export_rows(self, ctx):
        legs = (
            TravelLeg.objects.filter(
                guest__event__organisation=ctx.organisation, planned_at__year=ctx.year
            )
            .select_related("guest__person", "guest__volunteer")
            .prefetch_related("pickups")
            .order_by("planned_at", "id")
        )
        for leg in legs:
            guest = leg.guest
            pickup = leg.current_pickup
            yield [
                guest.person.name,
                guest.title or None,
                guest.volunteer.name if guest.volunteer else None,
                leg.get_mode_display(),
                leg.number or None,
                _local(leg.planned_at),
                _local(leg.actual_at),
                pickup.get_status_display() if pickup else PickupStatus.PENDING.label,
                join_list(guest.entourage) or None,
                guest.lodging or None,
                guest.note or None,
            ]


def _local(moment) -> str | None:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else None
