from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lianluo.notifications.services import message_deliver


@db_task(retries=3, retry_delay=60)
def deliver_message(message_id: int) -> None:
    message_deliver(message_id=message_id)


@db_periodic_task(crontab(hour="18", minute="0"))
def send_tomorrows_reminders() -> None:
    from lianluo.activities.services import activity_send_reminders

    activity_send_reminders()
