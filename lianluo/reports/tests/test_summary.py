"""The annual summary states what the records hold, as the genre writes it, and nothing else."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from lianluo.activities.models import Activity
from lianluo.orgs.models import Organisation
from lianluo.reports.compose import plain
from lianluo.reports.models import ReportVersion
from lianluo.reports.render import to_markdown
from lianluo.reports.selectors import current_text
from lianluo.reports.services import report_generate, report_section_update
from lianluo.reports.tests.helpers import import_example

TODAY = dt.date(2025, 1, 10)


def _summary(name: str) -> str:
    organisation = Organisation.objects.get(name=name)
    title, sections, _ = current_text(organisation=organisation, year=2024, fresh=True, today=TODAY)
    return to_markdown(title, sections)


@pytest.fixture
def qingshi(db):
    import_example("qingshi-2024")
    return _summary("青石镇政协联络组")


@pytest.fixture
def yunling(db):
    import_example("yunling-2024")
    return _summary("云岭市政协第二联络组")


def test_qingshi_summary_states_every_fact_of_its_records(qingshi):
    text = qingshi
    assert text.startswith("# 青石镇政协联络组2024年工作总结")
    assert "现有政协委员6名，来自农业、医药卫生、教育、无党派人士、经济5个界别" in text
    # four collective study sessions, each with its date and subject
    assert "全年组织集中学习4次、22人次" in text
    for day, subject in (
        ("3月15日", "学习全国两会精神"),
        ("6月20日", "学习政协章程和委员履职规定"),
        ("9月18日", "学习县政协全会精神"),
        ("12月10日", "学习中央经济工作会议精神"),
    ):
        assert f"{day}，{subject}" in text
    # two inspections recorded by month only: no invented day
    # one paragraph for the kind: the count and person-times first, then each inspection
    assert "全年组织委员视察2次、11人次，共收集意见建议8条：" in text
    assert "6月，视察白沙镇工业园区建设，委员6名参加，收集意见建议3条" in text
    assert "7月，参观本镇四大重点工程建设（青石镇），委员5名参加，收集意见建议5条" in text
    assert "6月1日" not in text and "7月1日" not in text
    assert "收集意见建议3条" in text and "收集意见建议5条" in text
    # attendance over six activities
    assert "共邀请委员36人次，出席33人次、请假2人次、缺席1人次，出勤率91.7%" in text
    # submissions: one opinion report adopted at county level, one joint suggestion rated 满意
    assert "报送社情民意信息1篇" in text
    assert "《关于农村留守老人就医难的情况反映》（吴秀英）" in text
    assert "被县级采用1篇" in text
    assert "《关于完善工业园区配套道路的建议》（刘志强、周建华）" in text
    assert "满意1件" in text
    # three visits reaching four of six members
    assert "全年开展走访3次，走访委员4人次，覆盖委员4名（占6名的66.7%）" in text
    for name in ("刘志强", "郑国平", "吴秀英", "陈玉兰"):
        assert re.search(rf"走访[^。]*{name}", text)
    # contributions, money the Chinese way
    assert "刘志强委员为镇敬老院捐款（3万元）" in text
    assert "40户" in text and "20000羽" in text
    # nobody reached a warning: no discipline paragraph
    assert "警告" not in text
    # nothing the records do not hold
    assert "0次" not in text and "0件" not in text and "0篇" not in text
    assert "提交提案" not in text  # the office recorded no proposals


def test_yunling_summary_states_every_fact_of_its_records(yunling):
    text = yunling
    assert "现有政协委员16名" in text and "13个界别" in text and "新任委员7名" in text
    assert "组织委员参加培训3次、23人次：" in text
    assert "新老委员座谈暨新委员培训" in text and "(第一期)" in text and "(第二期)" in text
    assert "组织委员列席会议1次、14人次：4月13日" in text
    # several kinds of work in one section: "一是……二是……"
    assert "一是组织委员视察4次、41人次" in text and "二是组织委员考察1次、12人次" in text
    for day in ("1月16日，", "2月，", "10月27日，", "11月13日，", "5月26日，"):
        assert day in text
    assert "2月1日" not in text
    assert "收集意见建议8条，形成调研报告，上报市委、市政府" in text
    assert "一是组织集中学习1次、15人次：10月27日" in text
    assert "以上活动共收集意见建议12条" in text
    assert "全年提交提案18件（其中联名提案4件），已立案15件、已办结3件" in text
    assert "报送社情民意信息5篇" in text and "被市级采用4篇" in text
    for person, deed in (
        ("黄登新", "担任移民安置和回归工程拆迁安置工作组组长"),
        ("杨高良", "带领市建筑行业协会开拓市场"),
        ("王振春", "创作文学作品获省级奖"),
        ("李志敏", "举办个人摄影作品展"),
        ("张叶胜", "被授予省工艺美术大师称号"),
    ):
        assert f"{person}委员{deed}" in text
    assert "走访" not in text.split("## 四、")[0]  # no visits recorded: no visit figures


def test_an_office_without_records_gets_no_empty_sections(world):
    text = _summary(world.town_b.name)
    assert "一、" not in text
    assert "0次" not in text and "0名" not in text
    assert "## 存在的不足" in text and "## 2025年工作计划" in text


def test_the_district_summary_adds_up_its_townships_and_compares_them(qingshi):
    organisation = Organisation.objects.get(name="东江县政协")
    title, sections, _ = current_text(organisation=organisation, year=2024, fresh=True, today=TODAY)
    text = to_markdown(title, sections)
    assert "共有政协委员6名" in text and "全年组织集中学习4次" in text
    table = next(s["table"] for s in sections if s["key"] == "offices")
    row = next(r for r in table["rows"] if r[0] == "青石镇政协联络组")
    assert row[1:5] == ["6", "6", "33", "91.7%"]
    assert row[5:] == ["2", "1", "3", "66.7%", "3"]


def test_the_command_line_prints_markdown_and_writes_word(qingshi, tmp_path, capsys):
    call_command("annual_report", "--org", "青石镇政协联络组", "--year", "2024")
    out = capsys.readouterr().out
    assert out.startswith("# 青石镇政协联络组2024年工作总结")
    target = tmp_path / "summary.docx"
    call_command(
        "annual_report",
        "--org",
        "青石镇政协联络组",
        "--year",
        "2024",
        "--format",
        "docx",
        "-o",
        str(target),
    )
    from docx import Document

    paragraphs = [p.text for p in Document(str(target)).paragraphs]
    assert paragraphs[0] == "青石镇政协联络组2024年工作总结"
    assert any("出勤率91.7%" in p for p in paragraphs)


def test_staff_generate_edit_and_keep_versions(client, world):
    activity = Activity.objects.create(
        organisation=world.town_a,
        kind="study",
        subject="学习新修订的政协章程",
        date=dt.date(2024, 5, 8),
    )
    client.force_login(world.staff)
    detail = reverse("reports:detail", args=[world.town_a.pk, 2024])
    preview = client.get(detail)
    assert "尚未保存" in preview.content.decode()
    client.post(reverse("reports:generate", args=[world.town_a.pk, 2024]))
    version = ReportVersion.objects.get(report__organisation=world.town_a)
    page = client.get(detail).content.decode()
    # the roster's count links to the office's roster, the listed activity to its record
    assert f'href="/people/?org={world.town_a.pk}&amp;status=serving"' in page
    assert f'href="{reverse("activities:detail", args=[activity.pk])}">学习新修订的政协章程' in page
    client.post(
        reverse("reports:section", args=[world.town_a.pk, 2024]),
        {"key": "shortcomings", "text": "一是学习形式单一。", "version": version.number},
    )
    latest = ReportVersion.objects.filter(report=version.report).order_by("-number").first()
    assert latest.number == 2 and latest.section("shortcomings")["text"] == "一是学习形式单一。"
    assert (
        version.report.versions.get(number=1).section("shortcomings")["text"]
        != "一是学习形式单一。"
    )
    # an edit made on a stale page is refused, not lost silently
    stale = client.post(
        reverse("reports:section", args=[world.town_a.pk, 2024]),
        {"key": "shortcomings", "text": "二是……", "version": 1},
        follow=True,
    )
    assert "已被他人修改" in stale.content.decode()
    assert version.report.versions.count() == 2
    old = client.get(detail + "?version=1").content.decode()
    assert "这是旧版本" in old
    # rewording a section keeps the links of the words that are still there
    client.post(
        reverse("reports:section", args=[world.town_a.pk, 2024]),
        {"key": "study", "text": "5月8日组织学习新修订的政协章程。", "version": 2},
    )
    page = client.get(detail).content.decode()
    link = f'href="{reverse("activities:detail", args=[activity.pk])}">学习新修订的政协章程'
    assert "5月8日组织" in page and link in page


def test_leaders_read_but_do_not_write_and_others_see_nothing(client, world):
    report_generate(actor=None, organisation=world.town_a, year=2024, today=TODAY)
    client.force_login(world.leader)
    assert client.get(reverse("reports:detail", args=[world.town_a.pk, 2024])).status_code == 200
    client.post(reverse("reports:generate", args=[world.town_a.pk, 2024]))
    assert ReportVersion.objects.filter(report__organisation=world.town_a).count() == 1
    client.force_login(world.outsider)
    assert client.get(reverse("reports:detail", args=[world.town_a.pk, 2024])).status_code == 404
    assert (
        client.get(reverse("reports:export", args=[world.town_a.pk, 2024, "docx"])).status_code
        == 404
    )


def test_plan_suggestions_drawn_from_the_data_are_accepted_into_the_plan(client, qingshi):
    from lianluo.accounts.tests.factories import make_user

    organisation = Organisation.objects.get(name="青石镇政协联络组")
    staff = make_user("qs_staff", organisation=organisation, role="staff")
    version = report_generate(actor=staff, organisation=organisation, year=2024, today=TODAY)
    never = next(s for s in version.suggestions if "未被走访" in s)
    assert "周建华" in never and "孙立新" in never and never.startswith("2名委员")
    client.force_login(staff)
    client.post(
        reverse("reports:accept", args=[organisation.pk, 2024]),
        {"suggestion": [str(version.suggestions.index(never))], "version": version.number},
    )
    latest = version.report.versions.order_by("-number").first()
    assert never in latest.section("plan")["text"]
    assert never not in latest.suggestions
    assert "（五）2名委员全年未被走访" in to_markdown(latest.title, latest.sections)


def test_the_office_template_is_used_and_a_wrong_placeholder_is_named(client, world):
    client.force_login(world.staff)
    url = reverse("reports:template", args=[world.town_a.pk])
    response = client.post(
        url, {"opening": "{组织} 全年工作如下。", "shortcomings": "无", "plan": "一项"}
    )
    assert "不认识的占位符 {组织}" in response.content.decode()
    client.post(
        url,
        {
            "opening": "{年度}年，{组织名称}认真履职。",
            "shortcomings": "宣传不够。",
            "plan": "加强宣传\n办好简报",
        },
    )
    version = report_generate(actor=world.staff, organisation=world.town_a, year=2024, today=TODAY)
    opening = plain(version.section("opening")["text"])
    assert opening.startswith("2024年，甲镇政协联络组认真履职。")
    assert version.section("plan")["text"] == "加强宣传\n办好简报"


def test_a_section_cannot_be_emptied_and_text_is_escaped(client, world):
    version = report_generate(actor=world.staff, organisation=world.town_a, year=2024, today=TODAY)
    from lianluo.core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="不能为空"):
        report_section_update(actor=world.staff, report=version.report, key="opening", text=" ")
    report_section_update(
        actor=world.staff,
        report=version.report,
        key="opening",
        text="<script>x</script>[链接](//evil.example/)",
    )
    client.force_login(world.staff)
    page = client.get(reverse("reports:detail", args=[world.town_a.pk, 2024])).content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page
    assert 'href="//evil.example/"' not in page


def test_an_edited_section_keeps_the_links_of_the_words_still_there():
    from lianluo.reports.compose import relink

    before = (
        "全年组织集中学习[4次](/a/?kind=study)，分别是：3月15日，[学习全国两会精神](/a/1/)；"
        "6月20日，[学习章程](/a/2/)。\n报送信息[1件](/s/)。"
    )
    edited = "全年共组织集中学习4次：3月15日学习全国两会精神；6月学习章程。\n报送信息11件，其中1件被采用。"
    relinked = relink(before, edited)
    assert plain(relinked) == edited  # the words are the person's
    assert "[4次](/a/?kind=study)" in relinked
    assert "[学习全国两会精神](/a/1/)" in relinked and "[学习章程](/a/2/)" in relinked
    # "1件" is not linked inside "11件", but where it stands on its own
    assert "报送信息11件，其中[1件](/s/)被采用" in relinked


def test_an_upper_levels_live_draft_is_written_once_then_kept_for_a_while(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.admin)
    url = reverse("reports:detail", args=[world.district.pk, 2024])
    assert "各单位工作情况" in client.get(url).content.decode()
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
