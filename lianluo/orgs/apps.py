from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "lianluo.orgs"
    verbose_name = "组织"
