from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lianluo.api"
    verbose_name = "接口"
