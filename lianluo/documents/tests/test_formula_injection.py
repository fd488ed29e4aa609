"""Text that looks like a formula (CWE-1236) stays text in every Excel file the web and the
command line write, comes back unchanged on import, and never becomes a field code in Word."""

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from lianluo.accounts.tests.factories import make_user
from lianluo.activities.documents import activity_notice_docx, signin_sheet_docx
from lianluo.activities.models import Activity, Attendance
from lianluo.duty.documents import duty_record_docx
from lianluo.duty.selectors import duty_record
from lianluo.orgs.models import Organisation
from lianluo.people.models import Person
from lianluo.reports.render import to_docx
from lianluo.reports.selectors import current_text
from lianluo.submissions.models import Submission
from lianluo.workbook.importer import workbook_import
from lianluo.workbook.tests.helpers import EXAMPLES

HYPERLINK = '=HYPERLINK("http://evil.example/x","点击查看")'
DDE = '+cmd|"/C calc"!A0'
MINUS = "-2+3+cmd|'/C calc'!A0"
AT = "@SUM(1+1)*cmd|'/C calc'!A0"
CONTROL = "年度\x01总结\x08"  # characters XML cannot hold: dropped, never a failed export
HOSTILE = (HYPERLINK, DDE, MINUS, AT)
ORG = "青石镇政协联络组"


def _qingshi_with_hostile_texts(path: Path) -> Path:
    """The qingshi example with a formula-like text in a text column of every sheet, written the
    way a user's Excel keeps typed text (a string cell), plus a 整改 and a 接待 row."""
    source = CalamineWorkbook.from_path(str(EXAMPLES / "qingshi-2024.xlsx"))
    sheets = {name: source.get_sheet_by_name(name).to_python() for name in source.sheet_names}
    targets = {
        "人员": ("工作单位", HYPERLINK),
        "活动": ("主题", DDE),
        "出勤": ("备注", MINUS),
        "提案建议": ("标题", AT),
        "走访": ("情况", HYPERLINK),
        "事迹": ("内容", DDE),
    }
    for name, (column, text) in targets.items():
        header = sheets[name][0]
        sheets[name][1][header.index(column)] = text
    person = sheets["人员"][1][0]
    sheets["整改"] = [
        ["来源", "意见", "提出人", "整改措施", "状态"],
        ["走访", MINUS, person, AT, "整改中"],
    ]
    sheets["接待"] = [
        ["嘉宾", "单位职务", "交通方式", "班次", "计划抵达", "接站状态"],
        ["林嘉宾", HYPERLINK, "航班", "CA1234", "2024-10-12 09:40", "待接站"],
    ]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value in ("", None):
                    continue
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # typed text, not a formula
    book.save(path)
    return path


def _cells(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in book:
        for row in sheet.iter_rows():
            yield from row


def _assert_no_formula(content: bytes, *expected: str) -> None:
    cells = list(_cells(content))
    formulas = [f"{c.parent.title}!{c.coordinate}={c.value!r}" for c in cells if c.data_type == "f"]
    assert formulas == []
    texts = [c.value for c in cells if isinstance(c.value, str)]
    for text in expected:  # alone in a cell, or after a date in a column heading
        assert any(value == text or value.endswith(" " + text) for value in texts), text
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
            assert cell.quotePrefix, f"{cell.parent.title}!{cell.coordinate}"


@pytest.fixture
def hostile(db, tmp_path):
    report = workbook_import(
        path=_qingshi_with_hostile_texts(tmp_path / "hostile.xlsx"), actor=None, dry_run=False
    )
    assert report.ok, [str(e) for e in report.errors]
    org = Organisation.objects.get(name=ORG)
    Activity.objects.filter(organisation=org, code="XX-2").update(subject=CONTROL)
    return org


def test_formula_like_texts_are_stored_as_typed(hostile):
    assert Person.objects.filter(organisation=hostile, work_unit=HYPERLINK).count() == 1
    assert Activity.objects.filter(organisation=hostile, subject=DDE).count() == 1
    assert Attendance.objects.filter(activity__organisation=hostile, note=MINUS).count() == 1
    assert Submission.objects.filter(organisation=hostile, title=AT).count() == 1


def test_no_excel_file_from_the_web_holds_a_formula(client, hostile):
    client.force_login(make_user("qs", organisation=hostile, role="staff"))
    exports = {
        "台账": reverse("workbook:export", args=[hostile.pk]) + "?year=2024&full=on",
        "名册": reverse("people:roster_xlsx"),
        "出勤统计表": reverse("activities:attendance_xlsx") + "?year=2024",
        "提案建议办理情况表": reverse("submissions:table_xlsx") + "?year=2024",
    }
    expected = {
        "台账": HOSTILE,
        "名册": (HYPERLINK,),
        "出勤统计表": (DDE,),
        "提案建议办理情况表": (AT,),
    }
    for name, url in exports.items():
        response = client.get(url)
        assert response.status_code == 200, name
        content = b"".join(response.streaming_content) if response.streaming else response.content
        _assert_no_formula(content, *expected[name])
        if name in ("台账", "出勤统计表"):
            _assert_no_formula(content, "年度总结")


def test_the_command_line_export_holds_no_formula_and_imports_back_unchanged(hostile, tmp_path):
    # The control characters are dropped on the way out, so that record would read as changed.
    Activity.objects.filter(subject=CONTROL).update(subject="年度总结")
    path = tmp_path / "out.xlsx"
    call_command("export_workbook", "--org", ORG, "--year", "2024", str(path))
    _assert_no_formula(path.read_bytes(), *HOSTILE)
    again = workbook_import(path=path, actor=None, dry_run=True)
    assert again.ok, [str(e) for e in again.errors]
    assert {sheet: (c.created, c.updated) for sheet, c in again.counts.items()} == {
        sheet: (0, 0) for sheet in again.counts
    }


def _document_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode()


def test_word_documents_write_formula_like_text_as_text_never_as_a_field(hostile):
    activity = Activity.objects.get(organisation=hostile, subject=DDE)
    people = [a.person for a in Attendance.objects.filter(activity=activity)]
    person = Person.objects.get(organisation=hostile, work_unit=HYPERLINK)
    title, sections, _ = current_text(
        organisation=hostile, year=2024, fresh=True, today=activity.date
    )
    documents = {
        "notice": activity_notice_docx(activity=activity, people=people, today=activity.date),
        "signin": signin_sheet_docx(activity=activity, people=people),
        "duty": duty_record_docx(duty_record(person, 2024)),
        "summary": to_docx(title, sections),
    }
    shown = {"notice": DDE, "signin": DDE, "duty": DDE, "summary": "年度总结"}
    for name, content in documents.items():
        xml = _document_xml(content)
        assert "w:fldSimple" not in xml and "w:instrText" not in xml, name
        assert shown[name].replace('"', "&quot;") in xml or shown[name] in xml, name
