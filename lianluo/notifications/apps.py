from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "lianluo.notifications"
    verbose_name = "通知"
