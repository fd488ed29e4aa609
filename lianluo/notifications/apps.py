from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "lianluo.notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        from lianluo.core.home import TODO_SOURCES, register
        from lianluo.notifications.selectors import member_todos

        register(TODO_SOURCES, member_todos)
