from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lianluo.activities.services import activity_send_reminders


@db_periodic_task(crontab(hour="18", minute="0"))
def send_tomorrows_reminders() -> None:
    """Every evening, tomorrow's invitees are reminded through the outbox (notifications)."""
    activity_send_reminders()
