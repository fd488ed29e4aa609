from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "lianluo.notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        from lianluo.core.home import TODO_SOURCES
        from lianluo.notifications.selectors import member_todos

        if member_todos not in TODO_SOURCES:
            TODO_SOURCES.append(member_todos)
