from huey.contrib.djhuey import db_task

from lianluo.notifications.services import message_deliver


@db_task(retries=3, retry_delay=60)
def deliver_message(message_id: int) -> None:
    message_deliver(message_id=message_id)
