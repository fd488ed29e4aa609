"""The 提案建议 sheet of the workbook (key: 编号, else 类型 + 标题).

An import sets each record to what its row says and appends an "imported" event to the history
of every submission it creates or moves to another state; the history itself is never rewritten.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from lianluo.activities.models import DatePrecision
from lianluo.core.access import acting_user
from lianluo.core.dates import PartialDate, add_months
from lianluo.people.models import Person
from lianluo.people.workbook import check_person_name, person_name_counts
from lianluo.submissions.models import (
    Adoption,
    AdoptionLevel,
    Assignment,
    AssignmentRole,
    Proposer,
    Rating,
    Satisfaction,
    Submission,
    SubmissionEvent,
    SubmissionKind,
    SubmissionState,
)
from lianluo.submissions.selectors import settings_for
from lianluo.submissions.services import unit_for
from lianluo.submissions.similarity import submission_index
from lianluo.workbook.cells import (
    CellError,
    cell_choice,
    cell_list,
    cell_names,
    cell_text,
    join_list,
    row_date,
)
from lianluo.workbook.framework import Column, SheetCounts, SheetHandler, register_sheet

KINDS = {label: value for value, label in SubmissionKind.choices}
STATES = {label: value for value, label in SubmissionState.choices}
SATISFACTION = {label: value for value, label in Satisfaction.choices}
LEVEL_BY_LABEL = {label: value for value, label in AdoptionLevel.choices}
# "被市政协采用", "省级采用", "全国政协": the level is the place word the phrase names.
LEVEL_PATTERN = re.compile(r"全国|省|市|县|区")
LEVEL_ORDER = list(AdoptionLevel.values)


def adoption_levels(text: str) -> list[str]:
    """Adoption levels named in a cell: a list of 区/县/市/省/全国, or phrases naming them."""
    levels: list[str] = []
    for item in cell_list(text):
        found = LEVEL_PATTERN.findall(item)
        if not found:
            raise CellError(
                f"无法识别采用层级“{item}”，应为区、县、市、省、全国，或如“被市政协采用”"
            )
        for word in found:
            level = LEVEL_BY_LABEL[word]
            if level not in levels:
                levels.append(level)
    return sorted(levels, key=LEVEL_ORDER.index)


@dataclass
class SubmissionRow:
    row: int
    code: str
    kind: str
    title: str
    proposers: list[str]
    collective: bool
    submitted: PartialDate | None
    state: str
    units: list[str]
    levels: list[str]
    replied: PartialDate | None
    satisfaction: str
    note: str
    key: tuple = field(default=())

    def values(self) -> tuple:
        return (
            self.kind,
            self.title,
            tuple(self.proposers),
            self.collective,
            self.submitted.first_day() if self.submitted else None,
            self.state,
            tuple(self.units),
            tuple(self.levels),
            self.replied.first_day() if self.replied else None,
            self.satisfaction,
            self.note,
        )


def _stored_values(item: Submission) -> tuple:
    proposers = tuple(p.person.name for p in item.proposers.all() if p.joined_from_id is None)
    units = [a for a in item.assignments.all() if a.active]
    units.sort(key=lambda a: (a.role != AssignmentRole.LEAD, a.id))
    ratings = sorted(item.ratings.all(), key=lambda r: (-r.round, r.id))
    return (
        item.kind,
        item.title,
        proposers,
        item.collective,
        item.submitted_on,
        item.state,
        tuple(a.unit.name for a in units),
        tuple(sorted((a.level for a in item.adoptions.all()), key=LEVEL_ORDER.index)),
        item.replied_on,
        ratings[0].result if ratings else "",
        item.note,
    )


def _stored_submissions(org):
    if org is None:
        return []
    return list(
        Submission.objects.filter(organisation=org).prefetch_related(
            "proposers__person", "assignments__unit", "adoptions", "ratings"
        )
    )


def _key(code: str, kind: str, title: str) -> tuple:
    return ("code", code) if code else ("title", kind, title)


@register_sheet
class SubmissionSheet(SheetHandler):
    sheet = "提案建议"
    columns = (
        Column("编号", synonyms=("提案号", "案号", "提案编号", "编号号")),
        Column("类型", True, ("类别", "种类"), tuple(KINDS)),
        Column("标题", True, ("题目", "案由", "提案标题", "名称", "标题名称", "提案名称")),
        Column("提交人", True, ("提案人", "提出人", "建议人", "领衔人", "反映人", "报送人")),
        Column("提交日期", synonyms=("提交时间", "提出日期", "报送日期", "提出时间")),
        Column("状态", synonyms=("办理状态", "办理情况", "当前状态")),
        Column("承办单位", synonyms=("办理单位", "承办部门", "主办单位")),
        Column("采用", synonyms=("采用情况", "采纳情况", "批示情况")),
        Column("答复日期", synonyms=("答复时间", "办复日期", "办复时间")),
        Column("满意度", synonyms=("满意程度", "评价", "测评意见")),
        Column("备注", synonyms=("说明",)),
    )
    hints = ("提案", "建议", "社情民意")
    order = 50

    def parse(self, ctx, rows):
        parsed: list[SubmissionRow] = []
        seen: dict[tuple, int] = {}
        org_name = ctx.state.get("org_row", {}).get("name", "")
        for row in rows:
            errors = len(ctx.errors)
            code, title = cell_text(row.get("编号")), cell_text(row.get("标题"))
            values = {}
            for column, choices, what in (
                ("类型", KINDS, "类型"),
                ("状态", STATES, "状态"),
                ("满意度", SATISFACTION, "满意度"),
            ):
                try:
                    values[column] = cell_choice(row.get(column), choices, what=what)
                except CellError as exc:
                    ctx.error(self.sheet, row.number, column, str(exc))
            if not cell_text(row.get("类型")):
                ctx.error(self.sheet, row.number, "类型", f"请填写类型：{'、'.join(KINDS)}")
            if not title:
                ctx.error(self.sheet, row.number, "标题", "请填写标题")
            people = cell_names(row.get("提交人"))
            collective = org_name in people
            people = [p for p in people if p != org_name]
            if not people and not collective:
                ctx.error(
                    self.sheet, row.number, "提交人", "请填写提交人，或集体提交时填写本组织名称"
                )
            try:
                levels = adoption_levels(row.get("采用"))
            except CellError as exc:
                ctx.error(self.sheet, row.number, "采用", str(exc))
                levels = []
            submitted = row_date(ctx, self.sheet, row, "提交日期")
            replied = row_date(ctx, self.sheet, row, "答复日期")
            if replied is not None and replied.is_month_only:
                ctx.error(self.sheet, row.number, "答复日期", "答复日期请精确到日")
            kind = values.get("类型", "")
            state = values.get("状态") or SubmissionState.SUBMITTED
            if values.get("满意度") and not people:
                ctx.error(self.sheet, row.number, "满意度", "集体提交的事项没有可以评价的提交人")
            if levels and kind and kind != SubmissionKind.OPINION_REPORT:
                ctx.warn(self.sheet, row.number, "采用", "采用一般只登记社情民意信息")
            key = _key(code, kind, title)
            if key in seen:
                ctx.error(
                    self.sheet, row.number, "编号" if code else "标题", f"与第{seen[key]}行重复"
                )
                continue
            seen[key] = row.number
            if len(ctx.errors) == errors:
                parsed.append(
                    SubmissionRow(
                        row.number,
                        code,
                        kind,
                        title,
                        people,
                        collective,
                        submitted,
                        state,
                        cell_list(row.get("承办单位")),
                        levels,
                        replied,
                        values.get("满意度", ""),
                        cell_text(row.get("备注")),
                        key,
                    )
                )
        ctx.state["submission_rows"] = parsed

    def plan(self, ctx):
        names = person_name_counts(ctx)
        stored = {
            _key(item.code, item.kind, item.title): item
            for item in _stored_submissions(ctx.state.get("organisation"))
        }
        counts = SheetCounts()
        changes = []
        for item in ctx.state["submission_rows"]:
            if not all(
                check_person_name(ctx, names, self.sheet, item.row, "提交人", name)
                for name in item.proposers
            ):
                continue
            current = stored.get(item.key)
            same = current is not None and _stored_values(current) == item.values()
            counts.plan(changes, current, item, same=same)
        ctx.state["submission_changes"] = changes
        return counts

    def apply(self, ctx):
        org = ctx.state["organisation"]
        year = ctx.state.get("year") or ctx.today.year
        people = dict(Person.objects.filter(organisation=org).values_list("name", "id"))
        months = settings_for(org).handling_months
        actor = acting_user(ctx.actor)
        for current, row in ctx.state["submission_changes"]:
            item = current or Submission(organisation=org, code=row.code, created_by=actor)
            from_state = "" if current is None else current.state
            index = current is None or (current.title, current.body) != (row.title, item.body)
            item.kind, item.title, item.collective = row.kind, row.title, row.collective
            item.submitted_on = row.submitted.first_day() if row.submitted else None
            item.date_precision = (
                DatePrecision.MONTH if row.submitted and row.submitted.is_month_only else "day"
            )
            item.year = row.submitted.year if row.submitted else year
            item.state = row.state
            item.replied_on = row.replied.first_day() if row.replied else None
            item.note = row.note[:300]
            if current is not None:
                item.version += 1
            item.save()
            self._proposers(item, [people[name] for name in row.proposers])
            self._units(item, row.units, months)
            self._adoptions(item, row.levels)
            self._rating(item, row.satisfaction)
            if from_state != item.state:
                SubmissionEvent.objects.create(
                    submission=item,
                    actor=actor,
                    action="imported",
                    from_state=from_state,
                    to_state=item.state,
                    comment=f"导入台账第{row.row}行",
                )
            if index:
                submission_index(item)

    @staticmethod
    def _proposers(item: Submission, person_ids: list[int]) -> None:
        own = item.proposers.filter(joined_from__isnull=True)
        if list(own.values_list("person_id", flat=True)) == person_ids:
            return
        own.exclude(person_id__in=person_ids).delete()
        for position, person_id in enumerate(person_ids):
            Proposer.objects.update_or_create(
                submission=item, person_id=person_id, defaults={"position": position}
            )

    @staticmethod
    def _units(item: Submission, names: list[str], months: int) -> None:
        active = list(item.assignments.filter(active=True).order_by("role", "id"))
        active.sort(key=lambda a: (a.role != AssignmentRole.LEAD, a.id))
        if [a.unit.name for a in active] == names:
            return
        item.assignments.filter(active=True).update(active=False)
        assigned_on = item.submitted_on or dt.date(item.year, 1, 1)
        deadline = add_months(assigned_on, months)
        for position, name in enumerate(names):
            Assignment.objects.create(
                submission=item,
                unit=unit_for(item.organisation, name),
                role=AssignmentRole.LEAD if position == 0 else AssignmentRole.ASSISTING,
                assigned_on=assigned_on,
                deadline=deadline,
            )
        if names and item.deadline is None:
            item.deadline = deadline
            item.save(update_fields=["deadline"])

    @staticmethod
    def _adoptions(item: Submission, levels: list[str]) -> None:
        item.adoptions.exclude(level__in=levels).delete()
        present = set(item.adoptions.values_list("level", flat=True))
        Adoption.objects.bulk_create(
            [Adoption(submission=item, level=level) for level in levels if level not in present]
        )

    @staticmethod
    def _rating(item: Submission, result: str) -> None:
        if not result:
            return
        first = item.proposers.filter(joined_from__isnull=True).order_by("position").first()
        if first is None:
            return
        Rating.objects.update_or_create(
            submission=item,
            person_id=first.person_id,
            round=item.handling_round,
            defaults={"attitude": result, "result": result},
        )

    def export_rows(self, ctx):
        items = (
            Submission.objects.filter(organisation=ctx.organisation, year=ctx.year)
            .exclude(state=SubmissionState.DRAFT)
            .prefetch_related("proposers__person", "assignments__unit", "adoptions", "ratings")
            .order_by("submitted_on", "id")
        )
        for item in items:
            (kind, title, proposers, collective, _, state, units, levels, _, result, note) = (
                _stored_values(item)
            )
            names = ([ctx.organisation.name] if collective else []) + list(proposers)
            yield [
                item.code or None,
                SubmissionKind(kind).label,
                title,
                join_list(names),
                item.partial_date.iso() if item.partial_date else None,
                SubmissionState(state).label,
                join_list(units) or None,
                join_list(AdoptionLevel(level).label for level in levels) or None,
                item.replied_on.isoformat() if item.replied_on else None,
                Satisfaction(result).label if result else None,
                note or None,
            ]
