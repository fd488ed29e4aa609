from django.conf import settings
from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import db_task

from lianluo.notifications.backends import BACKENDS, DeliveryError
from lianluo.notifications.models import Channel, Message, MessageStatus


def notify(
    *, person, kind: str, subject: str, body: str, link: str = "", channel: str = ""
) -> Message:
    """Queue one message for a person; it is delivered after the surrounding transaction commits."""
    message = Message.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        kind=kind,
        channel=channel or settings.LIANLUO_DEFAULT_CHANNEL,
        subject=subject[:200],
        body=body,
        link=link[:300],
    )
    transaction.on_commit(lambda: deliver_message(message.pk))
    return message


def _address(message: Message) -> str:
    if message.channel == Channel.SMS:
        return message.person.mobile
    if message.channel == Channel.EMAIL:
        account = getattr(message.person, "account", None)
        return account.email if account is not None else ""
    return ""


def message_deliver(*, message_id: int) -> Message:
    """Send one queued message through its channel's backend; failures are recorded and raised
    so that the task queue retries them."""
    with transaction.atomic():
        message = Message.objects.select_for_update().select_related("person").get(pk=message_id)
        if message.status == MessageStatus.SENT:
            return message
        message.attempts += 1
        backend = BACKENDS[settings.LIANLUO_NOTIFICATION_BACKENDS.get(message.channel, "console")]
        try:
            backend(message, _address(message))
        except DeliveryError as exc:
            message.status = MessageStatus.FAILED
            message.last_error = str(exc)[:300]
            message.save(update_fields=["attempts", "status", "last_error"])
            failed = exc
        else:
            message.status = MessageStatus.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
            return message
    raise failed


@db_task(retries=3, retry_delay=60)
def deliver_message(message_id: int) -> None:
    """The queue's task (tasks.py registers it): deliver one message, retried when it fails."""
    message_deliver(message_id=message_id)


def message_mark_read(*, actor, message: Message) -> None:
    if message.person_id == actor.person_id and message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
