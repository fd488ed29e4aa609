"""The 提案建议 and 整改 sheets: the examples import, round-trip, and bad rows are named."""

import pytest

from lianluo.rectification.models import RectificationItem
from lianluo.submissions.models import Adoption, Assignment, Rating, Submission, SubmissionEvent
from lianluo.workbook.framework import workbook_export
from lianluo.workbook.importer import workbook_import
from lianluo.workbook.tests.helpers import EXAMPLES, read_workbook, sheet_as_dicts, write_workbook

ORG = [["名称", "类型", "上级组织", "年度"], ["青石镇政协联络组", "政协联络组", "东江县政协", 2024]]
PEOPLE = [
    ["姓名", "身份", "工作单位"],
    ["周建华", "政协委员", "建华农机合作社"],
    ["吴秀英", "政协委员", "镇卫生院"],
]
SUBMISSION_HEADER = [
    "编号",
    "类型",
    "标题",
    "提交人",
    "提交日期",
    "状态",
    "承办单位",
    "采用",
    "答复日期",
    "满意度",
]
ACTIVITIES = [["编号", "日期", "类型", "主题"], ["A1", "2024-05-10", "座谈会", "企业座谈"]]
RECTIFICATION_HEADER = ["来源", "意见", "提出人", "整改措施", "责任部门", "期限", "状态"]


def _import(path):
    return workbook_import(path=path, actor=None, dry_run=False)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["qingshi-2024", "yunling-2024"])
def test_the_examples_submissions_import_as_their_rows_say(name):
    path = EXAMPLES / f"{name}.xlsx"
    report = _import(path)
    assert report.ok, report.errors
    rows = sheet_as_dicts(path, "提案建议")
    assert report.counts["提案建议"].created == len(rows)
    for row in rows:
        item = Submission.objects.get(organisation=report.organisation, code=row["编号"])
        assert item.get_kind_display() == row["类型"] and item.title == row["标题"]
        assert item.get_state_display() == row["状态"]
        assert [p.person.name for p in item.proposers.all()] == row["提交人"].split("、")
        units = [a.unit.name for a in item.assignments.filter(active=True).order_by("id")]
        assert units == (row["承办单位"].split("、") if row["承办单位"] else [])
        if units:
            assert item.assignments.get(unit__name=units[0]).role == "lead"
        assert item.submitted_on.isoformat() == row["提交日期"]
        assert SubmissionEvent.objects.filter(submission=item, action="imported").count() == 1


@pytest.mark.django_db
def test_yunling_adoptions_count_four_by_the_city():
    report = _import(EXAMPLES / "yunling-2024.xlsx")
    adopted = Adoption.objects.filter(submission__organisation=report.organisation)
    assert adopted.count() == 4
    assert set(adopted.values_list("level", flat=True)) == {"city"}
    proposals = Submission.objects.filter(organisation=report.organisation, kind="proposal")
    assert proposals.count() == 18
    assert proposals.filter(state="closed").count() == 3


@pytest.mark.django_db
def test_qingshi_suggestion_keeps_its_reply_date_and_rating():
    report = _import(EXAMPLES / "qingshi-2024.xlsx")
    item = Submission.objects.get(organisation=report.organisation, code="QS-2")
    assert item.replied_on.isoformat() == "2024-09-01"
    rating = Rating.objects.get(submission=item)
    assert (rating.person.name, rating.result) == ("刘志强", "satisfied")
    assert Adoption.objects.get(submission__code="QS-1").level == "county"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["qingshi-2024", "yunling-2024"])
def test_the_submission_sheet_round_trips(name, tmp_path):
    path = EXAMPLES / f"{name}.xlsx"
    report = _import(path)
    first = workbook_export(
        organisation=report.organisation, year=2024, actor=None, path=tmp_path / "1.xlsx"
    )
    again = _import(first)
    assert again.counts["提案建议"].unchanged == len(sheet_as_dicts(path, "提案建议"))
    assert again.counts["提案建议"].created == again.counts["提案建议"].updated == 0
    second = workbook_export(
        organisation=report.organisation, year=2024, actor=None, path=tmp_path / "2.xlsx"
    )
    assert read_workbook(first)["提案建议"] == read_workbook(second)["提案建议"]
    original = sheet_as_dicts(path, "提案建议")
    exported = sheet_as_dicts(first, "提案建议")
    for before, after in zip(original, exported, strict=True):
        for column, value in before.items():
            assert after[column] == value, (column, value, after[column])


@pytest.mark.django_db
def test_collective_submissions_phrases_and_rectification_round_trip(tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "组织": ORG,
            "人员": PEOPLE,
            "活动": ACTIVITIES,
            "提案建议": [
                SUBMISSION_HEADER,
                [
                    None,
                    "社情民意",
                    "关于乡村客运班线的建议",
                    "青石镇政协联络组",
                    "2024年6月",
                    "已提交",
                    None,
                    "被市政协采用、省",
                    None,
                    None,
                ],
                [
                    "Q9",
                    "意见",
                    "关于企业用电的意见",
                    "周建华",
                    "2024-05-10",
                    "办理中",
                    "供电所",
                    None,
                    None,
                    None,
                ],
            ],
            "整改": [
                RECTIFICATION_HEADER,
                [
                    "A1",
                    "企业用电报装慢",
                    "周建华",
                    "开通绿色通道",
                    "供电所",
                    "2024-08-31",
                    "已整改",
                ],
                [
                    "走访",
                    "卫生院夜间无人值班",
                    "吴秀英、周建华",
                    None,
                    "镇卫生院",
                    "2024-12",
                    "待整改",
                ],
                ["Q9", "企业用电价格高", None, None, None, None, None],
            ],
        },
    )
    report = _import(path)
    assert report.ok, report.errors
    collective = Submission.objects.get(title="关于乡村客运班线的建议")
    assert collective.collective and not collective.proposers.exists()
    assert collective.date_precision == "month"
    assert sorted(collective.adoptions.values_list("level", flat=True)) == ["city", "province"]
    first = RectificationItem.objects.get(opinion="企业用电报装慢")
    assert first.source_activity.code == "A1" and first.status == "done"
    second = RectificationItem.objects.get(opinion="卫生院夜间无人值班")
    assert second.source_text == "走访"
    assert sorted(second.raised_by.values_list("name", flat=True)) == ["吴秀英", "周建华"]
    third = RectificationItem.objects.get(opinion="企业用电价格高")
    assert third.source_submission.code == "Q9" and third.status == "pending"

    out = workbook_export(
        organisation=report.organisation, year=2024, actor=None, path=tmp_path / "out.xlsx"
    )
    exported = read_workbook(out)
    assert (
        "A1",
        "企业用电报装慢",
        "周建华",
        "开通绿色通道",
        "供电所",
        "2024-08-31",
        "已整改",
    ) in exported["整改"]
    row = next(r for r in exported["提案建议"] if r[2] == "关于乡村客运班线的建议")
    assert row[3] == "青石镇政协联络组" and row[4] == "2024-06" and row[7] == "市、省"
    again = _import(out)
    assert again.counts["整改"].unchanged == 3 and again.counts["提案建议"].unchanged == 2


@pytest.mark.django_db
def test_bad_submission_and_rectification_rows_are_all_named_and_nothing_is_written(tmp_path):
    path = write_workbook(
        tmp_path / "bad.xlsx",
        {
            "组织": ORG,
            "人员": PEOPLE,
            "提案建议": [
                SUBMISSION_HEADER,
                ["X1", "倡议", "关于甲的提案", "周建华", None, None, None, None, None, None],
                ["X2", "提案", "关于乙的提案", "王不存在", None, "待办", None, None, None, None],
                [
                    "X3",
                    "社情民意",
                    "关于丙",
                    "周建华",
                    None,
                    None,
                    None,
                    "被乡里表扬",
                    None,
                    "很好",
                ],
                ["X3", "提案", "关于丁的提案", "周建华", None, None, None, None, None, None],
            ],
            "整改": [
                RECTIFICATION_HEADER,
                ["走访", None, "周建华", None, None, None, "已完成"],
            ],
        },
    )
    report = _import(path)
    messages = [str(issue) for issue in report.errors]
    assert not report.applied
    expected = [
        "提案建议 行2 类型: 未知类型“倡议”",
        "提案建议 行3 状态: 未知状态“待办”",
        "提案建议 行4 采用: 无法识别采用层级“被乡里表扬”",
        "提案建议 行4 满意度: 未知满意度“很好”",
        "提案建议 行5 编号: 与第4行重复",
        "整改 行2 意见: 请填写意见内容",
        "整改 行2 状态: 未知状态“已完成”",
    ]
    for text in expected:
        assert any(m.startswith(text) for m in messages), (text, messages)
    assert not Submission.objects.exists() and not Assignment.objects.exists()
    # The unknown person is named once the rows parse.
    path = write_workbook(
        tmp_path / "bad2.xlsx",
        {
            "组织": ORG,
            "人员": PEOPLE,
            "提案建议": [SUBMISSION_HEADER, ["X2", "提案", "关于乙的提案", "王不存在"]],
        },
    )
    report = _import(path)
    assert [str(i) for i in report.errors] == [
        "提案建议 行2 提交人: 人员表和系统中都没有“王不存在”"
    ]
