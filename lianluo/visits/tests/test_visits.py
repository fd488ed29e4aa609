"""Visits: a round's coverage checked by hand, concerns kept open until their result, the scope,
and the 走访 sheet."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lianluo.people.models import PersonStatus
from lianluo.people.services import person_create
from lianluo.visits.models import ConcernStatus, Visit
from lianluo.visits.selectors import round_coverage, round_for
from lianluo.visits.services import VisitData, visit_save
from lianluo.workbook.framework import workbook_export
from lianluo.workbook.importer import workbook_import
from lianluo.workbook.tests.helpers import EXAMPLES, read_workbook, sheet_as_dicts, write_workbook


def test_rounds_are_quarters_or_half_years():
    q = round_for(dt.date(2026, 11, 22), "quarter")
    assert (q.start, q.end, q.label, q.key) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
        "2026年第4季度",
        "2026-Q4",
    )
    assert round_for(dt.date(2026, 2, 28), "quarter").end == dt.date(2026, 3, 31)
    h = round_for(dt.date(2026, 5, 1), "half_year")
    assert (h.start, h.end, h.label) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30), "2026年上半年")
    assert q.previous("quarter").key == "2026-Q3" and q.previous("quarter").next("quarter") == q


@pytest.fixture
def roster(world):
    """Township A: 周建华 and 陈玉兰 (members), a liaison contact, a deputy, a member whose term
    ended, a member who joined after the round, and a staff member: five are due."""
    town = world.town_a
    contact = person_create(actor=None, organisation=town, name="何振东", roles=["contact"])
    deputy = person_create(actor=None, organisation=town, name="赵永福", roles=["deputy"])
    ended = person_create(
        actor=None, organisation=town, name="王老", roles=["member"], status=PersonStatus.TERM_ENDED
    )
    staff = person_create(actor=None, organisation=town, name="唐文博", roles=["staff"])
    late = person_create(actor=None, organisation=town, name="新委员", roles=["member"])
    late.roles.update(start_date=dt.date(2026, 12, 1))
    return {"contact": contact, "deputy": deputy, "ended": ended, "staff": staff, "late": late}


def _visit(world, day, people=(), unit="", **extra):
    return visit_save(
        actor=world.staff,
        organisation=world.town_a,
        data=VisitData(date=day, people=list(people), unit=unit, **extra),
    )


def test_the_coverage_of_a_quarter_counts_each_due_person_once(world, roster):
    q3 = round_for(dt.date(2026, 8, 1), "quarter")
    _visit(world, dt.date(2026, 7, 2), [world.person_a])
    _visit(world, dt.date(2026, 9, 30), [world.person_a, world.person_a2], method="forum")
    _visit(world, dt.date(2026, 6, 30), [roster["contact"]])  # the quarter before
    _visit(world, dt.date(2026, 8, 5), [roster["ended"], roster["staff"]])  # not due
    _visit(world, dt.date(2026, 8, 6), unit="甲镇农机厂")  # a unit
    coverage = round_coverage(world.town_a, q3)
    # Due: 周建华, 陈玉兰, 何振东, 赵永福 (新委员 joined in December): 2 of 4 visited.
    assert (coverage.due, coverage.visited, coverage.percent) == (4, 2, 50)
    assert [p.name for p in coverage.not_visited] == ["何振东", "赵永福"]


def test_the_coverage_page_lists_who_is_not_visited(client, world, roster):
    _visit(world, timezone.localdate(), [world.person_a])
    client.force_login(world.staff)
    page = client.get(reverse("visits:coverage")).content.decode()
    # Due this round: the two members, the contact, the deputy and 新委员 (joined 2026-12-01).
    assert 'id="visited">1<' in page and 'id="due">5<' in page
    assert "陈玉兰" in page.split('id="not-visited"')[1]
    assert "周建华" not in page.split('id="not-visited"')[1]
    # The district sees each township's coverage.
    client.force_login(world.admin)
    page = client.get(reverse("visits:coverage")).content.decode()
    assert "甲镇政协联络组" in page and "乙镇政协联络办" in page


def test_a_concern_stays_open_until_its_result_is_recorded(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("visits:create"),
        {
            "date": "2026-03-28",
            "kind": "office",
            "method": "home",
            "visitors": "唐文博",
            "people": [world.person_a.pk],
            "heard": "企业用工紧张",
            "concern_open": "on",
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.concern_status == ConcernStatus.OPEN
    listed = client.get(reverse("visits:list"), {"open_only": "on"}).content.decode()
    assert "周建华" in listed
    client.post(reverse("visits:detail", args=[visit.pk]), {"result": "", "version": 1})
    visit.refresh_from_db()
    assert visit.concern_status == ConcernStatus.OPEN
    client.post(
        reverse("visits:detail", args=[visit.pk]),
        {"result": "已向镇劳动保障所反映，组织专场招聘会", "version": visit.version},
    )
    visit.refresh_from_db()
    assert visit.concern_status == ConcernStatus.RESOLVED and "专场招聘会" in visit.follow_up
    assert "周建华" not in client.get(reverse("visits:list"), {"open_only": "on"}).content.decode()


def test_bad_visits_are_refused_with_a_reason(client, world):
    client.force_login(world.staff)
    page = client.post(reverse("visits:create"), {"date": "2026-03-28", "kind": "office"})
    assert "请选择走访对象" in page.content.decode()
    page = client.post(
        reverse("visits:create"),
        {"date": "2026-03-28", "kind": "office", "people": [world.person_b.pk]},
    )
    assert Visit.objects.count() == 0 and page.status_code == 200


def test_visits_stay_in_their_scope(client, world):
    visit = _visit(world, dt.date(2026, 3, 1), [world.person_a], heard="内部情况")
    for persona in ("outsider", "court_staff", "member", "handler"):
        client.force_login(getattr(world, persona))
        assert client.get(reverse("visits:detail", args=[visit.pk])).status_code == 404
        list_page = client.get(reverse("visits:list"))
        assert list_page.status_code == 404 or "内部情况" not in list_page.content.decode()
    client.force_login(world.leader)
    assert client.get(reverse("visits:detail", args=[visit.pk])).status_code == 200
    assert client.get(reverse("visits:edit", args=[visit.pk])).status_code == 404


@pytest.mark.django_db
def test_qingshi_visits_import_and_round_trip(tmp_path):
    path = EXAMPLES / "qingshi-2024.xlsx"
    report = workbook_import(path=path, actor=None, dry_run=False)
    assert report.ok, report.errors
    rows = sheet_as_dicts(path, "走访")
    assert report.counts["走访"].created == len(rows) == 3
    joint = Visit.objects.get(date=dt.date(2024, 11, 20))
    assert sorted(p.name for p in joint.people.all()) == ["吴秀英", "陈玉兰"]
    assert joint.get_method_display() == "座谈" and joint.concern_status == ConcernStatus.OPEN
    assert Visit.objects.get(date=dt.date(2024, 3, 28)).concern_status == ConcernStatus.RESOLVED
    first = workbook_export(
        organisation=report.organisation, year=2024, actor=None, path=tmp_path / "1.xlsx"
    )
    again = workbook_import(path=first, actor=None, dry_run=False)
    assert again.counts["走访"].unchanged == 3 and again.counts["走访"].created == 0
    second = workbook_export(
        organisation=report.organisation, year=2024, actor=None, path=tmp_path / "2.xlsx"
    )
    assert read_workbook(first)["走访"] == read_workbook(second)["走访"]
    for before, after in zip(
        sorted(rows, key=lambda r: r["日期"]), sheet_as_dicts(first, "走访"), strict=True
    ):
        assert {k: v for k, v in before.items() if k != "对象"} == {
            k: v for k, v in after.items() if k != "对象"
        }
        assert sorted(before["对象"].split("、")) == sorted(after["对象"].split("、"))


def _visit_book(tmp_path, rows):
    return write_workbook(
        tmp_path / "bad.xlsx",
        {
            "组织": [["名称", "类型", "年度"], ["测试镇政协联络组", "政协联络组", 2024]],
            "人员": [["姓名", "身份"], ["周建华", "政协委员"]],
            "走访": [["日期", "对象", "方式"], *rows],
        },
    )


@pytest.mark.django_db
def test_visit_rows_with_errors_name_their_row_and_write_nothing(tmp_path):
    path = _visit_book(
        tmp_path,
        [["2024-13-01", "周建华", "上门"], ["2024-03-02", "周建华", "飞鸽"], ["2024-03-03", None]],
    )
    report = workbook_import(path=path, actor=None, dry_run=False)
    messages = [str(e) for e in report.errors]
    assert any(m.startswith("走访 行2 日期") for m in messages)
    assert any(m.startswith("走访 行3 方式") and "上门" in m for m in messages)
    assert any(m.startswith("走访 行4 对象") for m in messages)
    assert Visit.objects.count() == 0

    path = _visit_book(
        tmp_path, [["2024-03-01", "周建华、查无此人", "上门"], ["2024-03-03", "镇农机厂", "座谈"]]
    )
    report = workbook_import(path=path, actor=None, dry_run=False)
    assert [str(e) for e in report.errors] == ["走访 行2 对象: 人员表和系统中都没有“查无此人”"]
    assert any("镇农机厂" in str(w) and "单位" in str(w) for w in report.warnings)
    assert Visit.objects.count() == 0


def test_the_home_page_shows_the_rounds_coverage(client, world, roster):
    _visit(world, timezone.localdate(), [world.person_a], heard="路灯不亮", concern_open=True)
    client.force_login(world.staff)
    page = client.get("/").content.decode()
    assert "走访" in page and "已走访 <strong>1</strong> / 5 人（20%）" in page
    assert "1 个走访中反映的问题待跟进" in page
    client.force_login(world.member)
    assert 'id="visit-coverage"' not in client.get("/").content.decode()


def test_an_upper_level_counts_each_office_as_the_office_does(world, roster):
    from lianluo.visits.selectors import coverage_by_office

    _visit(world, timezone.localdate(), [world.person_a, roster["contact"]])
    today = timezone.localdate()
    by_office = {
        c.organisation.pk: c for c in coverage_by_office(viewer=world.admin, round_day=today)
    }
    own = round_coverage(world.town_a, round_for(today, "quarter"))
    assert (by_office[world.town_a.pk].due, by_office[world.town_a.pk].visited) == (5, 2)
    assert (own.due, own.visited) == (5, 2)
    assert (by_office[world.town_b.pk].due, by_office[world.town_b.pk].visited) == (1, 0)
    assert world.court.pk not in by_office
