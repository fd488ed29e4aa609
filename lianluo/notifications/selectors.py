from django.db.models import QuerySet

from lianluo.core.home import Todo
from lianluo.notifications.models import Message


def my_messages(*, viewer) -> QuerySet[Message]:
    if not (viewer.is_authenticated and viewer.person_id):
        return Message.objects.none()
    return Message.objects.filter(person_id=viewer.person_id).order_by("-created_at", "-id")


def member_todos(user) -> list:
    from django.urls import reverse

    unread = my_messages(viewer=user).filter(read_at__isnull=True).count()
    if not unread:
        return []
    return [Todo(f"您有{unread}条未读通知", reverse("notifications:inbox"), "查看")]
