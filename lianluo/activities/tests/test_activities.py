import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from lianluo.activities.models import (
    Activity,
    Attendance,
    AttendanceEvent,
    AttendanceStatus,
    DisciplineSettings,
)
from lianluo.activities.selectors import discipline_standings
from lianluo.activities.services import attendance_record
from lianluo.core.errors import ApplicationError
from lianluo.workbook.importer import workbook_import
from lianluo.workbook.tests.helpers import EXAMPLES, write_workbook

ORG = [["名称", "类型", "上级组织", "年度"], ["青石镇政协联络组", "政协联络组", "东江县政协", 2024]]
PEOPLE = [["姓名", "身份", "工作单位"], ["甲", "政协委员", "一厂"], ["乙", "政协委员", "二厂"]]


def _import(path):
    report = workbook_import(path=path, actor=None, dry_run=False)
    assert report.ok, report.errors
    return report


@pytest.mark.django_db
def test_qingshi_activities_keep_month_precision_and_attendance_adds_up():
    report = _import(EXAMPLES / "qingshi-2024.xlsx")
    org = report.organisation
    activities = Activity.objects.filter(organisation=org)
    assert activities.count() == 6
    assert [a.partial_date.chinese() for a in activities if a.kind == "inspection"] == [
        "6月",
        "7月",
    ]
    assert sum(a.suggestions_count or 0 for a in activities) == 8
    statuses = list(
        Attendance.objects.filter(activity__organisation=org).values_list("status", flat=True)
    )
    assert len(statuses) == 36
    assert (statuses.count("present"), statuses.count("leave"), statuses.count("absent")) == (
        33,
        2,
        1,
    )
    assert AttendanceEvent.objects.count() == 36  # each imported record starts its history


@pytest.mark.django_db
def test_qingshi_discipline_has_nobody_at_warning():
    org = _import(EXAMPLES / "qingshi-2024.xlsx").organisation
    standings = discipline_standings(organisation=org, as_of=dt.date(2024, 12, 31))
    assert all(s.level == "none" for s in standings)
    zhou = next(s for s in standings if s.name == "周建华")
    assert zhou.streak == 1 and zhou.evidence[0]["activity"] == "XX-6"


def _sequence(tmp_path, statuses: list[str], *, mandatory_unanswered: bool = False):
    activities = [["编号", "日期", "类型", "主题"]] + [
        [f"A{i}", f"2024-0{i + 1}-10", "集中学习", f"第{i + 1}次学习"] for i in range(len(statuses))
    ]
    attendance = [["活动编号", "姓名", "出勤"]] + [
        [f"A{i}", "甲", status] for i, status in enumerate(statuses)
    ]
    path = write_workbook(
        tmp_path / "s.xlsx", {"组织": ORG, "人员": PEOPLE, "活动": activities, "出勤": attendance}
    )
    return _import(path).organisation


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("statuses", "streak", "level"),
    [
        (["缺席", "请假", "缺席"], 2, "warning"),  # leave neither counts nor breaks the run
        (["缺席", "缺席", "出席"], 0, "none"),  # attending resets it
        (["缺席", "缺席", "缺席"], 3, "removal"),
        (["出席", "缺席"], 1, "none"),
        (["缺席", "缺席", "请假", "缺席"], 3, "removal"),
    ],
)
def test_discipline_follows_the_offices_rules(tmp_path, statuses, streak, level):
    org = _sequence(tmp_path, statuses)
    (standing,) = discipline_standings(organisation=org, as_of=dt.date(2024, 12, 31))
    assert (standing.streak, standing.level) == (streak, level)
    assert len(standing.evidence) == streak


@pytest.mark.django_db
def test_an_office_may_count_leave_and_as_of_looks_back(tmp_path):
    org = _sequence(tmp_path, ["缺席", "请假", "出席"])
    DisciplineSettings.objects.create(
        organisation=org, warning_streak=2, removal_streak=3, leave_counts=True
    )
    (standing,) = discipline_standings(organisation=org, as_of=dt.date(2024, 2, 28))
    assert (standing.streak, standing.level) == (2, "warning")
    (standing,) = discipline_standings(organisation=org, as_of=dt.date(2024, 12, 31))
    assert standing.level == "none"


@pytest.mark.django_db
def test_an_unanswered_mandatory_invitation_in_the_past_is_an_absence(tmp_path):
    org = _sequence(tmp_path, ["缺席"])
    activity = Activity.objects.create(
        organisation=org, code="B1", kind="study", subject="补充学习", date=dt.date(2024, 5, 1)
    )
    Attendance.objects.create(activity=activity, person=org.people.get(name="甲"))
    (standing,) = discipline_standings(organisation=org, as_of=dt.date(2024, 12, 31))
    assert (standing.streak, standing.level) == (2, "warning")


@pytest.mark.django_db
def test_discipline_command_prints_the_spec_json(tmp_path):
    _sequence(tmp_path, ["缺席", "请假", "缺席"])
    out = io.StringIO()
    call_command(
        "discipline",
        "--org",
        "青石镇政协联络组",
        "--as-of",
        "2024-12-31",
        "--format",
        "json",
        stdout=out,
    )
    payload = json.loads(out.getvalue())
    assert payload["org"] == "青石镇政协联络组" and payload["as_of"] == "2024-12-31"
    person = payload["people"][0]
    assert (person["name"], person["streak"], person["level"]) == ("甲", 2, "warning")
    assert [e["activity"] for e in person["evidence"]] == ["A0", "A2"]


@pytest.mark.django_db
def test_every_attendance_change_keeps_its_history(world):
    activity = Activity.objects.create(
        organisation=world.town_a, code="T1", kind="forum", subject="座谈", date=dt.date(2024, 5, 1)
    )
    attendance_record(actor=world.staff, activity=activity, person=world.person_a, status="absent")
    attendance_record(
        actor=world.staff, activity=activity, person=world.person_a, status="present", note="补签"
    )
    events = list(AttendanceEvent.objects.values_list("from_status", "to_status", "note"))
    assert events == [("invited", "absent", ""), ("absent", "present", "补签")]
    assert Attendance.objects.get().status == AttendanceStatus.PRESENT
    with pytest.raises(ApplicationError):
        attendance_record(
            actor=world.outsider, activity=activity, person=world.person_a, status="absent"
        )
    with pytest.raises(ApplicationError):
        attendance_record(
            actor=world.staff, activity=activity, person=world.person_b, status="absent"
        )


@pytest.mark.django_db
def test_bad_activity_and_attendance_rows_are_named(tmp_path):
    activities = [
        ["编号", "日期", "类型", "主题", "参加人数"],
        ["A1", "2024-13", "视察", "视察", None],
        ["A2", "7月份", "参观", "参观", "十"],
    ]
    attendance = [
        ["活动编号", "姓名", "出勤"],
        ["A9", "甲", "出席"],
        ["A2", "丙", "出席"],
        ["A2", "甲", "迟到"],
    ]
    path = write_workbook(
        tmp_path / "b.xlsx", {"组织": ORG, "人员": PEOPLE, "活动": activities, "出勤": attendance}
    )
    report = workbook_import(path=path, actor=None, dry_run=False)
    assert [str(e) for e in report.errors] == [
        "活动 行2 日期: 月份13不存在",
        "活动 行3 类型: 未知类型“参观”，可选：集中学习、自学、培训、列席会议、视察、考察、调研、座谈会、走访、旁听庭审、开放日、评议、督察、专项服务、帮扶、联谊、报告工作、其他",
        "活动 行3 参加人数: 应为整数，现为“十”",
        "出勤 行4 出勤: 出勤应为出席、请假、缺席之一，现为“迟到”",
        # Checked against the other sheets in the same pass, although 活动 has errors; row 3
        # names A2, whose own row has errors, and is not told it is unknown.
        "出勤 行2 活动编号: 活动表和系统中都没有编号为“A9”的活动",
        "出勤 行3 姓名: 人员表和系统中都没有“丙”",
    ]
    assert Activity.objects.count() == 0


@pytest.mark.django_db
def test_attendance_must_name_known_activities_and_people_and_headcounts_are_checked(tmp_path):
    activities = [
        ["编号", "日期", "类型", "主题", "参加人数"],
        ["A1", "2024-07-05", "视察", "视察工业园区", 5],
    ]
    attendance = [
        ["活动编号", "姓名", "出勤"],
        ["A9", "甲", "出席"],
        ["A1", "丙", "出席"],
        ["A1", "乙", "出席"],
    ]
    path = write_workbook(
        tmp_path / "c.xlsx", {"组织": ORG, "人员": PEOPLE, "活动": activities, "出勤": attendance}
    )
    report = workbook_import(path=path, actor=None, dry_run=True)
    assert [str(e) for e in report.errors] == [
        "出勤 行2 活动编号: 活动表和系统中都没有编号为“A9”的活动",
        "出勤 行3 姓名: 人员表和系统中都没有“丙”",
    ]
    attendance = [["活动编号", "姓名", "出勤"], ["A1", "乙", "出席"]]
    path = write_workbook(
        tmp_path / "d.xlsx", {"组织": ORG, "人员": PEOPLE, "活动": activities, "出勤": attendance}
    )
    report = workbook_import(path=path, actor=None, dry_run=True)
    assert report.ok
    assert "活动 参加人数: 活动A1的参加人数为5，出勤表中出席1人" in [
        str(w) for w in report.warnings
    ]


@pytest.mark.django_db
def test_yunling_activities_match_the_year_as_recorded():
    org = _import(EXAMPLES / "yunling-2024.xlsx").organisation
    by_kind: dict[str, list[Activity]] = {}
    for activity in Activity.objects.filter(organisation=org):
        by_kind.setdefault(activity.kind, []).append(activity)
    assert [a.partial_date.chinese() for a in by_kind["inspection"]] == [
        "1月16日",
        "2月",
        "10月27日",
        "11月13日",
    ]
    assert [a.partial_date.chinese() for a in by_kind["attend_as_guest"]] == ["4月13日"]
    (tour,) = by_kind["study_tour"]
    assert (tour.partial_date.chinese(), tour.suggestions_count) == ("5月26日", 8)
    assert len(by_kind["training"]) == 3 and len(by_kind["study"]) == 1
    assert sum(a.suggestions_count or 0 for a in Activity.objects.filter(organisation=org)) == 12


@pytest.mark.django_db
def test_the_demo_has_a_year_of_activities_and_a_member_at_warning():
    from django.utils import timezone

    from lianluo.core.demo import QINGSHAN, demo_load

    ctx = demo_load()
    org = ctx.orgs[QINGSHAN]
    assert Activity.objects.filter(organisation=org).count() == 6
    standings = discipline_standings(
        organisation=org, as_of=dt.date(timezone.localdate().year, 12, 31)
    )
    assert [(s.name, s.level) for s in standings if s.level != "none"] == [("黄德明", "warning")]


def test_an_upper_level_counts_its_subtree_each_office_by_its_own_rules(world):
    from lianluo.activities.selectors import discipline_tree_counts

    for org, person in ((world.town_a, world.person_a), (world.town_b, world.person_b)):
        for month in (1, 2):
            activity = Activity.objects.create(
                organisation=org,
                code=f"T{month}",
                kind="study",
                subject="学习",
                date=dt.date(2024, month, 5),
            )
            Attendance.objects.create(activity=activity, person=person, status="absent")
    DisciplineSettings.objects.create(organisation=world.town_b, warning_streak=1, removal_streak=2)
    counts = discipline_tree_counts(organisation=world.district, as_of=dt.date(2024, 12, 31))
    assert counts == {"warning": 1, "removal": 1}
    assert discipline_tree_counts(organisation=world.town_a, as_of=dt.date(2024, 12, 31)) == {
        "warning": 1,
        "removal": 0,
    }
