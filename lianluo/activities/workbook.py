"""The 活动 (key: 编号) and 出勤 (key: 活动编号 + 姓名) sheets of the liaison workbook."""

from collections import defaultdict
from dataclasses import dataclass

from lianluo.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    AttendanceEvent,
    AttendanceStatus,
    DatePrecision,
)
from lianluo.core.access import acting_user
from lianluo.core.bulk import update_rows
from lianluo.core.dates import DateParseError, parse_partial_date
from lianluo.people.models import Person
from lianluo.people.workbook import check_person_name, person_name_counts
from lianluo.workbook.cells import (
    CellError,
    cell_int,
    cell_list,
    cell_name,
    cell_names,
    cell_text,
    join_list,
)
from lianluo.workbook.framework import (
    Column,
    Derivation,
    SheetCounts,
    SheetHandler,
    register_sheet,
)

KIND_BY_LABEL = {label: value for value, label in ActivityKind.choices}
STATUS_BY_LABEL = {
    label: value for value, label in AttendanceStatus.choices if value != AttendanceStatus.INVITED
}
ACTIVITY_FIELDS = (
    "date",
    "date_precision",
    "year",
    "kind",
    "subject",
    "place",
    "partners",
    "headcount",
    "person_times",
    "suggestions_count",
    "outcome",
    "note",
)


def code_from_row(ctx, cells: dict) -> str:
    """An activity's 编号 when an office's ledger has none: its date and subject, the same on
    every import of the same ledger ("2024-03-08 学习全国两会精神")."""
    try:
        date = parse_partial_date(cells.get("日期"), default_year=ctx.state.get("year"))
    except DateParseError:
        date = None
    day = date.iso() if date else cell_text(cells.get("日期"))
    return f"{day} {cell_text(cells.get('主题'))}"[:50].strip()


@dataclass
class ActivityRow:
    row: int
    code: str
    values: dict


def _activity_values(ctx, row) -> dict | None:
    errors = len(ctx.errors)
    values: dict = {}
    try:
        date = parse_partial_date(row.get("日期"), default_year=ctx.state.get("year"))
        if date is None:
            ctx.error("活动", row.number, "日期", "请填写日期，如 2024-07-05 或 7月")
        else:
            values["date"] = date.first_day()
            values["date_precision"] = (
                DatePrecision.MONTH if date.is_month_only else DatePrecision.DAY
            )
            # The workbook's 年度 is the year its records belong to (spec/workbook.md): a forum on
            # 12月16日 that the office counts in the next year's work stays in that year, and the
            # office is told, so that a mistyped year is seen.
            year = ctx.state.get("year") or date.year
            values["year"] = year
            if year != date.year:
                ctx.warn(
                    "活动",
                    row.number,
                    "日期",
                    f"日期{date.chinese(with_year=True)}不在本表年度（{year}年）内，按本表年度计入{year}年的"
                    f"总结和统计；如日期有误，请改正后重新导入",
                )
    except DateParseError as exc:
        ctx.error("活动", row.number, "日期", str(exc))
    kind = cell_text(row.get("类型"))
    if kind not in KIND_BY_LABEL:
        ctx.error("活动", row.number, "类型", f"未知类型“{kind}”，可选：{'、'.join(KIND_BY_LABEL)}")
    values["kind"] = KIND_BY_LABEL.get(kind, "")
    values["subject"] = cell_text(row.get("主题"))
    if not values["subject"]:
        ctx.error("活动", row.number, "主题", "请填写活动主题")
    values["place"] = cell_text(row.get("地点"))
    values["partners"] = cell_list(row.get("合办单位"))
    for header, field in (
        ("参加人数", "headcount"),
        ("人次", "person_times"),
        ("收集意见建议", "suggestions_count"),
    ):
        try:
            values[field] = cell_int(row.get(header))
        except CellError as exc:
            ctx.error("活动", row.number, header, str(exc))
    values["outcome"] = cell_text(row.get("成果"))
    values["note"] = cell_text(row.get("备注"))
    return values if len(ctx.errors) == errors else None


@register_sheet
class ActivitySheet(SheetHandler):
    sheet = "活动"
    columns = (
        Column(
            "编号",
            True,
            ("活动编号",),
            derive=Derivation("按日期和主题自动编号", code_from_row),
        ),
        Column("日期", True, ("活动日期", "时间", "活动时间", "日期时间")),
        Column(
            "类型", True, ("活动类型", "类别", "活动类别", "形式", "活动形式"), tuple(KIND_BY_LABEL)
        ),
        Column(
            "主题",
            True,
            ("活动主题", "内容", "活动内容", "名称", "活动名称", "题目", "活动主题及内容"),
        ),
        Column("地点", synonyms=("活动地点", "地址")),
        Column("合办单位", synonyms=("联合单位", "协办单位", "参与单位")),
        Column("参加人数", synonyms=("人数", "参加人员数", "参会人数", "出席人数")),
        Column("人次", synonyms=("参加人次",)),
        Column("收集意见建议", synonyms=("意见建议", "意见建议数", "收集意见", "意见建议条数")),
        Column("成果", synonyms=("成效", "活动成效", "活动成果")),
        Column("备注", synonyms=("说明",)),
        # An office's own ledger often names who came in the activity's row.
        Column(
            "出席人员",
            synonyms=("参加人员", "参加委员", "出席委员", "参会人员", "参加人员名单", "参加代表"),
            liaison=False,
        ),
        Column("请假人员", synonyms=("请假委员", "请假代表"), liaison=False),
    )
    hints = ("活动", "台账")
    order = 30

    def parse(self, ctx, rows):
        parsed: list[ActivityRow] = []
        seen: dict[str, int] = {}
        for row in rows:
            code = cell_text(row.get("编号"))
            if not code:
                ctx.error("活动", row.number, "编号", "请填写活动编号，出勤表用它对应活动")
                continue
            if code in seen:
                ctx.error("活动", row.number, "编号", f"与第{seen[code]}行的编号相同")
                continue
            seen[code] = row.number
            _named_attendance(ctx, row, code)
            values = _activity_values(ctx, row)
            if values is not None:
                parsed.append(ActivityRow(row.number, code, {k: v for k, v in values.items()}))
        ctx.state["activity_rows"] = parsed
        ctx.state["activity_codes_named"] = set(seen)  # rows with errors of their own included
        ctx.state["activity_headcounts"] = {a.code: a.values.get("headcount") for a in parsed}

    def plan(self, ctx):
        org = ctx.state.get("organisation")
        existing = {a.code: a for a in Activity.objects.filter(organisation=org)} if org else {}
        counts = SheetCounts()
        creates, updates = [], []
        for item in ctx.state["activity_rows"]:
            current = existing.get(item.code)
            if current is None:
                creates.append(item)
                counts.created += 1
            elif any(getattr(current, f) != item.values[f] for f in ACTIVITY_FIELDS):
                updates.append((current, item))
                counts.updated += 1
            else:
                counts.unchanged += 1
        ctx.state["activity_plan"] = (creates, updates)
        ctx.state["activity_codes"] = set(existing) | ctx.state["activity_codes_named"]
        return counts

    def apply(self, ctx):
        org = ctx.state["organisation"]
        creates, updates = ctx.state["activity_plan"]
        Activity.objects.bulk_create(
            [Activity(organisation=org, code=item.code, **item.values) for item in creates],
            batch_size=2000,
        )
        for current, item in updates:
            for field in ACTIVITY_FIELDS:
                setattr(current, field, item.values[field])
        Activity.objects.bulk_update(
            [c for c, _ in updates], list(ACTIVITY_FIELDS), batch_size=2000
        )

    def export_rows(self, ctx):
        activities = Activity.objects.filter(organisation=ctx.organisation, year=ctx.year)
        for a in activities.order_by("date", "id"):
            yield [
                a.code,
                a.partial_date.iso(),
                a.get_kind_display(),
                a.subject,
                a.place or None,
                join_list(a.partners) or None,
                a.headcount,
                a.person_times,
                a.suggestions_count,
                a.outcome or None,
                a.note or None,
            ]


@dataclass
class AttendanceRow:
    row: int
    code: str
    name: str
    status: str
    note: str
    sheet: str = "出勤"  # where the row is: the 出勤 sheet, or an activity's 出席人员 cell
    column: str = "姓名"


# The columns of an activity's row that name its attendance, and the status they give.
NAMED_ATTENDANCE = (("出席人员", AttendanceStatus.PRESENT), ("请假人员", AttendanceStatus.LEAVE))


def _named_attendance(ctx, row, code: str) -> None:
    """An activity's 出席人员 and 请假人员 as attendance rows, checked with the 出勤 sheet's."""
    rows = ctx.state.setdefault("attendance_rows", [])
    named: dict[str, str] = {}
    for column, status in NAMED_ATTENDANCE:
        for name in cell_names(row.get(column)):
            if name in named:
                ctx.error("活动", row.number, column, f"“{name}”已写在{named[name]}中")
                continue
            named[name] = column
            rows.append(AttendanceRow(row.number, code, name, status, "", "活动", column))


@register_sheet
class AttendanceSheet(SheetHandler):
    sheet = "出勤"
    columns = (
        Column("活动编号", True, ("编号",)),
        Column("姓名", True, ("委员姓名", "代表姓名")),
        Column("出勤", True, ("出勤情况", "考勤", "到会情况", "参加情况"), tuple(STATUS_BY_LABEL)),
        Column("备注", synonyms=("说明",)),
    )
    hints = ("出勤", "考勤", "签到")
    order = 40

    def parse(self, ctx, rows):
        parsed: list[AttendanceRow] = ctx.state.setdefault("attendance_rows", [])
        seen = {(item.code, item.name): item for item in parsed}
        for row in rows:
            code, name = cell_text(row.get("活动编号")), cell_name(row.get("姓名"))
            label = cell_text(row.get("出勤"))
            problems = len(ctx.errors)
            if not code:
                ctx.error("出勤", row.number, "活动编号", "请填写活动编号")
            if not name:
                ctx.error("出勤", row.number, "姓名", "请填写姓名")
            if label not in STATUS_BY_LABEL:
                ctx.error(
                    "出勤",
                    row.number,
                    "出勤",
                    f"出勤应为{'、'.join(STATUS_BY_LABEL)}之一，现为“{label}”",
                )
            if (code, name) in seen:
                first = seen[(code, name)]
                where = (
                    f"第{first.row}行"
                    if first.sheet == "出勤"
                    else f"活动表第{first.row}行的{first.column}"
                )
                ctx.error("出勤", row.number, "姓名", f"与{where}重复")
            if len(ctx.errors) == problems:
                item = AttendanceRow(
                    row.number, code, name, STATUS_BY_LABEL[label], cell_text(row.get("备注"))
                )
                seen[(code, name)] = item
                parsed.append(item)

    def wanted(self, ctx):
        return bool(ctx.state.get("attendance_rows"))  # an activity ledger's 出席人员

    def plan(self, ctx):
        org = ctx.state.get("organisation")
        codes = ctx.state.get("activity_codes")
        if codes is None:  # the workbook has no 活动 sheet: only stored activities can be named
            codes = (
                set(Activity.objects.filter(organisation=org).values_list("code", flat=True))
                if org
                else set()
            )
        names = person_name_counts(ctx)
        stored_names = set(
            Person.objects.filter(organisation=org).values_list("name", flat=True) if org else ()
        )
        existing = {}
        if org is not None:
            for code, name, status, note in Attendance.objects.filter(
                activity__organisation=org
            ).values_list("activity__code", "person__name", "status", "note"):
                existing[(code, name)] = (status, note)
        counts = SheetCounts()
        present = defaultdict(int)
        changes = []
        for item in ctx.state["attendance_rows"]:
            if item.code not in codes:
                ctx.error(
                    "出勤", item.row, "活动编号", f"活动表和系统中都没有编号为“{item.code}”的活动"
                )
                continue
            if not check_person_name(ctx, names, item.sheet, item.row, item.column, item.name):
                continue
            if item.status == AttendanceStatus.PRESENT:
                present[item.code] += 1
            current = existing.get((item.code, item.name)) if item.name in stored_names else None
            if current is None:
                counts.created += 1
                changes.append(item)
            elif current != (item.status, item.note):
                counts.updated += 1
                changes.append(item)
            else:
                counts.unchanged += 1
        for code, headcount in ctx.state.get("activity_headcounts", {}).items():
            if headcount is not None and present.get(code) and present[code] != headcount:
                ctx.warn(
                    "活动",
                    None,
                    "参加人数",
                    f"活动{code}的参加人数为{headcount}，出勤表中出席{present[code]}人",
                )
        ctx.state["attendance_changes"] = changes
        return counts

    def apply(self, ctx):
        org = ctx.state["organisation"]
        activity_ids = dict(Activity.objects.filter(organisation=org).values_list("code", "id"))
        person_ids = dict(Person.objects.filter(organisation=org).values_list("name", "id"))
        changes = ctx.state["attendance_changes"]
        stored = {
            (a.activity_id, a.person_id): a
            for a in Attendance.objects.filter(activity__organisation=org)
        }
        new, changed, events = [], [], []
        actor = acting_user(ctx.actor)
        for item in changes:
            key = (activity_ids[item.code], person_ids[item.name])
            attendance = stored.get(key)
            if attendance is None:
                new.append(
                    Attendance(
                        activity_id=key[0], person_id=key[1], status=item.status, note=item.note
                    )
                )
                continue
            events.append(
                AttendanceEvent(
                    attendance=attendance,
                    actor=actor,
                    from_status=attendance.status,
                    to_status=item.status,
                    note="导入台账",
                )
            )
            attendance.status, attendance.note = item.status, item.note
            changed.append(attendance)
        Attendance.objects.bulk_create(new, batch_size=2000)
        update_rows(Attendance, ("status", "note"), ((a.pk, a.status, a.note) for a in changed))
        events.extend(
            AttendanceEvent(
                attendance=a, actor=actor, from_status="", to_status=a.status, note="导入台账"
            )
            for a in new
        )
        AttendanceEvent.objects.bulk_create(events, batch_size=2000)

    def export_rows(self, ctx):
        # Invitations not yet answered have no place in the workbook's 出席/请假/缺席.
        rows = (
            Attendance.objects.filter(
                activity__organisation=ctx.organisation, activity__year=ctx.year
            )
            .exclude(status=AttendanceStatus.INVITED)
            .order_by("activity__date", "activity_id", "id")
            .values_list("activity__code", "person__name", "status", "note")
        )
        for code, name, status, note in rows:
            yield [code, name, AttendanceStatus(status).label, note or None]
