import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from lianluo.activities.models import (
    Activity,
    Attendance,
    LeaveRequest,
    SignIn,
    SignInRefusal,
)
from lianluo.activities.services import (
    activity_invite,
    leave_request_create,
    signin_manual,
    signin_scan,
    signin_token,
)
from lianluo.activities.tests.times import start_today, today_at
from lianluo.core.errors import ApplicationError


def _activity(org, *, starts_at, ends_at=None, mandatory=True, deadline=None):
    return Activity.objects.create(
        organisation=org,
        code=f"S{Activity.objects.count() + 1}",
        kind="study",
        subject="学习全会精神",
        date=timezone.localtime(starts_at).date(),
        starts_at=starts_at,
        ends_at=ends_at,
        mandatory=mandatory,
        answer_deadline=deadline,
    )


def test_a_member_on_a_phone_asks_for_leave_and_staff_approve(client, world):
    activity = _activity(world.town_a, starts_at=timezone.now() + dt.timedelta(days=3))
    activity_invite(actor=world.staff, activity=activity, people=[world.person_a, world.person_a2])
    client.force_login(world.member)
    page = client.get(reverse("activities:mine")).content.decode()
    assert "学习全会精神" in page and "请假" in page
    response = client.post(
        reverse("activities:leave", args=[activity.pk]), {"reason": "赴省里开会"}
    )
    assert response.status_code == 302
    leave = LeaveRequest.objects.get()
    assert (leave.status, leave.reason) == ("pending", "赴省里开会")
    client.force_login(world.staff)
    assert (
        "赴省里开会"
        in client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    )
    client.post(reverse("activities:decide_leave", args=[leave.pk]), {"approve": "1"})
    attendance = Attendance.objects.get(person=world.person_a)
    assert (attendance.status, attendance.note) == ("leave", "赴省里开会")


def test_leave_needs_a_reason_respects_the_cap_and_the_deadline(world):
    activity = _activity(world.town_a, starts_at=timezone.now() + dt.timedelta(days=3))
    activity_invite(actor=None, activity=activity, people=[world.person_a])
    with pytest.raises(ApplicationError, match="请填写请假原因"):
        leave_request_create(actor=world.member, activity=activity, reason="  ")
    for _ in range(2):
        leave = leave_request_create(actor=world.member, activity=activity, reason="出差")
        with pytest.raises(ApplicationError, match="正在等待审批"):
            leave_request_create(actor=world.member, activity=activity, reason="再次")
        LeaveRequest.objects.filter(pk=leave.pk).update(status="refused")
    with pytest.raises(ApplicationError, match="每次活动最多申请请假2次"):
        leave_request_create(actor=world.member, activity=activity, reason="第三次")
    late = _activity(
        world.town_a,
        starts_at=timezone.now() + dt.timedelta(days=3),
        deadline=timezone.now() - dt.timedelta(hours=1),
    )
    activity_invite(actor=None, activity=late, people=[world.person_a])
    with pytest.raises(ApplicationError, match="已过请假截止时间"):
        leave_request_create(actor=world.member, activity=late, reason="出差")


def test_a_member_signs_in_once_by_the_code_and_staff_see_it(client, world):
    activity = _activity(world.town_a, starts_at=start_today(10))
    activity_invite(actor=None, activity=activity, people=[world.person_a])
    client.force_login(world.staff)
    code_page = client.get(reverse("activities:signin_code", args=[activity.pk])).content.decode()
    assert "<svg" in code_page
    client.force_login(world.member)
    url = reverse("activities:scan", args=[signin_token(activity=activity)])
    assert "确认签到" in client.get(url).content.decode()
    assert SignIn.objects.count() == 0  # opening the link signs nobody in
    assert "签到成功" in client.post(url).content.decode()
    assert "您已签到" in client.post(url).content.decode()
    assert SignIn.objects.count() == 1
    attendance = Attendance.objects.get()
    assert (attendance.status, attendance.late) == ("present", False)
    client.force_login(world.staff)
    assert (
        "出席 1、请假 0、缺席 0"
        in client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    )


def test_arrivals_after_the_start_are_late_and_refusals_are_logged(world):
    start = today_at(10)
    activity = _activity(world.town_a, starts_at=start)
    activity_invite(actor=None, activity=activity, people=[world.person_a])
    token = signin_token(activity=activity)
    sign_in, created = signin_scan(
        actor=world.member, token=token, now=start + dt.timedelta(minutes=15)
    )
    assert created and sign_in.late and Attendance.objects.get().late
    with pytest.raises(ApplicationError, match="不在签到时间内"):
        signin_scan(actor=world.member, token=token, now=start + dt.timedelta(hours=5))
    other = world.member.__class__.objects.get(username="member_a")
    other.person = world.person_a2
    with pytest.raises(ApplicationError, match="您没有受邀参加该活动"):
        signin_scan(actor=other, token=token, now=start)
    with pytest.raises(ApplicationError, match="签到码无效"):
        signin_scan(actor=world.member, token=token[:-2] + "xx", now=start)
    assert sorted(SignInRefusal.objects.values_list("reason", flat=True)) == sorted(
        ["不在签到时间内", "签到码无效", "您没有受邀参加该活动"]
    )


def test_a_multi_day_activity_is_signed_per_day(world):
    start = today_at(10)
    activity = _activity(world.town_a, starts_at=start, ends_at=start + dt.timedelta(days=1))
    activity_invite(actor=None, activity=activity, people=[world.person_a])
    token = signin_token(activity=activity)
    signin_scan(actor=world.member, token=token, now=start)
    signin_scan(actor=world.member, token=token, now=start + dt.timedelta(days=1))
    assert SignIn.objects.count() == 2
    with pytest.raises(ApplicationError, match="不在签到时间内"):
        signin_scan(actor=world.member, token=token, now=start + dt.timedelta(days=2))


def test_staff_sign_someone_in_by_hand_with_a_reason(client, world):
    activity = _activity(world.town_a, starts_at=timezone.now() - dt.timedelta(days=1))
    activity_invite(actor=None, activity=activity, people=[world.person_a2])
    with pytest.raises(ApplicationError, match="补签须填写原因"):
        signin_manual(
            actor=world.staff,
            activity=activity,
            person=world.person_a2,
            day=activity.date,
            reason="",
        )
    client.force_login(world.staff)
    attendance = Attendance.objects.get()
    client.post(
        reverse("activities:manual_signin", args=[activity.pk]),
        {"attendance": attendance.pk, "day": activity.date.isoformat(), "reason": "手机没电"},
    )
    sign_in = SignIn.objects.get()
    assert (sign_in.manual, sign_in.reason, sign_in.actor) == (True, "手机没电", world.staff)
    assert Attendance.objects.get().status == "present"


@pytest.mark.django_db(transaction=True)
def test_two_scans_at_the_same_moment_make_one_sign_in(world):
    start = today_at(10)
    activity = _activity(world.town_a, starts_at=start)
    activity_invite(actor=None, activity=activity, people=[world.person_a])
    token = signin_token(activity=activity)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def scan():
        try:
            barrier.wait()
            results.append(signin_scan(actor=world.member, token=token, now=start)[1])
        except Exception as exc:  # noqa: BLE001 (collected and asserted below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert SignIn.objects.count() == 1
    assert Attendance.objects.get().status == "present"


def test_a_scan_is_a_few_queries_and_its_own_record(client, world, django_assert_max_num_queries):
    from lianluo.activities.models import AttendanceEvent
    from lianluo.audit.models import AuditEntry

    activity = _activity(world.town_a, starts_at=start_today(10))
    activity_invite(actor=None, activity=activity, people=[world.person_a])
    client.force_login(world.member)
    url = reverse("activities:scan", args=[signin_token(activity=activity)])
    audited = AuditEntry.objects.count()
    # 12 statements — session, user, activity, its rules, the invitation, the sign-in, the lock,
    # the event, the status, the menu's two, the session's refresh — and 6 savepoint statements
    # (here inside the test's transaction; in production they are BEGIN and COMMIT)
    with django_assert_max_num_queries(18):
        page = client.post(url).content.decode()
    assert "签到成功" in page and "学习全会精神" in page
    assert AuditEntry.objects.count() == audited  # the sign-in and its event row are the record
    event = AttendanceEvent.objects.filter(attendance__activity=activity).latest("id")
    assert (event.from_status, event.to_status, event.note) == ("invited", "present", "扫码签到")
