"""The duty record, points line by line, rules from a date, rankings, contributions and the 事迹
sheet. Every figure is worked out by hand from the records the test writes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document

from lianluo.activities.services import activity_save, attendance_record
from lianluo.core.numbers import chinese_quantity
from lianluo.duty.models import Contribution
from lianluo.duty.points import person_lines, tree_totals
from lianluo.duty.selectors import duty_record
from lianluo.duty.services import (
    ContributionData,
    contribution_save,
    point_rule_set,
)
from lianluo.submissions.services import SubmissionData, submission_move, submission_save
from lianluo.workbook.framework import workbook_export
from lianluo.workbook.importer import workbook_import
from lianluo.workbook.tests.helpers import EXAMPLES, read_workbook, sheet_as_dicts

YEAR = 2025


def _activity(world, day, subject):
    return activity_save(
        actor=None, organisation=world.town_a, kind="forum", subject=subject, date=day
    )


@pytest.fixture
def year_of_duty(world):
    """周建华 in 2025: present twice, on leave once, absent once; first proposer of a filed
    proposal co-signed by 陈玉兰; a public-opinion report adopted by the city with an
    instruction; four contributions (cap 15 at 3 each); and one activity of 2024."""
    a, a2 = world.person_a, world.person_a2
    for day, status in (
        (dt.date(2025, 3, 1), "present"),
        (dt.date(2025, 4, 1), "present"),
        (dt.date(2025, 5, 1), "leave"),
        (dt.date(2025, 6, 1), "absent"),
        (dt.date(2024, 6, 1), "present"),
    ):
        activity = _activity(world, day, f"{day:%m}月座谈会")
        attendance_record(actor=None, activity=activity, person=a, status=status)
    proposal = submission_save(
        actor=None,
        organisation=world.town_a,
        data=SubmissionData(kind="proposal", title="关于冷链仓储的提案", proposers=[a, a2]),
        today=dt.date(2025, 2, 1),
    )
    submission_move(actor=None, submission=proposal, move="submit", today=dt.date(2025, 2, 1))
    proposal.proposers.update(confirmation="confirmed")
    submission_move(actor=None, submission=proposal, move="file", today=dt.date(2025, 2, 10))
    report = submission_save(
        actor=None,
        organisation=world.town_a,
        data=SubmissionData(kind="opinion_report", title="关于村道护栏的情况反映", proposers=[a]),
        today=dt.date(2025, 3, 1),
    )
    submission_move(actor=None, submission=report, move="submit", today=dt.date(2025, 3, 1))
    submission_move(
        actor=None,
        submission=report,
        move="report",
        data={"comment": "报送市政协"},
        today=dt.date(2025, 3, 5),
    )
    submission_move(
        actor=None,
        submission=report,
        move="adopt",
        data={
            "level": "city",
            "adopted_on": dt.date(2025, 4, 20),
            "instruction": "请交通局研究",
            "instructed_by": "副市长",
        },
        today=dt.date(2025, 4, 20),
    )
    for index in range(4):
        contribution_save(
            actor=None,
            organisation=world.town_a,
            data=ContributionData(
                person=a,
                text=f"捐助第{index + 1}项",
                category="donation",
                date=dt.date(2025, 7, index + 1),
                quantity=Decimal(250000),
                unit="元",
            ),
        )
    return {"proposal": proposal, "report": report}


# present 2×5 + leave 0 + absent −5 = 5; proposal: submitted 2 + filed first 15 = 17;
# report: submitted 2 + adopted by the city 10 + instruction 10 = 22; contributions 4×3=12.
EXPECTED_A = Decimal(5 + 17 + 22 + 12)
# 陈玉兰: co-proposer: submitted 2 + filed as co-proposer 3.
EXPECTED_A2 = Decimal(2 + 3)


def test_points_are_derived_line_by_line_from_their_sources(world, year_of_duty):
    lines = person_lines(world.person_a.pk, YEAR)
    assert sorted((line.source, line.points) for line in lines) == sorted(
        [
            ("attend_present", Decimal(5)),
            ("attend_present", Decimal(5)),
            ("attend_leave", Decimal(0)),
            ("attend_absent", Decimal(-5)),
            ("submission", Decimal(2)),
            ("filed_first", Decimal(15)),
            ("report", Decimal(2)),
            ("adopted_city", Decimal(10)),
            ("instruction", Decimal(10)),
            *[("contribution", Decimal(3))] * 4,
        ]
    )
    totals = tree_totals(world.district, YEAR)
    assert totals[world.person_a.pk] == EXPECTED_A
    assert totals[world.person_a2.pk] == EXPECTED_A2
    assert tree_totals(world.town_b, YEAR).get(world.person_a.pk) is None


def test_a_cap_bounds_a_rules_yearly_subtotal(world, year_of_duty):
    point_rule_set(
        actor=None,
        organisation=world.town_a,
        source="contribution",
        points=Decimal(5),
        cap=Decimal(12),
        effective_from=dt.date(2025, 1, 1),
    )
    # 4 contributions × 5 = 20, capped at 12: the total is unchanged at 12 for them.
    assert tree_totals(world.town_a, YEAR)[world.person_a.pk] == EXPECTED_A
    record = duty_record(world.person_a, YEAR)
    row = next(r for r in record.point_subtotals if r[0].startswith("履职事迹"))
    assert row[1:] == (4, Decimal(20), Decimal(12), True)


def test_a_rule_changed_from_a_date_counts_at_once_and_only_from_that_date(world, year_of_duty):
    point_rule_set(
        actor=world.staff,
        organisation=world.town_a,
        source="attend_present",
        points=Decimal(8),
        cap=None,
        effective_from=dt.date(2025, 4, 1),
    )
    # The March attendance keeps 5; April's now gives 8.
    assert tree_totals(world.town_a, YEAR)[world.person_a.pk] == EXPECTED_A + 3
    # Another office's rules do not change.
    point_rule_set(
        actor=None,
        organisation=world.town_b,
        source="attend_present",
        points=Decimal(50),
        cap=None,
        effective_from=dt.date(2025, 1, 1),
    )
    assert tree_totals(world.district, YEAR)[world.person_a.pk] == EXPECTED_A + 3


def test_an_adjustment_is_a_line_of_its_own_with_its_reason(client, world, year_of_duty):
    client.force_login(world.staff)
    url = reverse("duty:record", args=[world.person_a.pk]) + f"?year={YEAR}"
    client.post(url, {"points": "-3", "reason": ""})
    assert tree_totals(world.town_a, YEAR)[world.person_a.pk] == EXPECTED_A
    client.post(url, {"points": "-3", "reason": "补扣：一次活动迟到早退"})
    assert tree_totals(world.town_a, YEAR)[world.person_a.pk] == EXPECTED_A - 3
    page = client.get(url).content.decode()
    assert "补扣：一次活动迟到早退" in page and 'id="points-total">53<' in page


def test_the_members_record_page_is_their_own_and_nobody_elses(client, world, year_of_duty):
    client.force_login(world.member)
    response = client.get(reverse("duty:mine"), follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "我的履职档案" in page
    page = client.get(reverse("duty:record", args=[world.person_a.pk]), {"year": YEAR})
    text = page.content.decode()
    assert "关于冷链仓储的提案" in text and "市级采用" in text
    assert f'id="points-total">{EXPECTED_A}<' in text
    assert "捐助合计 100万元" in text
    for other in (world.person_a2, world.person_b):
        assert client.get(reverse("duty:record", args=[other.pk])).status_code == 404
    assert client.get(reverse("duty:ranking")).status_code == 404
    assert (
        client.post(
            reverse("duty:record", args=[world.person_a.pk]), {"points": "50", "reason": "自己加分"}
        ).status_code
        == 404
    )
    assert "自己加分" not in str(list(world.person_a.point_adjustments.values("reason")))


def test_staff_and_leaders_rank_within_office_group_and_sector(client, world, year_of_duty):
    client.force_login(world.leader)
    page = client.get(reverse("duty:ranking"), {"year": YEAR}).content.decode()
    assert page.index("周建华") < page.index("陈玉兰") and "乙镇政协联络办" in page
    assert client.get(reverse("duty:ranking"), {"year": YEAR, "by": "sector"}).status_code == 200
    assert client.get(reverse("duty:ranking"), {"year": YEAR, "by": "group"}).status_code == 200
    client.force_login(world.outsider)
    page = client.get(reverse("duty:ranking"), {"year": YEAR}).content.decode()
    assert "周建华" not in page
    assert client.get(reverse("duty:record", args=[world.person_a.pk])).status_code == 404


def test_the_record_prints_as_a_word_document(client, world, year_of_duty):
    client.force_login(world.staff)
    response = client.get(reverse("duty:record_docx", args=[world.person_a.pk]), {"year": YEAR})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "周建华2025年度履职档案" in text
    assert "受邀参加活动4次，出席2次，请假1次，缺席1次，出席率50.0%" in text
    assert f"积分合计{EXPECTED_A}分" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "关于冷链仓储的提案" in cells and "已立案" in cells


def test_money_reads_the_chinese_way():
    assert chinese_quantity(Decimal(500000), "元") == "50万元"
    assert chinese_quantity(Decimal(12345), "元") == "1.2345万元"
    assert chinese_quantity(Decimal(3000), "元") == "3000元"
    assert chinese_quantity(Decimal(120000000), "元") == "1.2亿元"
    assert chinese_quantity(Decimal(40), "户") == "40户"


def test_contributions_from_the_web_with_money_in_ten_thousands(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("duty:contribution_create"),
        {
            "person": world.person_a.pk,
            "category": "donation",
            "text": "为镇敬老院捐款",
            "date": "2025-10-01",
            "quantity": "3",
            "unit": "万元",
        },
    )
    assert response.status_code == 302
    item = Contribution.objects.get()
    assert (item.quantity, item.unit, item.year) == (Decimal(30000), "元", 2025)
    page = client.get(reverse("duty:contributions")).content.decode()
    assert "3万元" in page
    bad = client.post(
        reverse("duty:contribution_create"),
        {"person": world.person_a.pk, "category": "donation", "text": "x", "quantity": "3"},
    )
    assert "请同时填写单位" in bad.content.decode()
    client.force_login(world.outsider)
    assert client.get(reverse("duty:contribution_edit", args=[item.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["qingshi-2024", "yunling-2024"])
def test_the_contribution_sheet_imports_and_round_trips(name, tmp_path):
    path = EXAMPLES / f"{name}.xlsx"
    report = workbook_import(path=path, actor=None, dry_run=False)
    assert report.ok, report.errors
    rows = sheet_as_dicts(path, "事迹")
    assert report.counts["事迹"].created == len(rows)
    for row in rows:
        item = Contribution.objects.get(person__name=row["姓名"], text=row["内容"])
        assert item.get_category_display() == row["类别"] and item.year == 2024
        if row.get("数量") is not None:
            assert item.quantity == Decimal(row["数量"]) and item.unit == row["单位"]
    first = workbook_export(
        organisation=report.organisation, year=2024, actor=None, path=tmp_path / "1.xlsx"
    )
    again = workbook_import(path=first, actor=None, dry_run=False)
    assert again.counts["事迹"].unchanged == len(rows)
    assert again.counts["事迹"].created == again.counts["事迹"].updated == 0
    second = workbook_export(
        organisation=report.organisation, year=2024, actor=None, path=tmp_path / "2.xlsx"
    )
    assert read_workbook(first)["事迹"] == read_workbook(second)["事迹"]
    for before, after in zip(rows, sheet_as_dicts(first, "事迹"), strict=True):
        for column, value in before.items():
            assert after[column] == value, (column, value, after[column])


def test_a_member_sees_their_year_on_the_home_page_and_staff_reach_records_from_the_roster(
    client, world
):
    client.force_login(world.member)
    assert 'id="duty-record"' in client.get("/").content.decode()
    client.force_login(world.staff)
    page = client.get(reverse("people:detail", args=[world.person_a.pk])).content.decode()
    assert reverse("duty:record", args=[world.person_a.pk]) in page
    assert 'id="duty-record"' not in client.get("/").content.decode()
