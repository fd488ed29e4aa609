"""The 整改 sheet of the workbook (key: 来源 + 意见): each row an opinion, its measure, owner,
deadline and state; an import appends an "imported" event to the history of what it changes."""

from dataclasses import dataclass

from lianluo.activities.models import Activity
from lianluo.core.access import acting_user
from lianluo.core.dates import PartialDate
from lianluo.people.models import Person
from lianluo.people.workbook import check_person_name, person_name_counts
from lianluo.rectification.models import RectificationEvent, RectificationItem, RectificationStatus
from lianluo.submissions.models import Submission
from lianluo.workbook.cells import (
    CellError,
    cell_choice,
    cell_names,
    cell_text,
    join_list,
    row_date,
)
from lianluo.workbook.framework import Column, SheetCounts, SheetHandler, register_sheet

RECTIFICATION_STATES = {label: value for value, label in RectificationStatus.choices}


@dataclass
class RectificationRow:
    row: int
    source: str
    opinion: str
    raised_by: list[str]
    measure: str
    owner: str
    deadline: PartialDate | None
    status: str


def _rectification_values(item: RectificationItem) -> tuple:
    return (
        tuple(sorted(p.name for p in item.raised_by.all())),
        item.measure,
        item.owner,
        item.deadline,
        item.status,
    )


@register_sheet
class RectificationSheet(SheetHandler):
    sheet = "整改"
    columns = (
        Column("来源", synonyms=("意见来源",)),
        Column("意见", True, ("意见建议", "问题", "意见内容", "存在问题")),
        Column("提出人", synonyms=("提出者",)),
        Column("整改措施", synonyms=("措施", "整改内容")),
        Column("责任部门", synonyms=("责任单位", "牵头部门")),
        Column("期限", synonyms=("整改期限", "完成时限", "时限")),
        Column("状态", synonyms=("整改状态", "整改情况", "完成情况")),
    )
    hints = ("整改",)
    order = 60

    def parse(self, ctx, rows):
        parsed, seen = [], {}
        for row in rows:
            errors = len(ctx.errors)
            source, opinion = cell_text(row.get("来源")), cell_text(row.get("意见"))
            if not opinion:
                ctx.error(self.sheet, row.number, "意见", "请填写意见内容")
            try:
                status = cell_choice(row.get("状态"), RECTIFICATION_STATES, what="状态")
            except CellError as exc:
                ctx.error(self.sheet, row.number, "状态", str(exc))
                status = ""
            deadline = row_date(ctx, self.sheet, row, "期限")
            if (source, opinion) in seen:
                ctx.error(self.sheet, row.number, "意见", f"与第{seen[(source, opinion)]}行重复")
            seen.setdefault((source, opinion), row.number)
            if len(ctx.errors) == errors:
                parsed.append(
                    RectificationRow(
                        row.number,
                        source,
                        opinion,
                        cell_names(row.get("提出人")),
                        cell_text(row.get("整改措施")),
                        cell_text(row.get("责任部门")),
                        deadline,
                        status or RectificationStatus.PENDING,
                    )
                )
        ctx.state["rectification_rows"] = parsed

    def plan(self, ctx):
        org = ctx.state.get("organisation")
        names = person_name_counts(ctx)
        stored = {}
        if org is not None:
            for item in (
                RectificationItem.objects.filter(organisation=org)
                .select_related("source_activity", "source_submission")
                .prefetch_related("raised_by")
            ):
                stored[(item.source_label, item.opinion)] = item
        counts, changes = SheetCounts(), []
        for row in ctx.state["rectification_rows"]:
            if not all(
                check_person_name(ctx, names, self.sheet, row.row, "提出人", n)
                for n in row.raised_by
            ):
                continue
            current = stored.get((row.source, row.opinion))
            wanted = (
                tuple(sorted(row.raised_by)),
                row.measure,
                row.owner,
                row.deadline.first_day() if row.deadline else None,
                row.status,
            )
            same = current is not None and _rectification_values(current) == wanted
            counts.plan(changes, current, row, same=same)
        ctx.state["rectification_changes"] = changes
        return counts

    def apply(self, ctx):
        org = ctx.state["organisation"]
        year = ctx.state.get("year") or ctx.today.year
        people = dict(Person.objects.filter(organisation=org).values_list("name", "id"))
        activities = dict(Activity.objects.filter(organisation=org).values_list("code", "id"))
        submissions = dict(
            Submission.objects.filter(organisation=org).exclude(code="").values_list("code", "id")
        )
        actor = acting_user(ctx.actor)
        for current, row in ctx.state["rectification_changes"]:
            item = current or RectificationItem(organisation=org, opinion=row.opinion, year=year)
            from_status = "" if current is None else current.status
            if current is None:
                item.source_activity_id = activities.get(row.source)
                item.source_submission_id = (
                    None if item.source_activity_id else submissions.get(row.source)
                )
                item.source_text = (
                    "" if item.source_activity_id or item.source_submission_id else row.source
                )
            item.measure, item.owner, item.status = row.measure, row.owner[:100], row.status
            item.deadline = row.deadline.first_day() if row.deadline else None
            if current is not None:
                item.version += 1
            item.save()
            item.raised_by.set([people[name] for name in row.raised_by])
            if from_status != item.status:
                RectificationEvent.objects.create(
                    item=item,
                    actor=actor,
                    action="imported",
                    from_status=from_status,
                    to_status=item.status,
                    comment=f"导入台账第{row.row}行",
                )

    def export_rows(self, ctx):
        items = (
            RectificationItem.objects.filter(organisation=ctx.organisation, year=ctx.year)
            .select_related("source_activity", "source_submission")
            .prefetch_related("raised_by")
            .order_by("id")
        )
        for item in items:
            yield [
                item.source_label or None,
                item.opinion,
                join_list(p.name for p in item.raised_by.all()) or None,
                item.measure or None,
                item.owner or None,
                item.deadline.isoformat() if item.deadline else None,
                item.get_status_display(),
            ]
