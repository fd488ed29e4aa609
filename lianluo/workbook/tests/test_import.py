import pytest

from lianluo.orgs.models import Organisation
from lianluo.people.models import ActivityGroup, Person, PersonRole
from lianluo.workbook.framework import registered_handlers, workbook_export
from lianluo.workbook.importer import workbook_import
from lianluo.workbook.tests.helpers import EXAMPLES, read_workbook, sheet_as_dicts, write_workbook

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.xlsx"))
ORG = [["名称", "类型", "上级组织", "年度"], ["青石镇政协联络组", "政协联络组", "东江县政协", 2024]]
HEADER = ["姓名", "身份", "性别", "界别", "工作单位", "手机", "身份证号"]
VALID_ID = "11010519491231002X"


def _import(path, **kwargs):
    return workbook_import(
        path=path, actor=kwargs.pop("actor", None), dry_run=kwargs.pop("dry_run", False)
    )


def _snapshot():
    return (
        sorted(
            Person.objects.values_list(
                "name", "work_unit", "id_number", "mobile", "gender", "sector__name"
            )
        ),
        sorted(PersonRole.objects.values_list("person__name", "role")),
        Organisation.objects.count(),
    )


def test_the_examples_are_there():
    assert len(EXAMPLE_FILES) >= 2


@pytest.mark.django_db
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_examples_import_and_warn_about_sheets_not_yet_supported(path):
    report = _import(path)
    assert report.ok, report.errors
    org = report.organisation
    expected = sheet_as_dicts(path, "人员")
    assert Person.objects.filter(organisation=org).count() == len(expected)
    assert report.counts["人员"].created == len(expected)
    for row in expected:
        person = Person.objects.get(organisation=org, name=row["姓名"])
        assert person.work_unit == row["工作单位"]
        assert (person.id_number or None) == row["身份证号"]
        assert (person.sector.name if person.sector else None) == row["界别"]
    unsupported = {issue.sheet for issue in report.warnings if "暂不支持" in issue.message}
    handled = {handler.sheet for handler in registered_handlers()}
    assert unsupported == set(read_workbook(path)) - handled
    assert org.parent.name == sheet_as_dicts(path, "组织")[0]["上级组织"]


@pytest.mark.django_db
def test_qingshi_roster_holds_six_members_and_their_sectors():
    report = _import(EXAMPLES / "qingshi-2024.xlsx")
    members = Person.objects.filter(organisation=report.organisation, roles__role="member")
    assert members.count() == 6
    assert sorted(members.values_list("sector__name", flat=True)) == sorted(
        ["医药卫生", "农业", "农业", "教育", "无党派人士", "经济"]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_importing_twice_adds_nothing(path):
    _import(path)
    before = _snapshot()
    report = _import(path)
    assert report.ok
    assert report.counts["人员"].created == 0 and report.counts["人员"].updated == 0
    assert report.counts["人员"].unchanged == len(sheet_as_dicts(path, "人员"))
    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_export_import_export_gives_the_same_workbook(path, tmp_path, django_db_blocker):
    report = _import(path)
    org_name = report.organisation.name
    first = workbook_export(
        organisation=report.organisation, year=2024, actor=None, path=tmp_path / "1.xlsx"
    )
    _empty_database()
    assert _import(first).ok
    second = workbook_export(
        organisation=Organisation.objects.get(name=org_name),
        year=2024,
        actor=None,
        path=tmp_path / "2.xlsx",
    )
    assert read_workbook(first) == read_workbook(second)
    # And the exported people are the example's people, column by column.
    original = sheet_as_dicts(path, "人员")
    exported = sheet_as_dicts(first, "人员")
    for before, after in zip(original, exported, strict=True):
        for column, value in before.items():
            assert after[column] == value, (column, value, after[column])


def _empty_database():
    from lianluo.activities.models import Activity
    from lianluo.rectification.models import RectificationItem
    from lianluo.submissions.models import (
        Assignment,
        HandlingUnit,
        Proposer,
        Rating,
        Submission,
    )

    RectificationItem.objects.all().delete()
    for model in (Rating, Proposer, Assignment, Submission, HandlingUnit):
        model.objects.all().delete()
    Activity.objects.all().delete()
    ActivityGroup.objects.all().delete()
    Person.objects.all().delete()
    for org in Organisation.objects.order_by("-depth"):
        org.sectors.all().delete()
        org.delete()


@pytest.mark.django_db
def test_a_changed_value_updates_the_record(tmp_path):
    rows = [
        HEADER,
        ["周建华", "政协委员", "男", "农业", "青石镇农技站", "16195105371", "452100197904245258"],
    ]
    _import(write_workbook(tmp_path / "a.xlsx", {"组织": ORG, "人员": rows}))
    rows[1][5] = "13912345678"
    rows[1][1] = "政协委员、人大代表"
    report = _import(write_workbook(tmp_path / "b.xlsx", {"组织": ORG, "人员": rows}))
    assert (report.counts["人员"].created, report.counts["人员"].updated) == (0, 1)
    person = Person.objects.get(name="周建华")
    assert person.mobile == "13912345678"
    assert sorted(person.roles.values_list("role", flat=True)) == ["deputy", "member"]


@pytest.mark.django_db
def test_a_bad_workbook_is_refused_whole_with_every_error_named(tmp_path):
    rows = [
        ["姓名", "身份", "性别", "工作单位", "手机", "身份证号", "爱好"],
        ["好人", "政协委员", "男", "甲单位", "13812345678", VALID_ID, "下棋"],
        ["坏号", "政协委员", "男", "乙单位", "13812345678", VALID_ID[:17] + "5", None],
        ["坏手机", "政协委员", "女", "丙单位", "2345678", None, None],
        ["坏身份", "会员", "男", "丁单位", None, None, None],
        [None, None, None, None, None, None, None],
        ["好人", "政协委员", "男", "甲单位", None, VALID_ID, None],
    ]
    org = [["名称", "类型", "年度"], ["青石镇政协联络组", "镇政府", "二〇二四"]]
    report = _import(
        write_workbook(tmp_path / "bad.xlsx", {"组织": org, "人员": rows, "备忘": [["内容"]]})
    )
    assert not report.ok and not report.applied
    assert [str(e) for e in report.errors] == [
        "组织 行2 类型: 未知类型“镇政府”，可选：政协联络组、政协联络办、法院联络办、人大代表联络站、会务接待组、政协、其他",
        "组织 行2 年度: 应为整数，现为“二〇二四”",
        "人员 行3 身份证号: 身份证号校验位不正确，请核对号码",
        "人员 行4 手机: 手机号应为11位，现为7位",
        "人员 行5 身份: 未知身份“会员”，可选：政协委员、联络对象、人大代表、廉政监督员、特邀人士、志愿者、嘉宾、工作人员",
        "人员 行7 身份证号: 与第2行的身份证号相同，同一人只能出现一次",
    ]
    assert "人员 行1 爱好: 未知列，已忽略" in [str(w) for w in report.warnings]
    assert Organisation.objects.count() == 0 and Person.objects.count() == 0


@pytest.mark.django_db
def test_a_missing_required_column_or_sheet_is_an_error(tmp_path):
    report = _import(
        write_workbook(tmp_path / "a.xlsx", {"组织": ORG, "人员": [["姓名", "性别"], ["甲", "男"]]})
    )
    assert [str(e) for e in report.errors] == ["人员 行1 身份: 缺少必填列"]
    report = _import(
        write_workbook(tmp_path / "b.xlsx", {"人员": [["姓名", "身份"], ["甲", "政协委员"]]})
    )
    assert [str(e) for e in report.errors] == ["组织: 缺少工作表“组织”"]
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_not_an_xlsx_file_is_named(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("not a workbook")
    report = _import(path)
    assert str(report.errors[0]).startswith("文件: 无法读取文件")


@pytest.mark.django_db
def test_full_width_text_spaces_and_numeric_cells_are_normalised(tmp_path):
    rows = [
        ["身份证号", "姓名", "身份", "手机", "活动小组"],  # headers in any order
        [
            "１１０１０５１９４９１２３１００２ｘ",
            "\u3000陈玉兰 ",
            "政协委员，联络对象",
            13812345678,
            "经济组、农业组",
        ],
    ]
    report = _import(write_workbook(tmp_path / "a.xlsx", {"组织": ORG, "人员": rows}))
    assert report.ok, report.errors
    person = Person.objects.get()
    assert (person.name, person.id_number, person.mobile) == ("陈玉兰", VALID_ID, "13812345678")
    assert sorted(person.roles.values_list("role", flat=True)) == ["contact", "member"]
    assert sorted(person.activity_groups.values_list("name", flat=True)) == ["农业组", "经济组"]
    assert person.gender == "female"


@pytest.mark.django_db
def test_a_re_import_compares_every_row_with_its_stored_person(tmp_path, monkeypatch):
    """Stored people are read a few at a time to be compared: each row still meets its own."""
    import lianluo.people.workbook as people_workbook

    monkeypatch.setattr(people_workbook, "COMPARED_AT_ONCE", 2)
    rows = [["姓名", "身份", "工作单位", "职务"]] + [
        [f"成员{index}", "联络对象", f"单位{index}", "职员"] for index in range(7)
    ]
    _import(write_workbook(tmp_path / "a.xlsx", {"组织": ORG, "人员": rows}))
    rows[2][3], rows[5][3], rows[7][1] = "科长", "处长", "政协委员"
    report = _import(write_workbook(tmp_path / "b.xlsx", {"组织": ORG, "人员": rows}))
    assert report.ok, report.errors
    assert vars(report.counts["人员"]) == {"created": 0, "updated": 3, "unchanged": 4}
    positions = dict(Person.objects.values_list("name", "position"))
    assert positions == {f"成员{i}": {1: "科长", 4: "处长"}.get(i, "职员") for i in range(7)}
    assert list(Person.objects.get(name="成员6").roles.values_list("role", flat=True)) == ["member"]


@pytest.mark.django_db
def test_an_id_number_stored_as_an_excel_number_is_refused(tmp_path):
    rows = [["姓名", "身份", "身份证号"], ["甲", "政协委员", 110105194912310020]]
    report = _import(write_workbook(tmp_path / "a.xlsx", {"组织": ORG, "人员": rows}))
    assert "该单元格被 Excel 存成了数字，末几位已丢失" in str(report.errors[0])


@pytest.mark.django_db
def test_people_without_id_are_keyed_by_name_and_unit(tmp_path):
    rows = [
        ["姓名", "身份", "工作单位", "职务"],
        ["王芳", "联络对象", "甲厂", "厂长"],
        ["王芳", "联络对象", "乙校", "教师"],
    ]
    _import(write_workbook(tmp_path / "a.xlsx", {"组织": ORG, "人员": rows}))
    rows[2][3] = "校长"
    report = _import(write_workbook(tmp_path / "b.xlsx", {"组织": ORG, "人员": rows}))
    assert vars(report.counts["人员"]) == {"created": 0, "updated": 1, "unchanged": 1}
    assert Person.objects.get(work_unit="乙校").position == "校长"
    # Name alone is ambiguous when two people share it.
    report = _import(
        write_workbook(
            tmp_path / "c.xlsx", {"组织": ORG, "人员": [["姓名", "身份"], ["王芳", "联络对象"]]}
        )
    )
    assert "本组织有2名“王芳”" in str(report.errors[0])


@pytest.mark.django_db
def test_a_masked_export_reimports_without_touching_identifiers(tmp_path):
    report = _import(EXAMPLES / "qingshi-2024.xlsx")
    masked = workbook_export(
        organisation=report.organisation,
        year=2024,
        actor=None,
        path=tmp_path / "m.xlsx",
        full_personal_data=False,
    )
    before = _snapshot()
    again = _import(masked)
    assert again.ok, again.errors
    assert again.counts["人员"].updated == 0
    assert _snapshot() == before


@pytest.mark.django_db
def test_dry_run_writes_nothing():
    report = _import(EXAMPLES / "qingshi-2024.xlsx", dry_run=True)
    assert report.ok and not report.applied
    assert report.counts["人员"].created == 7
    assert Person.objects.count() == 0 and Organisation.objects.count() == 0


@pytest.mark.django_db
def test_staff_import_only_into_their_own_organisation(world, tmp_path):
    org = [["名称", "类型"], ["乙镇政协联络办", "政协联络办"]]
    path = write_workbook(
        tmp_path / "a.xlsx", {"组织": org, "人员": [["姓名", "身份"], ["甲", "政协委员"]]}
    )
    report = _import(path, actor=world.staff)
    assert [str(e) for e in report.errors] == ["组织 行2 名称: 您没有向“乙镇政协联络办”导入的权限"]
    assert _import(path, actor=world.outsider).ok
    new_org = [["名称", "类型", "上级组织"], ["丙镇政协联络组", "政协联络组", "测试区政协"]]
    path = write_workbook(
        tmp_path / "b.xlsx", {"组织": new_org, "人员": [["姓名", "身份"], ["乙", "政协委员"]]}
    )
    assert not _import(path, actor=world.staff).ok
    assert _import(path, actor=world.admin).ok
    assert Organisation.objects.get(name="丙镇政协联络组").parent == world.district


@pytest.mark.django_db
def test_one_pass_names_one_error_on_every_sheet_and_no_false_ones(tmp_path):
    """The office fixes every error at once: a reference to another sheet is checked also when
    that sheet has errors of its own, and a reference to a row with an error is not 'unknown'."""
    path = write_workbook(
        tmp_path / "errors.xlsx",
        {
            "组织": [["名称", "类型", "年度"], ["测试镇政协联络组", "政协小组", 2024]],
            "人员": [
                ["姓名", "身份", "身份证号"],
                ["张三", "政协委员", VALID_ID],
                ["李四", "政协委员", "110105194912310021"],
            ],
            "活动": [
                ["编号", "日期", "类型", "主题"],
                ["A1", "2024-03-15", "集中学习", "学习全会精神"],
                ["A2", "2024-13-40", "视察", "视察园区"],
            ],
            "出勤": [
                ["活动编号", "姓名", "出勤"],
                ["A2", "李四", "出席"],
                ["A9", "张三", "出席"],
                ["A1", "张三", "到了"],
            ],
            "提案建议": [["类型", "标题", "提交人"], ["建议", "关于修路的建议", "王五"]],
            "整改": [["来源", "意见", "状态"], ["A1", "道路积水", "完成"]],
            "走访": [["日期", "对象"], ["明天", "张三"]],
            "事迹": [["姓名", "内容"], ["赵六", "捐资助学"]],
            "接待": [["嘉宾", "交通方式", "计划抵达"], ["林嘉宾", "飞船", "2024-10-12 09:40"]],
        },
    )
    report = _import(path)
    assert not report.applied
    assert sorted((e.sheet, e.row, e.column) for e in report.errors) == sorted(
        [
            ("组织", 2, "类型"),
            ("人员", 3, "身份证号"),
            ("活动", 3, "日期"),
            ("出勤", 3, "活动编号"),
            ("出勤", 4, "出勤"),
            ("提案建议", 2, "提交人"),
            ("整改", 2, "状态"),
            ("走访", 2, "日期"),
            ("事迹", 2, "姓名"),
            ("接待", 2, "交通方式"),
        ]
    ), [str(e) for e in report.errors]
    assert report.counts == {}
    assert not Organisation.objects.filter(name="测试镇政协联络组").exists()
    assert Person.objects.count() == 0
