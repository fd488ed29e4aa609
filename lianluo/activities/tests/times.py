"""Times for tests of the sign-in window, which is open on the activity's own (local) day."""

import datetime as dt

from django.utils import timezone


def start_today(minutes: int) -> dt.datetime:
    """A start `minutes` from now, or the day's last second when that would cross midnight: still
    ahead of now (answers and leave are open until the start) and on today's local date (a scan
    counts on the activity's day), so a test run at 23:50 behaves as one run at noon."""
    now = timezone.localtime()
    last = now.replace(hour=23, minute=59, second=59, microsecond=0)
    return min(now + dt.timedelta(minutes=minutes), last)


def today_at(hour: int) -> dt.datetime:
    """Today's local date at `hour` o'clock: for tests that pass their own `now` to a scan, so
    that the minutes and hours they add stay on the same day whenever the suite runs."""
    return timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
