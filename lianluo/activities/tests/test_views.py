import datetime as dt

import pytest
from django.urls import reverse

from lianluo.activities.models import Activity, Attendance, AttendanceEvent
from lianluo.people.services import group_save


def test_staff_create_a_month_only_activity_invite_a_group_and_record_attendance(client, world):
    group = group_save(
        actor=None,
        organisation=world.town_a,
        name="经济小组",
        members=[world.person_a, world.person_a2],
    )
    client.force_login(world.staff)
    response = client.post(
        reverse("activities:create"),
        {
            "kind": "inspection",
            "subject": "视察工业园区",
            "when": "2024年6月",
            "place": "白沙镇",
            "partners": "县人大代表、镇政府",
            "mandatory": "on",
            "suggestions_count": 3,
        },
    )
    activity = Activity.objects.get()
    assert response.url == reverse("activities:detail", args=[activity.pk])
    assert (activity.partial_date.chinese(), activity.code, activity.partners) == (
        "6月",
        "2024-001",
        ["县人大代表", "镇政府"],
    )
    client.post(reverse("activities:invite", args=[activity.pk]), {"groups": [group.pk]})
    assert Attendance.objects.filter(activity=activity).count() == 2
    first, second = Attendance.objects.filter(activity=activity).order_by("person__name_pinyin")
    client.post(
        reverse("activities:detail", args=[activity.pk]),
        {
            f"status_{first.pk}": "present",
            f"status_{second.pk}": "leave",
            f"note_{second.pk}": "出差",
        },
    )
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "出席 1、请假 1、缺席 0" in page
    assert AttendanceEvent.objects.filter(attendance=second).values_list(
        "to_status", "note"
    ).last() == ("leave", "出差")


def test_a_bad_date_is_named_at_its_field(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("activities:create"), {"kind": "study", "subject": "学习", "when": "明年春天"}
    )
    assert response.context["form"].errors["when"] == [
        "无法识别的日期“明年春天”，请填写如 2024-07-05、2024年7月 或 7月份"
    ]
    assert not Activity.objects.exists()


def test_leaders_read_activities_but_change_nothing(client, world):
    activity = Activity.objects.create(
        organisation=world.town_a, code="A1", kind="study", subject="学习", date=dt.date(2024, 3, 1)
    )
    Attendance.objects.create(activity=activity, person=world.person_a)
    client.force_login(world.leader)
    assert (
        client.get(reverse("activities:list"), {"year": 2024}).context["page"].paginator.count == 1
    )
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "保存出勤" not in page
    attendance = Attendance.objects.get()
    response = client.post(
        reverse("activities:detail", args=[activity.pk]), {f"status_{attendance.pk}": "present"}
    )
    assert response.status_code == 404
    assert Attendance.objects.get().status == "invited"


def test_discipline_page_lists_warnings_with_their_evidence(client, world):
    for month, status in ((1, "absent"), (2, "leave"), (3, "absent")):
        activity = Activity.objects.create(
            organisation=world.town_a,
            code=f"A{month}",
            kind="study",
            subject=f"第{month}次学习",
            date=dt.date(2024, month, 5),
        )
        Attendance.objects.create(activity=activity, person=world.person_a, status=status)
    client.force_login(world.staff)
    page = client.get(reverse("activities:discipline"), {"as_of": "2024-12-31"}).content.decode()
    assert "周建华" in page and "连续缺席 2 次 · 口头警告" in page
    assert "2024-01-05 第1次学习（缺席）；2024-03-05 第3次学习（缺席）" in page


def test_activity_list_queries_do_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.staff)
    client.get(reverse("home:home"))
    Activity.objects.create(
        organisation=world.town_a, code="A0", kind="study", subject="学习", date=dt.date(2024, 1, 1)
    )
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("activities:list"), {"year": 2024})
    Activity.objects.bulk_create(
        Activity(
            organisation=world.town_a,
            code=f"B{i}",
            kind="forum",
            subject="座谈",
            date=dt.date(2024, 2, 1),
        )
        for i in range(40)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("activities:list"), {"year": 2024})
    assert response.context["page"].paginator.count == 41


def test_staff_set_the_start_time_on_the_form_and_wrong_times_are_named(client, world):
    client.force_login(world.staff)
    base = {"kind": "forum", "subject": "座谈会", "when": "2026-05-08", "mandatory": "on"}
    wrong = client.post(
        reverse("activities:create"),
        {**base, "starts_at": "2026-05-09T09:00", "ends_at": "2026-05-09T08:00"},
    )
    errors = wrong.context["form"].errors
    assert errors["starts_at"] == ["开始时间应在活动日期当天"]
    assert errors["ends_at"] == ["结束时间不能早于开始时间"]
    assert not Activity.objects.exists()
    client.post(
        reverse("activities:create"),
        {**base, "starts_at": "2026-05-08T09:00", "answer_deadline": "2026-05-07T18:00"},
    )
    activity = Activity.objects.get()
    from django.utils import timezone

    assert timezone.localtime(activity.starts_at).strftime("%m-%d %H:%M") == "05-08 09:00"
    assert timezone.localtime(activity.answer_deadline).hour == 18
    page = client.get(reverse("activities:edit", args=[activity.pk])).content.decode()
    assert 'value="2026-05-08T09:00"' in page


def test_a_members_home_says_sign_in_is_open_only_on_the_activitys_day(client, world):
    from django.utils import timezone

    now = timezone.localtime()
    if (now + dt.timedelta(minutes=10)).date() != now.date():
        pytest.skip("just before midnight the activity would fall on tomorrow")
    for days, subject in ((0, "今天的座谈会"), (1, "明天的座谈会")):
        start = now + dt.timedelta(days=days, minutes=10)
        activity = Activity.objects.create(
            organisation=world.town_a, kind="forum", subject=subject, date=start.date(),
            starts_at=start, mandatory=False,
        )  # fmt: skip
        Attendance.objects.create(activity=activity, person=world.person_a)
    client.force_login(world.member)
    todos = {t.text for t in client.get("/").context["todos"]}
    assert "“今天的座谈会”正在签到，请扫描现场的签到码" in todos
    assert not any("明天的座谈会”正在签到" in t for t in todos)
    assert any("明天的座谈会”：是否参加？" in t for t in todos)
