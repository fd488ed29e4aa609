"""Every kind of Word document opens in LibreOffice and prints readable Chinese; the Excel tables
hold what the pages show, with personal data masked."""

import datetime as dt
import io
import os

import openpyxl
import pytest
from django.urls import reverse

from lianluo.activities.documents import (
    activity_notice_docx,
    removal_recommendation_docx,
    signin_sheet_docx,
    warning_letter_docx,
)
from lianluo.activities.models import Activity, Attendance, DisciplineSettings
from lianluo.activities.selectors import Standing
from lianluo.briefings.documents import briefing_docx
from lianluo.briefings.models import Briefing, BriefingItem
from lianluo.documents.pdf import docx_to_pdf, soffice_path
from lianluo.duty.documents import duty_record_docx
from lianluo.duty.selectors import duty_record
from lianluo.orgs.models import Organisation
from lianluo.people.models import Person
from lianluo.reports.render import to_docx
from lianluo.reports.selectors import current_text
from lianluo.reports.tests.helpers import import_example

TODAY = dt.date(2025, 1, 10)
CJK_FONT_MARKS = ("CJK", "Noto", "Droid", "WenQuanYi", "SimSun", "FangSong", "SimHei", "Source Han")


def _pdf_text_and_fonts(content: bytes) -> tuple[str, set[str]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont", "")))
    return text.replace(" ", "").replace("\n", ""), fonts


@pytest.fixture
def documents(db):
    """One of each kind of Word document Lianluo writes, from the qingshi example's records."""
    import_example("qingshi-2024")
    organisation = Organisation.objects.get(name="青石镇政协联络组")
    title, sections, _ = current_text(organisation=organisation, year=2024, fresh=True, today=TODAY)
    activity = Activity.objects.get(organisation=organisation, code="XX-1")
    people = [
        a.person for a in Attendance.objects.filter(activity=activity).select_related("person")
    ]
    person = Person.objects.get(organisation=organisation, name="周建华")
    standing = Standing(
        person_id=person.pk,
        name=person.name,
        streak=2,
        level="warning",
        evidence=[{"date": "2024-09-18", "subject": "学习县政协全会精神"}],
    )
    # the office's own rule is written in the letters, not a fixed 两次/三次
    rules = DisciplineSettings(organisation=organisation, warning_streak=4, removal_streak=6)
    briefing = Briefing.objects.create(
        organisation=organisation,
        year=2024,
        number=3,
        title="青石镇政协联络组视察工业园区",
        status="issued",
        issued_on=TODAY,
    )
    BriefingItem.objects.create(
        briefing=briefing, heading="视察白沙镇工业园区", body="委员提出建议3条。"
    )
    return {
        "年度工作总结": (
            to_docx(title, sections),
            ["青石镇政协联络组2024年工作总结", "出勤率91.7%", "3万元"],
        ),
        "简报": (
            briefing_docx(briefing, briefing.items.all(), upper_name="东江县政协"),
            ["简报", "2024年第3期", "视察白沙镇工业园区"],
        ),
        "活动通知": (
            activity_notice_docx(activity=activity, people=people, today=TODAY),
            ["关于开展学习全国两会精神活动的通知", "周建华"],
        ),
        "签到表": (signin_sheet_docx(activity=activity, people=people), ["签到表", "陈玉兰"]),
        "口头警告通知": (
            warning_letter_docx(
                organisation=organisation, standing=standing, rules=rules, today=TODAY
            ),
            ["口头警告通知", "周建华同志", "连续四次"],
        ),
        "建议取消资格函": (
            removal_recommendation_docx(
                organisation=organisation, standing=standing, rules=rules, today=TODAY
            ),
            ["东江县政协", "委员资格", "连续六次"],
        ),
        "履职档案": (duty_record_docx(duty_record(person, 2024)), ["周建华", "履职"]),
    }


@pytest.mark.skipif(
    os.environ.get("LIANLUO_SKIP_LIBREOFFICE") == "1", reason="LIANLUO_SKIP_LIBREOFFICE=1"
)
def test_every_word_document_converts_to_a_pdf_with_readable_chinese(documents):
    assert soffice_path(), "LibreOffice is missing: `make test` installs it (make system-deps)"
    for kind, (content, phrases) in documents.items():
        text, fonts = _pdf_text_and_fonts(docx_to_pdf(content))
        for phrase in phrases:
            assert phrase in text, f"{kind}: {phrase!r} is not in the PDF's text"
        assert "\ufffd" not in text and "□" not in text, kind
        assert any(mark.lower() in font.lower() for font in fonts for mark in CJK_FONT_MARKS), (
            f"{kind}: no CJK font embedded ({fonts})"
        )


def test_the_roster_in_excel_masks_personal_data(client, world):
    world.person_a.mobile, world.person_a.id_number = "13800138000", "110101199003074514"
    world.person_a.save()
    client.force_login(world.staff)
    response = client.get(reverse("people:roster_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == ("序号", "姓名")
    zhou = next(r for r in rows if r[1] == "周建华")
    assert "13800138000" not in zhou and "110101199003074514" not in zhou
    assert zhou[9].startswith("138") and zhou[9].endswith("8000")
    assert not any(r[1] == "孙海涛" for r in rows[2:])  # township B's member is not in A's roster


def test_the_attendance_matrix_marks_each_answer(client, qingshi_staff):
    client, organisation = qingshi_staff
    response = client.get(reverse("activities:attendance_xlsx") + "?year=2024")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    header = rows[1]
    assert header[0] == "姓名" and header[-4:] == ("出席", "请假", "缺席", "出勤率")
    assert len(header) == 1 + 6 + 4
    zhou = next(r for r in rows if r[0] == "周建华")
    assert zhou[6] == "缺" and zhou[-4:] == (5, 0, 1, "83.3%")
    totals = [
        sum(r[-4] for r in rows[2:]),
        sum(r[-3] for r in rows[2:]),
        sum(r[-2] for r in rows[2:]),
    ]
    assert totals == [33, 2, 1]


def test_the_submission_table_lists_the_filtered_items(client, qingshi_staff):
    client, organisation = qingshi_staff
    response = client.get(reverse("submissions:table_xlsx") + "?kind=suggestion")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert len(rows) == 3
    assert rows[2][3] == "关于完善工业园区配套道路的建议" and rows[2][4] == "刘志强、周建华"


@pytest.fixture
def qingshi_staff(client, db):
    from lianluo.accounts.tests.factories import make_user

    import_example("qingshi-2024")
    organisation = Organisation.objects.get(name="青石镇政协联络组")
    client.force_login(make_user("qs_staff", organisation=organisation, role="staff"))
    return client, organisation
