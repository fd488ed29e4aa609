import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lianluo.activities.models import Activity, ActivityFile
from lianluo.activities.outcomes import activity_file_add, suggestion_add
from lianluo.core.errors import ApplicationError

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def _activity(world):
    return Activity.objects.create(
        organisation=world.town_a,
        code="O1",
        kind="forum",
        subject="座谈会",
        date=dt.date(2024, 5, 1),
        suggestions_count=1,
    )


def test_suggestions_keep_who_raised_them_and_the_count_follows(world):
    activity = _activity(world)
    suggestion_add(
        actor=world.staff, activity=activity, text="完善园区道路", raised_by=world.person_a
    )
    suggestion_add(
        actor=world.staff, activity=activity, text="增设公交站点", raised_by_other="县人大代表"
    )
    activity.refresh_from_db()
    assert activity.suggestions_count == 2
    assert [s.raised_by_other or s.raised_by.name for s in activity.suggestions.all()] == [
        "周建华",
        "县人大代表",
    ]
    with pytest.raises(ApplicationError):
        suggestion_add(actor=world.staff, activity=activity, text="越权", raised_by=world.person_b)


def test_files_are_checked_by_type_content_and_size(world, settings):
    activity = _activity(world)
    stored = activity_file_add(
        actor=world.staff,
        activity=activity,
        kind="photo",
        upload=SimpleUploadedFile("现场.png", PNG),
    )
    assert (stored.original_name, stored.size) == ("现场.png", len(PNG))
    with pytest.raises(ApplicationError, match="不支持的文件类型：.exe"):
        activity_file_add(
            actor=world.staff,
            activity=activity,
            kind="other",
            upload=SimpleUploadedFile("a.exe", b"MZ"),
        )
    with pytest.raises(ApplicationError, match="文件内容与扩展名 .pdf 不符"):
        activity_file_add(
            actor=world.staff,
            activity=activity,
            kind="report",
            upload=SimpleUploadedFile("报告.pdf", b"not a pdf"),
        )
    with pytest.raises(ApplicationError, match="不支持的文件类型：.pdf"):
        activity_file_add(
            actor=world.staff,
            activity=activity,
            kind="photo",
            upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
        )
    settings.LIANLUO_ACTIVITY_FILE_MAX_BYTES = 10
    with pytest.raises(ApplicationError, match="文件过大"):
        activity_file_add(
            actor=world.staff,
            activity=activity,
            kind="photo",
            upload=SimpleUploadedFile("b.png", PNG),
        )
    assert ActivityFile.objects.count() == 1


def test_files_are_uploaded_and_downloaded_within_scope(client, world):
    activity = _activity(world)
    client.force_login(world.staff)
    client.post(
        reverse("activities:file_create", args=[activity.pk]),
        {"kind": "minutes", "file": SimpleUploadedFile("纪要.txt", "会议纪要".encode())},
    )
    stored = ActivityFile.objects.get()
    response = client.get(reverse("activities:file", args=[stored.pk]))
    assert b"".join(response.streaming_content).decode() == "会议纪要"
    client.force_login(world.outsider)
    assert client.get(reverse("activities:file", args=[stored.pk])).status_code == 404
