"""The 走访 sheet (key: 日期 + 对象).

对象 names people of the office (one or several) or, when it names nobody on the roster, a unit.
A visit whose 情况 has no 后续 is a concern still open; one with 后续 has its result.
"""

from dataclasses import dataclass

from lianluo.activities.models import DatePrecision
from lianluo.core.access import acting_user
from lianluo.core.dates import PartialDate
from lianluo.people.models import Person
from lianluo.people.workbook import check_person_name, person_name_counts
from lianluo.visits.models import ConcernStatus, Visit, VisitMethod, raises_concern
from lianluo.workbook.cells import (
    CellError,
    cell_choice,
    cell_names,
    cell_text,
    join_list,
    row_date,
)
from lianluo.workbook.framework import Column, SheetCounts, SheetHandler, register_sheet

METHODS = {label: value for value, label in VisitMethod.choices}


@dataclass
class VisitRow:
    row: int
    date: PartialDate
    people: tuple[str, ...]  # sorted names once resolved; empty for a unit
    unit: str
    visitors: str
    method: str
    heard: str
    follow_up: str

    @property
    def key(self) -> tuple:
        return (self.date, self.people or (self.unit,))


def _stored_key(visit: Visit) -> tuple:
    names = tuple(sorted(p.name for p in visit.people.all()))
    return (visit.partial_date, names or (visit.unit,))


def _values(visit: Visit) -> tuple:
    return (visit.visitors, visit.method, visit.heard, visit.follow_up)


def concern_status_for(heard: str, follow_up: str) -> str:
    """What a ledger row's visit leaves to follow up: nothing unless 情况 raises a concern, then
    已有结果 when 后续 records one, else 跟进中."""
    if not raises_concern(heard):
        return ConcernStatus.NONE
    return ConcernStatus.RESOLVED if follow_up else ConcernStatus.OPEN


@register_sheet
class VisitSheet(SheetHandler):
    sheet = "走访"
    columns = (
        Column("日期", True, ("走访日期", "时间", "走访时间")),
        Column("对象", True, ("走访对象", "被走访人", "被走访对象")),
        Column("走访人", synonyms=("走访领导", "走访人员")),
        Column("方式", synonyms=("走访方式", "形式")),
        Column("情况", synonyms=("走访情况", "情况记录", "谈话内容", "反映情况", "诉求")),
        Column("后续", synonyms=("后续跟进", "办理结果", "处理结果", "跟进情况")),
    )
    hints = ("走访", "谈心")
    order = 70

    def parse(self, ctx, rows):
        parsed = []
        for row in rows:
            errors = len(ctx.errors)
            date = row_date(ctx, self.sheet, row, "日期")
            if date is None and len(ctx.errors) == errors:
                ctx.error(self.sheet, row.number, "日期", "请填写走访日期")
            targets = cell_names(row.get("对象"))
            if not targets:
                ctx.error(self.sheet, row.number, "对象", "请填写走访对象（人员姓名或单位）")
            try:
                method = cell_choice(row.get("方式"), METHODS, what="走访方式")
            except CellError as exc:
                ctx.error(self.sheet, row.number, "方式", str(exc))
                method = ""
            if len(ctx.errors) > errors:
                continue
            parsed.append(
                VisitRow(
                    row.number,
                    date,
                    tuple(targets),  # resolved to people or a unit in plan()
                    "",
                    cell_text(row.get("走访人")),
                    method,
                    cell_text(row.get("情况")),
                    cell_text(row.get("后续")),
                )
            )
        ctx.state["visit_rows"] = parsed

    def _resolve(self, ctx, rows: list[VisitRow]) -> list[VisitRow]:
        """对象: people of the office (the 人员 sheet applied), or one unknown name: a unit."""
        names = person_name_counts(ctx)
        resolved, seen = [], {}
        for row in rows:
            targets = row.people
            if len(targets) == 1 and names[targets[0]] == 0:
                row.people, row.unit = (), targets[0]
                ctx.warn(self.sheet, row.row, "对象", f"“{row.unit}”不在人员表中，按走访单位记录")
            elif all(
                check_person_name(ctx, names, self.sheet, row.row, "对象", n) for n in targets
            ):
                row.people = tuple(sorted(targets))
            else:
                continue
            if row.key in seen:
                ctx.error(self.sheet, row.row, "对象", f"与第{seen[row.key]}行是同一次走访")
                continue
            seen[row.key] = row.row
            resolved.append(row)
        return resolved

    def plan(self, ctx):
        org = ctx.state.get("organisation")
        stored = {}
        if org is not None:
            for visit in Visit.objects.filter(organisation=org).prefetch_related("people"):
                stored[_stored_key(visit)] = visit
        counts, changes = SheetCounts(), []
        for row in self._resolve(ctx, ctx.state["visit_rows"]):
            current = stored.get(row.key)
            wanted = (row.visitors, row.method, row.heard, row.follow_up)
            counts.plan(
                changes, current, row, same=current is not None and _values(current) == wanted
            )
        ctx.state["visit_changes"] = changes
        return counts

    def apply(self, ctx):
        org = ctx.state["organisation"]
        people = dict(Person.objects.filter(organisation=org).values_list("name", "id"))
        actor = acting_user(ctx.actor)
        for current, row in ctx.state["visit_changes"]:
            visit = current or Visit(
                organisation=org,
                date=row.date.first_day(),
                date_precision=DatePrecision.MONTH if row.date.is_month_only else DatePrecision.DAY,
                unit=row.unit,
                created_by=actor,
            )
            if current is None or current.follow_up != row.follow_up:
                visit.concern_status = concern_status_for(row.heard, row.follow_up)
            elif current.heard != row.heard and visit.concern_status == ConcernStatus.NONE:
                visit.concern_status = concern_status_for(row.heard, row.follow_up)
            visit.visitors, visit.method = row.visitors[:200], row.method
            visit.heard, visit.follow_up = row.heard, row.follow_up
            if current is not None:
                visit.version += 1
            visit.save()
            if current is None:
                visit.people.set([people[name] for name in row.people])

    def export_rows(self, ctx):
        visits = (
            Visit.objects.filter(organisation=ctx.organisation, date__year=ctx.year)
            .prefetch_related("people")
            .order_by("date", "id")
        )
        for visit in visits:
            yield [
                visit.partial_date.iso(),
                join_list(sorted(p.name for p in visit.people.all())) or visit.unit,
                visit.visitors or None,
                visit.get_method_display() or None,
                visit.heard or None,
                visit.follow_up or None,
            ]
