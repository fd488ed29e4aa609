"""Uploads an attacker would try: a file renamed to .xlsx, a zip bomb, XML entities, a 200 MB
body. Each is refused with a clear message, in bounded time and memory, with nothing written."""

import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lianluo.activities.models import Activity
from lianluo.people.models import Person
from lianluo.submissions.models import Submission, SubmissionFile
from lianluo.workbook.importer import workbook_import
from lianluo.workbook.models import ImportJob
from lianluo.workbook.tests.helpers import write_workbook

ORG = [["名称", "类型"], ["甲镇政协联络组", "政协联络组"]]
PEOPLE = [["姓名", "身份"], ["郑国平", "政协委员"]]
NAME_XML = "".join(f"&#{ord(c)};" for c in "郑国平")  # as openpyxl writes it


def _valid_xlsx(tmp_path):
    return write_workbook(tmp_path / "ok.xlsx", {"组织": ORG, "人员": PEOPLE})


def _rewrite(source, target, replace: dict[str, bytes]):
    """The same package with some parts replaced (written as a real Office zip)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, replace.get(item.filename, old.read(item.filename)))
    return target


def test_a_file_renamed_to_xlsx_is_refused_at_upload(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("workbook:import"),
        {"file": SimpleUploadedFile("名册.xlsx", "姓名,身份\n郑国平,政协委员\n".encode())},
    )
    assert "文件内容与扩展名 .xlsx 不符" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_zip_bomb_is_refused_before_it_is_parsed_in_bounded_memory(world, tmp_path, settings):
    settings.LIANLUO_WORKBOOK_MAX_UNPACKED_BYTES = 20 * 1024 * 1024
    valid = _valid_xlsx(tmp_path)
    sheet = "xl/worksheets/sheet2.xml"
    bomb = _rewrite(valid, tmp_path / "bomb.xlsx", {sheet: b"<a>" + b" " * 200_000_000 + b"</a>"})
    assert bomb.stat().st_size < 1_000_000  # 200 MB of XML in well under 1 MB
    tracemalloc.start()
    began = time.monotonic()
    report = workbook_import(path=bomb, actor=world.staff, dry_run=False)
    elapsed, (_, peak) = time.monotonic() - began, tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [str(e) for e in report.errors] == [
        "文件: 无法读取文件：文件解压后超过 20 MB，已拒绝（疑似压缩炸弹）"
    ]
    assert peak < 16 * 1024 * 1024 and elapsed < 10
    assert Person.objects.filter(name="郑国平").count() == 0


@pytest.mark.parametrize(
    "doctype",
    [
        # billion laughs: entities that expand to gigabytes
        '<!DOCTYPE a [<!ENTITY l0 "哈哈"><!ENTITY l1 "&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;">'
        '<!ENTITY l2 "&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;">'
        '<!ENTITY l3 "&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;">]>',
        # an external entity that would read the server's files
        '<!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    ],
    ids=["entity-expansion", "external-entity"],
)
def test_xml_with_a_dtd_is_refused(world, tmp_path, doctype):
    valid = _valid_xlsx(tmp_path)
    with zipfile.ZipFile(valid) as book:
        part, sheet = next(
            (name, text)
            for name in book.namelist()
            if NAME_XML in (text := book.read(name).decode())
        )
    poisoned = doctype + sheet.replace(NAME_XML, "&l3;&xxe;")
    path = _rewrite(valid, tmp_path / "xxe.xlsx", {part: poisoned.encode()})
    report = workbook_import(path=path, actor=world.staff, dry_run=False)
    assert len(report.errors) == 1
    message = str(report.errors[0])
    assert "含有 DTD 声明" in message and "root:" not in message
    assert not report.applied and Person.objects.filter(organisation=world.town_a).count() == 2


def test_a_200_mb_body_is_answered_413_before_it_is_read(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("workbook:import"),
        {"file": SimpleUploadedFile("大文件.xlsx", b"PK\x03\x04")},
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "上传的内容过大（200 MB），单个文件不能超过 51 MB" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_submission_attachments_are_checked_like_activity_files(client, world):
    item = Submission.objects.create(
        organisation=world.town_a, kind="suggestion", title="关于修路的建议", year=2026,
        state="submitted",
    )  # fmt: skip
    client.force_login(world.staff)
    url = reverse("submissions:file_add", args=[item.pk])
    for name, content, message in (
        ("工具.exe", b"MZ\x90\x00", "不支持的文件类型：.exe"),
        ("照片.jpg", b"<script>", "文件内容与扩展名 .jpg 不符"),
    ):
        response = client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)
        assert message in response.content.decode()
    assert SubmissionFile.objects.count() == 0
    client.post(url, {"file": SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\n....")})
    assert SubmissionFile.objects.count() == 1
    assert Activity.objects.count() == 0


def test_a_refused_zip_bomb_is_not_unpacked_to_mark_it(
    client, world, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.LIANLUO_WORKBOOK_MAX_UNPACKED_BYTES = 20 * 1024 * 1024
    sheet = "xl/worksheets/sheet2.xml"
    bomb = _rewrite(
        _valid_xlsx(tmp_path), tmp_path / "b.xlsx", {sheet: b"<a>" + b" " * 200_000_000 + b"</a>"}
    )
    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("workbook:import"), {"file": SimpleUploadedFile("名册.xlsx", bomb.read_bytes())}
        )
    job = ImportJob.objects.get()
    assert job.status == "invalid"
    tracemalloc.start()
    response = client.get(reverse("workbook:job_marked", args=[job.pk]))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 404 and peak < 16 * 1024 * 1024
