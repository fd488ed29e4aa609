import datetime as dt
from zoneinfo import ZoneInfo

from django.urls import reverse

from lianluo.activities.models import Activity, Attendance, CalendarFeed

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _activities(world):
    day = Activity.objects.create(
        organisation=world.town_a,
        code="C1",
        kind="study",
        subject="学习全会精神",
        place="会议室",
        date=dt.date(2024, 6, 18),
        starts_at=dt.datetime(2024, 6, 18, 9, 0, tzinfo=SHANGHAI),
    )
    month = Activity.objects.create(
        organisation=world.town_a,
        code="C2",
        kind="inspection",
        subject="视察工业园区",
        date=dt.date(2024, 6, 1),
        date_precision="month",
    )
    Activity.objects.create(
        organisation=world.town_b,
        code="C3",
        kind="forum",
        subject="乙镇座谈",
        date=dt.date(2024, 6, 18),
    )
    return day, month


def test_the_month_view_places_days_and_keeps_month_only_activities_apart(client, world):
    _activities(world)
    client.force_login(world.staff)
    response = client.get(reverse("activities:calendar"), {"month": "2024-06"})
    page = response.content.decode()
    assert "2024年6月活动" in page
    assert "09:00 集中学习：学习全会精神" in page
    assert "本月（日期未记录到日）" in page and "视察：视察工业园区" in page
    assert "乙镇座谈" not in page
    june_18 = next(
        cell
        for week in response.context["weeks"]
        for cell in week
        if cell["day"] == dt.date(2024, 6, 18)
    )
    assert [a.code for a in june_18["activities"]] == ["C1"]


def test_a_members_private_feed_lists_their_activities_until_revoked(client, world):
    day, month = _activities(world)
    Attendance.objects.create(activity=day, person=world.person_a)
    client.force_login(world.member)
    client.post(reverse("activities:feed_create"), {"scope": "mine"})
    feed = CalendarFeed.objects.get()
    assert feed.person == world.person_a
    client.logout()
    url = reverse("activities:feed_ics", args=[feed.token])
    body = client.get(url).content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and "SUMMARY:集中学习：学习全会精神" in body
    assert "DTSTART:20240618T010000Z" in body and "视察工业园区" not in body
    client.force_login(world.member)
    client.post(reverse("activities:feed_revoke", args=[feed.pk]))
    client.logout()
    assert client.get(url).status_code == 404


def test_an_organisation_feed_marks_month_only_dates(client, world):
    _activities(world)
    client.force_login(world.staff)
    client.post(reverse("activities:feed_create"), {"scope": "org"})
    feed = CalendarFeed.objects.get()
    body = client.get(reverse("activities:feed_ics", args=[feed.token])).content.decode()
    assert "SUMMARY:视察：视察工业园区（6月，具体日期待定）" in body
    assert "DTSTART;VALUE=DATE:20240601" in body
    assert "乙镇座谈" not in body
    client.force_login(world.outsider)
    assert client.post(reverse("activities:feed_revoke", args=[feed.pk])).status_code == 404
