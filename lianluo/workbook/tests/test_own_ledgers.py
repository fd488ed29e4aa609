"""An office's own Excel: found, mapped, read tolerantly, refused with the reason where it must be."""

import datetime as dt
import json

import pytest
from django.core.management import call_command

from lianluo.activities.models import Activity
from lianluo.orgs.tests.factories import OrganisationFactory
from lianluo.people.models import Person
from lianluo.workbook.importer import workbook_import
from lianluo.workbook.models import SavedMapping
from lianluo.workbook.tests.offices import (
    ACTIVITY_DATES,
    ID_LIN,
    ID_QIAN,
    ID_ZHENG,
    converted,
    ledger_book,
    roster_book,
    roster_csv,
)

pytestmark = pytest.mark.django_db
TOWN = "青石镇政协联络组"


@pytest.fixture
def town():
    return OrganisationFactory(name=TOWN)


def _people(town):
    return {
        p.name: p
        for p in Person.objects.filter(organisation=town)
        .select_related("sector")
        .prefetch_related("roles")
    }


def _check_roster(town):
    people = _people(town)
    assert sorted(people) == ["林晓", "郑国平", "钱秀英"]  # the footer is not a person
    zheng, lin, qian = people["郑国平"], people["林晓"], people["钱秀英"]
    assert (zheng.id_number, zheng.mobile, zheng.gender) == (ID_ZHENG, "13812345678", "male")
    assert (lin.id_number, lin.mobile, lin.gender) == (ID_LIN, "13987654321", "female")
    assert (qian.id_number, qian.mobile) == (ID_QIAN, "13700001111")
    assert zheng.work_unit == "青石镇农业服务中心主任"  # 工作单位及职务 kept whole
    # 界别 is merged down over 郑国平 and 林晓 (where the format keeps merged cells)
    assert zheng.sector.name == "农业界"
    assert qian.sector.name == "医卫界"
    # the title says 政协委员名册: every row is a 政协委员
    assert {r.role for p in people.values() for r in p.roles.all()} == {"member"}
    return people


def test_a_roster_with_a_title_row_and_its_own_headers_imports(town, tmp_path):
    report = workbook_import(
        path=roster_book(tmp_path / "名册.xlsx"), actor=None, dry_run=False, organisation=town
    )
    assert report.ok, report.errors
    assert report.counts["人员"].created == 3
    people = _check_roster(town)
    assert people["林晓"].sector.name == "农业界"
    (shown,) = report.layouts
    assert (shown["kind"], shown["header_row"]) == ("人员", 3)
    assert dict(zip(shown["headers"], shown["fields"], strict=True)) == {
        "序号": "",
        "姓 名": "姓名",
        "性别": "性别",
        "民族": "",
        "出生年月": "",
        "身份证号码": "身份证号",
        "联系电话": "手机",
        "工作单位及职务": "工作单位",
        "界别": "界别",
    }
    # the columns nothing was made of are named, the counter is not
    assert "委员名册 行3 民族: 没有对应的字段，已忽略" in [str(w) for w in report.warnings]
    assert not any("序号" in str(w) for w in report.warnings)
    # importing the same file again changes nothing
    again = workbook_import(
        path=tmp_path / "名册.xlsx", actor=None, dry_run=False, organisation=town
    )
    assert vars(again.counts["人员"]) == {"created": 0, "updated": 0, "unchanged": 3}


@pytest.mark.parametrize("extension", [".xls", ".ods"])
def test_the_roster_saved_by_older_tools_imports_the_same(town, tmp_path, extension):
    path = converted(roster_book(tmp_path / "名册.xlsx"), extension)
    report = workbook_import(path=path, actor=None, dry_run=False, organisation=town)
    assert report.ok, report.errors
    people = _check_roster(town)
    # .xls keeps merged cells; LibreOffice's .ods keeps the merge as covered cells
    if extension == ".xls":
        assert people["林晓"].sector.name == "农业界"


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_a_csv_roster_in_gbk_or_utf8_imports(town, tmp_path, encoding):
    path = roster_csv(tmp_path / "名册.csv", encoding=encoding)
    report = workbook_import(path=path, actor=None, dry_run=False, organisation=town)
    assert report.ok, report.errors
    people = _people(town)
    assert sorted(people) == ["林晓", "郑国平", "钱秀英"]
    assert people["郑国平"].id_number == ID_ZHENG  # text in a CSV: every digit kept
    assert people["林晓"].sector is None  # a CSV has no merged cells


def test_an_id_number_excel_made_a_number_is_refused_with_the_reason(town, tmp_path):
    path = roster_book(tmp_path / "名册.xlsx", id_as_number=True)
    report = workbook_import(path=path, actor=None, dry_run=False, organisation=town)
    assert [str(e) for e in report.errors] == [
        "委员名册 行4 身份证号码: 该单元格被 Excel 存成了数字，末几位已丢失，请将该列设为文本后重新填写"
    ]
    assert report.as_dict()["issues"][0][:3] == ["委员名册", 4, 5]  # F4: the office's own cell
    assert not Person.objects.exists()


def test_dates_in_every_form_offices_type_them(town, tmp_path):
    report = workbook_import(
        path=ledger_book(tmp_path / "台账.xlsx"), actor=None, dry_run=False, organisation=town
    )
    assert report.ok, report.errors
    assert report.counts["活动"].created == len(ACTIVITY_DATES)
    stored = {
        a.subject: (a.date, a.date_precision) for a in Activity.objects.filter(organisation=town)
    }
    assert stored == {subject: (day, precision) for subject, day, precision in ACTIVITY_DATES}
    study = Activity.objects.get(subject="学习全国两会精神")
    assert (study.kind, study.place, study.headcount) == ("study", "镇政府会议室", 12)
    assert Activity.objects.get(subject="视察农村人居环境整治").headcount == 8  # ８ full-width
    # no 编号 column: each activity is numbered by its date and subject, the same next time
    assert study.code == "2024-03-08 学习全国两会精神"
    again = workbook_import(
        path=tmp_path / "台账.xlsx", actor=None, dry_run=True, organisation=town
    )
    assert again.counts["活动"].unchanged == len(ACTIVITY_DATES)


def test_a_month_without_a_year_needs_the_year(town, tmp_path):
    import openpyxl

    path = ledger_book(tmp_path / "台账.xlsx")
    book = openpyxl.load_workbook(path)
    book["活动台账"]["A1"] = "青石镇政协联络组活动台账"  # the title no longer names the year
    book["委员名册"]["A1"] = "青石镇政协委员名册"
    book.save(path)
    report = workbook_import(path=path, actor=None, dry_run=True, organisation=town)
    assert "活动台账 行8 活动时间: “九月”没有写年份，且未指定年度" in [
        str(e) for e in report.errors
    ]
    given = workbook_import(
        path=path, actor=None, dry_run=True, organisation=town, mapping={"year": 2024}
    )
    assert given.ok, given.errors


def test_the_command_line_prints_the_mapping_and_names_what_it_cannot_place(town, tmp_path, capsys):
    path = roster_book(tmp_path / "名册.xlsx")
    with pytest.raises(SystemExit) as exited:
        call_command("import_workbook", str(path))
    assert exited.value.code == 1
    assert "组织: 缺少工作表“组织”" in capsys.readouterr().out
    call_command("import_workbook", str(path), "--org", TOWN, "--dry-run")
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert "委员名册: 第3行为表头 → 人员表" in lines
    assert "委员名册: 联系电话 → 手机" in lines
    assert "委员名册: 民族 → （忽略）" in lines
    assert "委员名册: （每一行）→ 身份 = 政协委员" in lines
    assert "人员: created 3, updated 0, unchanged 0" in lines
    assert "警告 委员名册 行3 出生年月: 没有对应的字段，已忽略" in captured.err
    assert not Person.objects.exists()


def test_two_columns_for_one_field_is_an_error_until_a_mapping_says_which(town, tmp_path, capsys):
    import openpyxl

    path = roster_book(tmp_path / "名册.xlsx")
    book = openpyxl.load_workbook(path)
    book["委员名册"]["D3"] = "手机号码"  # 民族 becomes a second phone column
    book.save(path)
    with pytest.raises(SystemExit):
        call_command("import_workbook", str(path), "--org", TOWN)
    out = capsys.readouterr().out
    assert "委员名册 行3 手机号码: 列“手机号码”“联系电话”都可对应到“手机”，请指定用哪一列" in out
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "sheets": {
                    "委员名册": {
                        "kind": "人员",
                        "header_row": 3,
                        "columns": {"手机号码": "备注", "联系电话": "手机"},
                        "unmapped": "ignore",
                        "fixed": {"身份": "政协委员"},
                    }
                }
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    with pytest.raises(SystemExit) as exited:
        call_command("import_workbook", str(path), "--org", TOWN, "--mapping", str(mapping))
    # a mapping names every column it uses; the others are ignored as it says
    out = capsys.readouterr().out
    assert exited.value.code == 1
    assert "委员名册 行3 姓名: 缺少必填列：请把表中的一列对应到该字段，或为整张表指定一个值" in out
    entry = json.loads(mapping.read_text(encoding="utf-8"))
    entry["sheets"]["委员名册"]["columns"].update(
        {"姓 名": "姓名", "身份证号码": "身份证号", "性别": "性别"}
    )
    mapping.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    call_command("import_workbook", str(path), "--org", TOWN, "--mapping", str(mapping))
    zheng = Person.objects.get(name="郑国平")
    assert (zheng.mobile, zheng.note, zheng.work_unit) == ("13812345678", "手机号码:汉族", "")
    # the mapping used is the office's now: the same headers are read the same way next time
    saved = SavedMapping.objects.get(organisation=town)
    assert saved.kind == "人员" and saved.mapping["columns"]["联系电话"] == "手机"
    report = workbook_import(path=path, actor=None, dry_run=True, organisation=town)
    assert report.ok and report.layouts[0]["saved"]


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"电话": "手机"}, "委员名册: 工作表“委员名册”第3行没有列“电话”"),
        (
            {"民族": "民族"},
            "委员名册: 工作表“委员名册”列“民族”：“民族”不是人员表的字段，可选：姓名、身份、性别、"
            "界别、工作单位、职务、手机、身份证号、活动小组、代表层级、备注",
        ),
    ],
)
def test_a_bad_mapping_is_named(town, tmp_path, columns, message):
    entry = {"kind": "人员", "header_row": 3, "columns": columns}
    report = workbook_import(
        path=roster_book(tmp_path / "名册.xlsx"),
        actor=None,
        dry_run=True,
        organisation=town,
        mapping={"sheets": {"委员名册": entry}},
    )
    assert [str(e) for e in report.errors] == [message]


def test_staff_cannot_import_an_own_ledger_into_another_office(tmp_path, world):
    path = roster_book(tmp_path / "名册.xlsx")
    report = workbook_import(path=path, actor=world.staff, dry_run=False, organisation=world.town_b)
    assert [str(e) for e in report.errors] == [f"文件: 您没有向“{world.town_b.name}”导入的权限"]
    assert report.counts == {} and not Person.objects.filter(name="郑国平").exists()


def test_a_liaison_workbook_is_read_as_before_when_an_organisation_is_given(tmp_path):
    from lianluo.workbook.tests.helpers import EXAMPLES

    other = OrganisationFactory(name="别的镇政协联络组")
    report = workbook_import(
        path=EXAMPLES / "qingshi-2024.xlsx", actor=None, dry_run=False, organisation=other
    )
    assert report.ok, report.errors
    assert all(shown["liaison"] for shown in report.layouts)
    assert report.organisation.name != other.name  # its 组织 sheet decides
    assert not Person.objects.filter(organisation=other).exists()


def test_dates_month_precision_is_never_a_day(town, tmp_path):
    report = workbook_import(
        path=ledger_book(tmp_path / "台账.xlsx"), actor=None, dry_run=False, organisation=town
    )
    assert report.ok
    month = Activity.objects.get(subject="调研茶产业发展")
    assert month.partial_date.iso() == "2024-06"
    assert month.partial_date.chinese() == "6月"
    assert dt.date(2024, 6, 1) == month.date


@pytest.mark.parametrize("extension", [".xlsx", ".xls"])
def test_the_marked_workbook_opens_in_libreoffice_with_red_cells_and_comments(
    town, tmp_path, extension
):
    import openpyxl

    from lianluo.workbook.markup import ERROR_FILL, marked_workbook

    source = roster_book(
        tmp_path / "名册.xlsx", extra_rows=[[4, "坏号码", "男", None, None, "123", "123"]]
    )
    if extension != ".xlsx":
        source = converted(source, extension)
    report = workbook_import(path=source, actor=None, dry_run=True, organisation=town)
    assert [str(e) for e in report.errors] == [
        "委员名册 行7 身份证号码: 身份证号应为18位，现为3位",
        "委员名册 行7 联系电话: 手机号应为11位，现为3位",
    ]
    marked = marked_workbook(
        source=source,
        filename=source.name,
        issues=report.as_dict()["issues"],
        target=tmp_path / "marked.xlsx",
    )
    # LibreOffice reads it and writes it out again: the marks are in what it read
    out = tmp_path / "out"
    out.mkdir()
    reread = converted(marked.rename(out / "marked.xlsx"), ".ods")
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(reread))
    assert book.sheet_names == ["错误清单", "委员名册"]
    listing = book.get_sheet_by_name("错误清单").to_python()
    assert [row[1] for row in listing[1:]] == ["委员名册 F7", "委员名册 G7"]
    comments, red_styles = _ods_marks(reread, ERROR_FILL.fgColor.rgb[2:])
    assert comments == {"身份证号应为18位，现为3位", "手机号应为11位，现为3位"}
    assert red_styles == 2  # the two cells, and only they, are filled red
    names = openpyxl.load_workbook(out / "marked.xlsx").sheetnames
    assert names == ["错误清单", "委员名册"]


def _ods_marks(path, rgb: str) -> tuple[set[str], int]:
    """The comments of an .ods file's cells, and how many cells have the fill colour `rgb`."""
    import zipfile

    from lxml import etree

    ns = {
        "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
        "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
        "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
        "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    }
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("content.xml"))  # noqa: S320 (LibreOffice's own file)
    red = {
        style.get(f"{{{ns['style']}}}name")
        for style in root.iterfind(".//style:style", ns)
        for props in style.iterfind("style:table-cell-properties", ns)
        if (props.get(f"{{{ns['fo']}}}background-color") or "").lower() == f"#{rgb.lower()}"
    }
    comments = {
        "".join(p.itertext()).strip()
        for note in root.iterfind(".//office:annotation", ns)
        for p in note.iterfind("text:p", ns)
    }
    cells = [
        cell
        for cell in root.iterfind(".//table:table-cell", ns)
        if cell.get(f"{{{ns['table']}}}style-name") in red
    ]
    return comments, len(cells)


def test_a_wps_et_file_is_read_as_the_excel_97_container_it_is(town, tmp_path):
    xls = converted(roster_book(tmp_path / "名册.xlsx"), ".xls")
    et = xls.rename(tmp_path / "名册.et")
    report = workbook_import(path=et, actor=None, dry_run=False, organisation=town)
    assert report.ok, report.errors
    _check_roster(town)
    renamed = tmp_path / "假的.et"
    renamed.write_bytes(b"PK\x03\x04 not an et file")
    report = workbook_import(path=renamed, actor=None, dry_run=True, organisation=town)
    assert [str(e) for e in report.errors] == [
        "文件: 无法读取文件：内容与扩展名 .et 不符（可能是改了扩展名的其他文件）"
    ]


def test_a_two_row_header_and_group_rows(town, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "委员通讯录"
    sheet.append(["青石镇政协委员通讯录（2024年）"])
    sheet.merge_cells("A1:F1")
    sheet.append(["序号", "姓名", "性别", "联系方式", None, "工作单位"])
    sheet.append([None, None, None, "手机", "办公电话", None])
    for column in "ABCF":
        sheet.merge_cells(f"{column}2:{column}3")  # one header over both rows
    sheet.merge_cells("D2:E2")
    sheet.append(["一、经济界"])
    sheet.merge_cells("A4:F4")
    sheet.append([1, "郑国平", "男", "13812345678", "0571-88880001", "青石镇农业服务中心"])
    sheet.append(["二、农业界"])
    sheet.append([2, "钱秀英", "女", "13700001111", None, "青石镇卫生院"])
    path = tmp_path / "通讯录.xlsx"
    book.save(path)
    report = workbook_import(path=path, actor=None, dry_run=False, organisation=town)
    assert report.ok, report.errors
    (shown,) = report.layouts
    assert shown["header_row"] == 3
    assert dict(zip(shown["headers"], shown["fields"], strict=True)) == {
        "序号": "",
        "姓名": "姓名",
        "性别": "性别",
        "手机": "手机",
        "办公电话": "",
        "工作单位": "工作单位",
    }
    assert sorted(Person.objects.filter(organisation=town).values_list("name", flat=True)) == [
        "郑国平",
        "钱秀英",
    ]
    warnings = [str(w) for w in report.warnings]
    assert "委员通讯录 行4: “一、经济界”看作分组标题，不是一条记录，未导入" in warnings
    assert "委员通讯录 行6: “二、农业界”看作分组标题，不是一条记录，未导入" in warnings


def test_who_came_is_read_from_the_activity_ledger(town, tmp_path):
    import openpyxl

    from lianluo.activities.models import Attendance

    path = ledger_book(tmp_path / "台账.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["活动台账"]
    sheet["H2"], sheet["I2"] = "参加人员", "请假人员"
    sheet["H3"], sheet["I3"] = "郑国平、林  晓", "钱秀英"  # 学习全国两会精神
    sheet["H4"] = "郑国平，钱秀英"  # 视察
    book.save(path)
    report = workbook_import(path=path, actor=None, dry_run=False, organisation=town)
    assert report.ok, report.errors
    assert report.counts["出勤"].created == 5
    study = Activity.objects.get(organisation=town, subject="学习全国两会精神")
    assert dict(
        Attendance.objects.filter(activity=study).values_list("person__name", "status")
    ) == {
        "郑国平": "present",
        "林晓": "present",
        "钱秀英": "leave",
    }
    again = workbook_import(path=path, actor=None, dry_run=True, organisation=town)
    assert vars(again.counts["出勤"]) == {"created": 0, "updated": 0, "unchanged": 5}
    # a name on nobody's roster is named at its cell, with every other error of the file
    sheet["H4"] = "郑国平、王不在"
    sheet["B5"] = "2024年13月"
    book.save(path)
    report = workbook_import(path=path, actor=None, dry_run=True, organisation=town)
    assert [str(e) for e in report.errors] == [
        "活动台账 行5 活动时间: 月份13不存在",
        "活动台账 行4 参加人员: 人员表和系统中都没有“王不在”",
    ]
    assert report.as_dict()["issues"][1][:3] == ["活动台账", 4, 7]


def test_the_liaison_format_has_no_attendance_column_on_its_activity_sheet(tmp_path):
    from lianluo.workbook.tests.helpers import write_workbook

    org = [["名称", "类型"], ["某镇政协联络组", "政协联络组"]]
    activities = [
        ["编号", "日期", "类型", "主题", "出席人员"],
        ["A1", "2024-03-08", "集中学习", "学习", "某人"],
    ]
    report = workbook_import(
        path=write_workbook(tmp_path / "a.xlsx", {"组织": org, "活动": activities}),
        actor=None,
        dry_run=True,
    )
    assert report.ok and "出勤" not in report.counts
    assert "活动 行1 出席人员: 未知列，已忽略" in [str(w) for w in report.warnings]


def test_a_mapping_that_keeps_the_other_columns_in_the_note(town, tmp_path):
    entry = {"kind": "人员", "header_row": 3, "unmapped": "note", "fixed": {"身份": "政协委员"}}
    report = workbook_import(
        path=roster_book(tmp_path / "名册.xlsx"),
        actor=None,
        dry_run=False,
        organisation=town,
        mapping={"sheets": {"委员名册": entry}},
    )
    assert report.ok, report.errors
    assert Person.objects.get(name="郑国平").note == "民族:汉族；出生年月:1970.03"
