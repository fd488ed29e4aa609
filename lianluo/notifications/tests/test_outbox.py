import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from lianluo.activities.models import Activity, LeaveRequest
from lianluo.activities.services import (
    activity_invite,
    activity_send_reminders,
    leave_request_decide,
)
from lianluo.activities.tasks import send_tomorrows_reminders
from lianluo.notifications.backends import DeliveryError
from lianluo.notifications.models import Message
from lianluo.notifications.services import message_deliver, notify


def _activity(org, date):
    return Activity.objects.create(
        organisation=org,
        code=f"N{date.day}",
        kind="study",
        subject="学习全会精神",
        place="镇政府会议室",
        date=date,
        starts_at=timezone.make_aware(dt.datetime.combine(date, dt.time(9, 0))),
    )


def test_an_invitation_reaches_the_members_inbox(client, world, django_capture_on_commit_callbacks):
    activity = _activity(world.town_a, timezone.localdate() + dt.timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        activity_invite(actor=world.staff, activity=activity, people=[world.person_a])
    message = Message.objects.get()
    assert (message.status, message.attempts, message.kind) == ("sent", 1, "invitation")
    assert "甲镇政协联络组定于" in message.body and "镇政府会议室" in message.body
    client.force_login(world.member)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "活动通知：学习全会精神" in page
    assert Message.objects.get().read_at is not None


def test_a_leave_decision_is_sent_to_the_member(world):
    activity = _activity(world.town_a, timezone.localdate() + dt.timedelta(days=5))
    activity_invite(actor=None, activity=activity, people=[world.person_a])
    from lianluo.activities.models import Attendance

    leave = LeaveRequest.objects.create(attendance=Attendance.objects.get(), reason="出差")
    leave_request_decide(actor=world.staff, leave=leave, approve=False, note="本次为全体必须参加")
    decision = Message.objects.get(kind="leave_decision")
    assert decision.subject == "请假未获批准"
    assert "本次为全体必须参加" in decision.body


def test_reminders_go_out_the_day_before_and_only_once(world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    activity = _activity(world.town_a, tomorrow)
    activity_invite(actor=None, activity=activity, people=[world.person_a, world.person_a2])
    send_tomorrows_reminders.call_local()  # the evening's periodic task, as the worker runs it
    assert activity_send_reminders() == 0
    assert Message.objects.filter(kind=f"reminder:{activity.pk}").count() == 2


def test_failed_deliveries_are_recorded_and_raised_for_retry(world, settings):
    settings.LIANLUO_NOTIFICATION_BACKENDS = {"sms": "sms"}
    settings.LIANLUO_SMS_GATEWAY_URL = ""
    message = notify(person=world.person_a, kind="test", subject="测试", body="正文", channel="sms")
    with pytest.raises(DeliveryError, match="未配置短信网关"):
        message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        "failed",
        1,
        "未配置短信网关（LIANLUO_SMS_GATEWAY_URL）",
    )


def test_the_file_backend_writes_the_outbox_log(world, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.LIANLUO_NOTIFICATION_BACKENDS = {"sms": "file"}
    message = notify(person=world.person_a, kind="test", subject="测试", body="正文", channel="sms")
    message_deliver(message_id=message.pk)
    line = json.loads((tmp_path / "outbox.log").read_text(encoding="utf-8"))
    assert (line["to"], line["subject"]) == (world.person_a.mobile, "测试")
