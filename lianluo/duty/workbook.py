"""The 事迹 sheet (key: 姓名 + 内容): members' contributions, quantities with their units."""

from dataclasses import dataclass
from decimal import Decimal

from lianluo.activities.models import DatePrecision
from lianluo.core.access import acting_user
from lianluo.core.dates import PartialDate
from lianluo.core.numbers import normalise_money, plain_number
from lianluo.duty.models import Contribution, ContributionCategory
from lianluo.people.models import Person
from lianluo.people.workbook import check_person_name, person_name_counts
from lianluo.workbook.cells import (
    CellError,
    cell_choice,
    cell_decimal,
    cell_name,
    cell_text,
    row_date,
)
from lianluo.workbook.framework import Column, SheetCounts, SheetHandler, register_sheet

CATEGORIES = {label: value for value, label in ContributionCategory.choices}


@dataclass
class ContributionRow:
    row: int
    name: str
    date: PartialDate | None
    category: str
    text: str
    quantity: Decimal | None
    unit: str

    def values(self, year: int) -> tuple:
        return (
            self.date.first_day() if self.date else None,
            DatePrecision.MONTH if self.date and self.date.is_month_only else DatePrecision.DAY,
            self.date.year if self.date else year,
            self.category,
            self.quantity,
            self.unit,
        )


def _stored_values(item: Contribution) -> tuple:
    quantity = Decimal(str(item.quantity)) if item.quantity is not None else None
    return (item.date, item.date_precision, item.year, item.category, quantity, item.unit)


@register_sheet
class ContributionSheet(SheetHandler):
    sheet = "事迹"
    columns = (
        Column("姓名", True, ("委员姓名", "代表姓名")),
        Column("日期", synonyms=("时间",)),
        Column("类别", synonyms=("类型",)),
        Column("内容", True, ("事迹", "主要事迹", "事迹内容", "履职事迹")),
        Column("数量", synonyms=("金额", "数额")),
        Column("单位", synonyms=("计量单位",)),
    )
    order = 80
    hints = ("事迹", "履职")

    def parse(self, ctx, rows):
        parsed, seen = [], {}
        for row in rows:
            errors = len(ctx.errors)
            name, text = cell_name(row.get("姓名")), cell_text(row.get("内容"))
            if not name:
                ctx.error(self.sheet, row.number, "姓名", "请填写姓名")
            if not text:
                ctx.error(self.sheet, row.number, "内容", "请填写事迹内容")
            date = row_date(ctx, self.sheet, row, "日期")
            try:
                category = cell_choice(row.get("类别"), CATEGORIES, what="类别")
            except CellError as exc:
                ctx.error(self.sheet, row.number, "类别", str(exc))
                category = ""
            try:
                quantity = cell_decimal(row.get("数量"))
            except CellError as exc:
                ctx.error(self.sheet, row.number, "数量", str(exc))
                quantity = None
            unit = cell_text(row.get("单位"))
            if quantity is not None and not unit:
                ctx.error(self.sheet, row.number, "单位", "填写了数量，请同时填写单位（如 元、户）")
            if (name, text) in seen:
                ctx.error(self.sheet, row.number, "内容", f"与第{seen[(name, text)]}行重复")
            seen.setdefault((name, text), row.number)
            if len(ctx.errors) > errors:
                continue
            quantity, unit = normalise_money(quantity, unit)
            parsed.append(
                ContributionRow(
                    row.number, name, date, category or "other", text, quantity, unit[:10]
                )
            )
        ctx.state["contribution_rows"] = parsed

    def plan(self, ctx):
        org = ctx.state.get("organisation")
        year = ctx.state.get("year") or ctx.today.year
        names = person_name_counts(ctx)
        stored = {}
        if org is not None:
            for item in Contribution.objects.filter(organisation=org).select_related("person"):
                stored[(item.person.name, item.text)] = item
        counts, changes = SheetCounts(), []
        for row in ctx.state["contribution_rows"]:
            if not check_person_name(ctx, names, self.sheet, row.row, "姓名", row.name):
                continue
            current = stored.get((row.name, row.text))
            same = current is not None and _stored_values(current) == row.values(year)
            counts.plan(changes, current, row, same=same)
        ctx.state["contribution_changes"] = changes
        return counts

    def apply(self, ctx):
        org = ctx.state["organisation"]
        year = ctx.state.get("year") or ctx.today.year
        people = dict(Person.objects.filter(organisation=org).values_list("name", "id"))
        actor = acting_user(ctx.actor)
        for current, row in ctx.state["contribution_changes"]:
            item = current or Contribution(
                organisation=org, person_id=people[row.name], text=row.text, created_by=actor
            )
            (
                item.date,
                item.date_precision,
                item.year,
                item.category,
                item.quantity,
                item.unit,
            ) = row.values(year)
            item.save()

    def export_rows(self, ctx):
        items = (
            Contribution.objects.filter(organisation=ctx.organisation, year=ctx.year)
            .select_related("person")
            .order_by("id")
        )
        for item in items:
            yield [
                item.person.name,
                item.partial_date.iso() if item.partial_date else None,
                item.get_category_display(),
                item.text,
                _number(item.quantity),
                item.unit or None,
            ]


def _number(quantity):
    """A quantity as a number cell: 500000, not 500000.00."""
    if quantity is None:
        return None
    text = plain_number(quantity)
    return int(text) if "." not in text else float(text)
