from django.db.models import QuerySet

from lianluo.notifications.models import Message


def my_messages(*, viewer) -> QuerySet[Message]:
    if not (viewer.is_authenticated and viewer.person_id):
        return Message.objects.none()
    return Message.objects.filter(person_id=viewer.person_id).order_by("-created_at", "-id")
