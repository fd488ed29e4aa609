"""The month calendar and the iCalendar feed (RFC 5545) of activities."""

import calendar as pycalendar
import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from lianluo.activities.models import (
    Activity,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    DatePrecision,
)
from lianluo.core.errors import ApplicationError


def month_grid(
    *, activities: list[Activity], year: int, month: int
) -> tuple[list[list[dict]], list[Activity]]:
    """Weeks of days (Monday first) with each day's activities, and those known by month only."""
    by_day: dict[dt.date, list[Activity]] = {}
    month_only = []
    for activity in activities:
        if activity.date_precision == DatePrecision.MONTH:
            month_only.append(activity)
        else:
            by_day.setdefault(activity.date, []).append(activity)
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {"day": day, "in_month": day.month == month, "activities": by_day.get(day, [])}
                for day in week
            ]
        )
    return weeks, month_only


@transaction.atomic
def calendar_feed_create(*, actor, organisation=None, person=None) -> CalendarFeed:
    if person is not None and person.pk != actor.person_id:
        raise ApplicationError("只能订阅自己的活动日历", code="forbidden")
    if organisation is not None and organisation.pk != actor.organisation_id:
        raise ApplicationError("只能订阅本组织的活动日历", code="forbidden")
    return CalendarFeed.objects.create(
        token=secrets.token_urlsafe(32), organisation=organisation, person=person, created_by=actor
    )


@transaction.atomic
def calendar_feed_revoke(*, actor, feed: CalendarFeed) -> None:
    if feed.created_by_id != actor.pk:
        raise ApplicationError("只能停用自己创建的订阅地址", code="forbidden")
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])


def feed_activities(*, feed: CalendarFeed):
    if feed.person_id:
        ids = Attendance.objects.filter(person_id=feed.person_id).exclude(
            status=AttendanceStatus.LEAVE
        )
        return Activity.objects.filter(pk__in=ids.values("activity_id")).order_by("date")
    return Activity.objects.filter(organisation_id=feed.organisation_id).order_by("date")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ical(*, activities, name: str, host: str) -> str:
    stamp = timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Lianluo//ZH",
        f"X-WR-CALNAME:{_escape(name)}",
        "CALSCALE:GREGORIAN",
    ]
    for activity in activities:
        summary = f"{activity.get_kind_display()}：{activity.subject}"
        lines += ["BEGIN:VEVENT", f"UID:activity-{activity.pk}@{host}", f"DTSTAMP:{stamp}"]
        if activity.starts_at:
            start = activity.starts_at.astimezone(dt.UTC)
            end = (activity.ends_at or activity.starts_at + dt.timedelta(hours=2)).astimezone(
                dt.UTC
            )
            lines += [f"DTSTART:{start:%Y%m%dT%H%M%SZ}", f"DTEND:{end:%Y%m%dT%H%M%SZ}"]
        else:
            if activity.date_precision == DatePrecision.MONTH:
                summary += f"（{activity.date.month}月，具体日期待定）"
            lines += [
                f"DTSTART;VALUE=DATE:{activity.date:%Y%m%d}",
                f"DTEND;VALUE=DATE:{activity.date + dt.timedelta(days=1):%Y%m%d}",
            ]
        lines.append(f"SUMMARY:{_escape(summary)}")
        if activity.place:
            lines.append(f"LOCATION:{_escape(activity.place)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
