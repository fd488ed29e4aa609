"""Each kind of office writes its summary in its own genre: its sections, its words for its people,
one paragraph per kind of work, and nothing the records do not say."""

import datetime as dt
import re

import pytest

from lianluo.activities.models import Activity, ActivityKind, Attendance, AttendanceStatus
from lianluo.orgs.models import Organisation, OrganisationKind
from lianluo.orgs.services import org_create
from lianluo.people.services import person_create
from lianluo.rectification.models import RectificationItem, RectificationStatus
from lianluo.reports.compose import plain, signed_on
from lianluo.reports.genres import ALL_GENRES, COURT_OFFICE, CPPCC_GROUP, genre_for
from lianluo.reports.render import to_markdown
from lianluo.reports.selectors import current_text
from lianluo.reports.tests.helpers import import_example
from lianluo.visits.services import VisitData, visit_save
from lianluo.visits.workbook import concern_status_for
from lianluo.workbook.importer import workbook_import
from lianluo.workbook.tests.helpers import write_workbook

# A template meeting a title: "组织委员6名“阳光评议”座谈会", "组织委员14名代表委员视察".
BROKEN_FRAMES = re.compile(r"组织(?:委员|代表委员|代表)\d+名(?:“|代表|委员)")
ZERO = re.compile(r"(?<![\d.])0(?:次|人次|件|篇|名|条|项)")
CPPCC_ONLY = ("认真撰写提案，反映社情民意", "组织委员学习、视察、调研", "加强委员管理")


def _summary(organisation, year: int, today: dt.date) -> tuple[str, list[dict]]:
    title, sections, _ = current_text(organisation=organisation, year=year, fresh=True, today=today)
    return to_markdown(title, sections), sections


def _section(sections, key: str) -> str:
    """The words of one section, without its links."""
    return plain(next(s["text"] for s in sections if s["key"] == key))


def _activity(org, kind, subject, day, **fields):
    return Activity.objects.create(organisation=org, kind=kind, subject=subject, date=day, **fields)


@pytest.fixture
def court_year(db):
    """A court's liaison year like the real ones: 18 activities, six trial observations each
    followed by a "阳光评议" forum, three inspections, an open day, a report to the county people's
    congress; 12 members and 9 liaison contacts, 10 integrity supervisors; 12 opinions rectified;
    visits that were only 见面谈心; attendance recorded for two activities only."""
    court = org_create(actor=None, name="溪口县人民法院联络办", kind=OrganisationKind.COURT_OFFICE)
    members = [
        person_create(actor=None, organisation=court, name=f"委员{i:02d}", roles=("member",))
        for i in range(12)
    ]
    for i in range(9):
        person_create(actor=None, organisation=court, name=f"联络{i:02d}", roles=("contact",))
    for i in range(10):
        person_create(actor=None, organisation=court, name=f"监督{i:02d}", roles=("supervisor",))
    cases = [
        "一起故意伤害案",
        "一起民间借贷纠纷案",
        "一起交通肇事案",
        "一起盗窃案",
        "一起离婚纠纷案",
    ]
    cases.append("一起合同诈骗案")
    for month, case in enumerate(cases, start=3):
        _activity(
            court,
            ActivityKind.TRIAL_OBSERVATION,
            f"旁听{case}庭审",
            dt.date(2006, month, 11),
            headcount=5 + month % 2,
        )
        _activity(
            court,
            ActivityKind.FORUM,
            f"“阳光评议”座谈会({case})",
            dt.date(2006, month, 11),
            suggestions_count=2,
        )
    for month, subject in ((4, "县城区交通秩序"), (7, "诉讼服务中心建设"), (10, "执行工作")):
        _activity(court, ActivityKind.INSPECTION, subject, dt.date(2006, month, 20), headcount=14)
    _activity(court, ActivityKind.OPEN_DAY, "法院开放日", dt.date(2006, 9, 1), headcount=20)
    _activity(court, ActivityKind.REPORT_WORK, "向县人民代表大会报告法院工作", dt.date(2006, 2, 25))
    _activity(court, ActivityKind.OTHER, "座谈征求对法院工作的意见", dt.date(2006, 12, 5))
    recorded = Activity.objects.filter(organisation=court, kind=ActivityKind.INSPECTION)[:2]
    for activity in recorded:
        for person, status in zip(
            members, ("present", "present", "present", "leave"), strict=False
        ):
            Attendance.objects.create(activity=activity, person=person, status=status)
    for i in range(12):
        RectificationItem.objects.create(
            organisation=court,
            year=2006,
            opinion=f"意见{i}",
            measure=f"措施{i}",
            status=RectificationStatus.DONE if i < 9 else RectificationStatus.IN_PROGRESS,
        )
    for i, person in enumerate(members):
        visit_save(
            actor=None,
            organisation=court,
            data=VisitData(date=dt.date(2006, 11, 1 + i), method="home", people=[person],
                           heard="见面谈心"),
        )  # fmt: skip
    return court


def test_a_courts_summary_is_written_in_its_own_genre(court_year):
    text, sections = _summary(court_year, 2006, dt.date(2026, 12, 3))
    assert genre_for(court_year) is COURT_OFFICE
    for words in CPPCC_ONLY:
        assert words not in text
    assert "代表委员" in text and not BROKEN_FRAMES.search(text)
    hearings = _section(sections, "hearings")
    # one paragraph for the six trial observations with their person-times, one for the forums
    # after them: "一是……二是……"
    assert hearings.startswith("一是邀请代表委员旁听庭审6次、33人次。其中，")
    assert "\n二是召开座谈会6次，共收集意见建议12条。其中，" in hearings
    assert "其余3次" in text  # six of a kind: the notable ones named, the rest counted
    # the court reports its work; the members do not
    assert "向县人民代表大会报告法院工作" in text
    assert "组织委员向" not in text and "代表委员向" not in text
    # supervisors have their own section, not the roster sentence
    assert "聘请廉政监督员10名" in _section(sections, "supervisors")
    # the opinions and their rectification linked in one sentence
    assert "针对代表委员提出的12条意见，制定整改措施12项，其中已整改9项、整改中3项" in text
    # coverage over the members visited, not members and contacts together
    assert "覆盖代表委员12名（占12名的100.0%）" in text
    # a visit that was only 见面谈心 is no open concern
    assert "诉求" not in text and "已有结果0件" not in text
    # person-times and invitations said over the activities that have them
    assert "有考勤记录的2次活动共邀请代表委员8人次" not in text  # no management section for courts
    assert "有考勤记录的2次活动出勤率75.0%" in text
    assert "有人数记录的10次活动代表委员参加73人次" in text
    # the summary of 2006 is dated to its December, not to the day it was drafted
    assert text.rstrip().endswith("2006年12月")
    assert "的领导和指导下" not in text  # not "在X县政协的领导和指导下" for a court


def test_a_deputies_station_names_its_people_deputies(db):
    station = org_create(
        actor=None, name="东门社区人大代表联络站", kind=OrganisationKind.DEPUTY_STATION
    )
    deputies = [
        person_create(actor=None, organisation=station, name=name, roles=("deputy",))
        for name in ("代表甲", "代表乙", "代表丙")
    ]
    for month in (3, 6, 9):
        activity = _activity(
            station, ActivityKind.VISIT, "代表进站接待选民", dt.date(2025, month, 15),
            suggestions_count=4,
        )  # fmt: skip
        for person in deputies:
            Attendance.objects.create(
                activity=activity, person=person, status=AttendanceStatus.PRESENT
            )
    _activity(station, ActivityKind.INSPECTION, "老旧小区改造", dt.date(2025, 5, 8), headcount=3)
    text, sections = _summary(station, 2025, dt.date(2025, 12, 20))
    assert "委员" not in text
    assert "全年开展走访联系活动3次、9人次，共收集意见建议12条" in plain(
        _section(sections, "reception")
    )
    assert "5月8日，视察老旧小区改造，代表3名参加" in text
    assert "人大代表3名" in text and "代表参加活动12人次" in text
    assert text.rstrip().endswith("2025年12月20日")


def test_the_demo_events_reception_summary_states_guests_volunteers_pickups_delays(db):
    from django.utils import timezone

    from lianluo.demo.base import RECEPTION
    from lianluo.demo.load import demo_load

    demo_load()
    today = timezone.localdate()
    group = Organisation.objects.get(name=RECEPTION)
    text, sections = _summary(group, today.year, today)
    reception = _section(sections, "reception")
    assert "接待嘉宾5名（另有随行人员3名）" in reception
    assert "组织志愿者2名" in reception
    assert "安排接送站5人次" in reception and "已接到" in reception
    assert "遇MU5301延误，涉及嘉宾2人次，及时按新的抵达时间重新安排接站2次" in reception
    assert "尚有" in reception or "均已接到" in reception or "均按时接到" in reception
    assert "委员" not in reception
    # An event's group reports on the event it served, not on a year of its own.
    plan = next(s for s in sections if s["key"] == "plan")
    assert plan["heading"] == "下一步工作"
    opening = _section(sections, "opening")
    assert opening.endswith("现将接待工作总结如下：") and "全年" not in plain(text)


def test_every_summary_of_the_demo_and_the_examples_is_free_of_broken_frames(db):
    from django.utils import timezone

    from lianluo.demo.load import demo_load

    demo_load()
    import_example("qingshi-2024")
    import_example("yunling-2024")
    today = timezone.localdate()
    checked = 0
    for organisation in Organisation.objects.all():
        for year in (2024, today.year):
            text, sections = _summary(organisation, year, today)
            assert not BROKEN_FRAMES.search(text), organisation.name
            assert not ZERO.search(text), organisation.name
            if genre_for(organisation).people != "委员":
                for words in CPPCC_ONLY:
                    assert words not in text, organisation.name
            # prose, not a log: within an activities section no paragraph opens on a date
            for section in sections:
                if section["key"] in ("study", "work", "hearings", "open_court", "reception"):
                    for line in section["text"].split("\n"):
                        assert not re.match(r"\d+月", line), (organisation.name, line)
            checked += 1
    assert checked >= 14


def test_each_genre_is_data_with_its_own_sections_and_people():
    keys = [g.key for g in ALL_GENRES]
    assert len(set(keys)) == len(keys) == 6
    for genre in ALL_GENRES:
        sections = [s.key for s in genre.sections]
        assert len(set(sections)) == len(sections), genre.key
        # every activity ends up in a section: some section takes the rest
        if any("activities" in s.draws for s in genre.sections):
            assert any(s.rest for s in genre.sections), genre.key
    assert COURT_OFFICE.people == "代表委员" and CPPCC_GROUP.people == "委员"
    assert COURT_OFFICE.plan != CPPCC_GROUP.plan


def test_a_visit_of_courtesy_raises_no_concern():
    assert concern_status_for("见面谈心", "") == "none"
    assert concern_status_for("走访慰问，了解履职情况。", "") == "none"
    assert concern_status_for("学校周边交通安全", "") == "open"
    assert concern_status_for("反映企业用工紧张", "已向镇劳动保障所反映") == "resolved"


def test_a_summary_is_signed_in_its_year_or_its_december():
    assert signed_on(2024, dt.date(2025, 1, 10)) == "2025年1月10日"
    assert signed_on(2024, dt.date(2024, 12, 28)) == "2024年12月28日"
    assert signed_on(2006, dt.date(2026, 12, 3)) == "2006年12月"


def test_a_forum_of_the_december_before_is_in_the_year_it_is_counted_in(tmp_path, db):
    """A 2006 workbook whose year opens with a forum on 2005-12-16: the 2006 summary states it, with
    its year, and counts it; the 2005 summary does not."""
    path = write_workbook(
        tmp_path / "2006.xlsx",
        {
            "组织": [["名称", "类型", "年度"], ["白石镇政协联络组", "政协联络组", 2006]],
            "人员": [["姓名", "身份"], ["甲", "政协委员"], ["乙", "政协委员"]],
            "活动": [
                ["编号", "日期", "类型", "主题", "收集意见建议"],
                ["A1", "2005-12-16", "座谈会", "新老委员迎新座谈会", 4],
                ["A2", "2006-05-10", "视察", "镇区道路建设", 2],
            ],
        },
    )
    report = workbook_import(path=path, actor=None, dry_run=False)
    assert report.ok and len(report.warnings) == 1
    text, sections = _summary(report.organisation, 2006, dt.date(2006, 12, 20))
    work = _section(sections, "work")
    assert "2005年12月16日" in work and "新老委员迎新座谈会" in work
    assert "收集意见建议6条" in plain(text)
    earlier, _ = _summary(report.organisation, 2005, dt.date(2006, 12, 20))
    assert "迎新座谈会" not in earlier
