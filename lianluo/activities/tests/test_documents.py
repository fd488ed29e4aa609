import datetime as dt
import io

from django.urls import reverse
from docx import Document

from lianluo.activities.models import Activity, Attendance


def _text(response) -> str:
    document = Document(io.BytesIO(response.content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_the_signin_sheet_lists_every_invitee(client, world):
    activity = Activity.objects.create(
        organisation=world.town_a,
        code="A1",
        kind="study",
        subject="学习全会精神",
        place="镇政府会议室",
        date=dt.date(2024, 6, 1),
        date_precision="month",
    )
    for person in (world.person_a, world.person_a2):
        Attendance.objects.create(activity=activity, person=person)
    client.force_login(world.staff)
    response = client.get(reverse("activities:signin_sheet", args=[activity.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _text(response)
    assert "甲镇政协联络组集中学习签到表" in text
    assert "时间：2024年6月" in text and "地点：镇政府会议室" in text
    assert "周建华" in text and "陈玉兰" in text and "甲镇卫生院" in text


def _absences(world, count):
    for month in range(1, count + 1):
        activity = Activity.objects.create(
            organisation=world.town_a,
            code=f"A{month}",
            kind="study",
            subject=f"第{month}次学习",
            date=dt.date(2024, month, 5),
        )
        Attendance.objects.create(activity=activity, person=world.person_a, status="absent")


def test_a_warning_letter_names_the_absences(client, world):
    _absences(world, 2)
    client.force_login(world.staff)
    text = _text(client.get(reverse("activities:discipline_letter", args=[world.person_a.pk])))
    assert text.startswith("口头警告通知\n周建华同志：")
    assert "连续2次无故缺席以下活动：2024-01-05“第1次学习”、2024-02-05“第2次学习”" in text


def test_a_removal_recommendation_goes_to_the_upper_level(client, world):
    _absences(world, 3)
    client.force_login(world.staff)
    text = _text(client.get(reverse("activities:discipline_letter", args=[world.person_a.pk])))
    assert "关于建议取消周建华同志委员资格的函" in text
    assert "测试区政协：" in text and "连续3次无故缺席甲镇政协联络组组织的活动" in text


def test_no_letter_for_someone_in_good_standing(client, world):
    _absences(world, 1)
    client.force_login(world.staff)
    assert (
        client.get(reverse("activities:discipline_letter", args=[world.person_a.pk])).status_code
        == 404
    )


def test_staff_send_the_warning_through_the_outbox(client, world):
    from lianluo.audit.models import AuditEntry
    from lianluo.notifications.models import Message

    _absences(world, 2)
    client.force_login(world.staff)
    client.post(reverse("activities:discipline_notify", args=[world.person_a.pk]))
    message = Message.objects.get(kind="discipline:warning")
    assert message.person == world.person_a and message.subject == "口头警告"
    assert "连续2次无故缺席甲镇政协联络组组织的活动" in message.body
    assert AuditEntry.objects.filter(action="discipline.notified").count() == 1
    client.force_login(world.leader)
    assert (
        client.post(reverse("activities:discipline_notify", args=[world.person_a.pk])).status_code
        == 404
    )
