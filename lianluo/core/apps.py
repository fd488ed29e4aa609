from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lianluo.core"
    verbose_name = "基础"
