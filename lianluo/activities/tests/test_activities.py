import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse

from lianluo.accounts.models import User
from lianluo.activities.figures import year_figures
from lianluo.activities.models import (
    Activity,
    Attendance,
    AttendanceEvent,
    AttendanceStatus,
    DisciplineSettings,
)
from lianluo.activities.selectors import discipline_standings, discipline_tree_counts
from lianluo.activities.services import attendance_record
from lianluo.core.errors import ApplicationError
from lianluo.demo import province as scale_data
from lianluo.demo.province import PROVINCE, generate_scale
from lianluo.orgs.models import Organisation
from lianluo.workbook.framework import workbook_export
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
def test_a_re_imported_ledger_changes_attendance_and_keeps_its_history(tmp_path):
    org = _sequence(tmp_path, ["出席", "缺席"])
    assert _sequence(tmp_path, ["请假", "缺席"]) == org
    first = Attendance.objects.get(activity__organisation=org, activity__code="A0")
    assert (first.status, first.person.name) == (AttendanceStatus.LEAVE, "甲")
    assert Attendance.objects.get(activity__code="A1").status == AttendanceStatus.ABSENT
    moves = list(
        AttendanceEvent.objects.filter(attendance=first)
        .order_by("id")
        .values_list("from_status", "to_status", "note")
    )
    assert moves == [("", "present", "导入台账"), ("present", "leave", "导入台账")]


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

    from lianluo.demo.base import QINGSHAN
    from lianluo.demo.load import demo_load

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


def _runs_by_hand(attendances) -> dict[int, list[str]]:
    """Each person's run as DOMAIN.md counts it, walking their invitations in order."""
    runs: dict[int, list[str]] = {}
    for at in sorted(attendances, key=lambda a: (a.person_id, a.activity.date, a.activity_id)):
        run = runs.setdefault(at.person_id, [])
        settings = getattr(at.activity.organisation, "discipline_settings", None)
        if at.status == AttendanceStatus.PRESENT:
            run.clear()
        elif at.status == AttendanceStatus.ABSENT or (
            at.status == AttendanceStatus.INVITED and at.activity.mandatory
        ):
            run.append(at.activity.code)
        elif at.status == AttendanceStatus.LEAVE and settings and settings.leave_counts:
            run.append(at.activity.code)
    return runs


@pytest.mark.django_db
def test_every_run_of_a_generated_tree_equals_counting_by_hand(monkeypatch):
    """Every answer, mandatory and optional activities, several on one day, an office that counts
    leave; each office's standings and the upper level's counts, as of several dates."""
    for level, count in (("CITIES", 1), ("DISTRICTS", 2), ("TOWNSHIPS", 2)):
        monkeypatch.setattr(scale_data, level, count)  # four offices, each with a long history
    generate_scale(members=80, activities=120, seed=5)
    offices = list(Organisation.objects.filter(activities__isnull=False).distinct())
    DisciplineSettings.objects.create(
        organisation=offices[0], warning_streak=1, removal_streak=2, leave_counts=True
    )
    first = Activity.objects.order_by("date").first()
    Activity.objects.filter(
        pk__in=Activity.objects.filter(organisation=first.organisation)
        .order_by("-date")[:3]
        .values("pk")
    ).update(date=first.date)
    Activity.objects.filter(
        pk__in=list(Activity.objects.order_by("id").values_list("pk", flat=True))[::2]
    ).update(mandatory=False)
    unanswered = list(Attendance.objects.order_by("id").values_list("pk", flat=True))[::7]
    Attendance.objects.filter(pk__in=unanswered).update(status=AttendanceStatus.INVITED)
    dates = sorted({a.date for a in Activity.objects.all()})
    rows = list(
        Attendance.objects.select_related("activity__organisation__discipline_settings", "person")
    )
    statuses = {a.status for a in rows}
    assert {"present", "leave", "absent", "invited"} <= statuses
    assert any(a.status == "invited" and not a.activity.mandatory for a in rows)
    checked = 0
    for as_of in (dates[1], dates[len(dates) // 3], dates[-1]):
        for office in offices:
            expected = _runs_by_hand(
                [
                    a
                    for a in rows
                    if a.activity.organisation_id == office.pk and a.activity.date <= as_of
                ]
            )
            standings = discipline_standings(organisation=office, as_of=as_of)
            got = {s.person_id: [e["activity"] for e in s.evidence] for s in standings}
            assert got == expected, office.name
            checked += sum(1 for run in expected.values() if run)
        province = Organisation.objects.get(name=PROVINCE)
        tree = _runs_by_hand([a for a in rows if a.activity.date <= as_of])
        rules = {s.organisation_id: s for s in DisciplineSettings.objects.all()}
        person_org = {a.person_id: a.person.organisation_id for a in rows}
        want = {"warning": 0, "removal": 0}
        for person_id, run in tree.items():
            own = rules.get(person_org[person_id], DisciplineSettings())
            if len(run) >= own.removal_streak:
                want["removal"] += 1
            elif len(run) >= own.warning_streak:
                want["warning"] += 1
        assert discipline_tree_counts(organisation=province, as_of=as_of) == want
    assert checked > 20


@pytest.mark.django_db
def test_an_activity_dated_before_the_workbooks_year_counts_in_that_year_with_a_warning(tmp_path):
    """A forum on 2023-12-16 in the 2024 workbook opens the office's 2024 work: the workbook's 年度
    is the year its records belong to, and the office is told of the row."""
    activities = [
        ["编号", "日期", "类型", "主题"],
        ["A1", "2023-12-16", "座谈会", "迎新座谈会"],
        ["A2", "2024-03-15", "集中学习", "学习全国两会精神"],
    ]
    path = write_workbook(tmp_path / "y.xlsx", {"组织": ORG, "人员": PEOPLE, "活动": activities})
    report = _import(path)
    assert [str(w) for w in report.warnings] == [
        "活动 行2 日期: 日期2023年12月16日不在本表年度（2024年）内，按本表年度计入2024年的总结和统计；"
        "如日期有误，请改正后重新导入"
    ]
    forum = Activity.objects.get(code="A1")
    assert (forum.date, forum.year) == (dt.date(2023, 12, 16), 2024)
    assert Activity.objects.get(code="A2").year == 2024
    org = report.organisation
    assert year_figures(scope=Q(organisation=org), year=2024).total["activities"] == 2
    assert year_figures(scope=Q(organisation=org), year=2023).total["activities"] == 0
    # Exported with its own date under the 2024 workbook, it comes back in 2024 again.
    exported = tmp_path / "out.xlsx"
    workbook_export(organisation=org, year=2024, actor=None, path=exported)
    again = workbook_import(path=exported, actor=None, dry_run=True)
    assert again.ok and len(again.warnings) == 1


@pytest.mark.django_db
def test_staff_count_a_december_activity_in_the_next_year_and_not_two_years_off(client):
    org = _import(EXAMPLES / "qingshi-2024.xlsx").organisation
    staff = User.objects.create_user("s", password="x", organisation=org, role="staff")
    client.force_login(staff)
    form = {"kind": "forum", "subject": "新年座谈会", "when": "2024-12-20", "year": "2025"}
    response = client.post(reverse("activities:create"), {**form, "mandatory": "on"})
    activity = Activity.objects.get(subject="新年座谈会")
    assert response.status_code == 302 and (activity.date.year, activity.year) == (2024, 2025)
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "12月20日（2024年，计入2025年度）" in page
    # The date moved into 2025 with the year left blank: the year follows the date.
    edit = client.get(reverse("activities:edit", args=[activity.pk])).content.decode()
    assert 'name="year" value="2025"' in edit
    client.post(
        reverse("activities:edit", args=[activity.pk]), {**form, "when": "2025-01-05", "year": ""}
    )
    activity.refresh_from_db()
    assert (activity.date, activity.year) == (dt.date(2025, 1, 5), 2025)
    response = client.post(reverse("activities:edit", args=[activity.pk]), {**form, "year": "2027"})
    assert "所属年度只能是活动日期所在的2024年或其前后一年" in response.content.decode()
    activity.refresh_from_db()
    assert activity.year == 2025
