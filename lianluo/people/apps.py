from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lianluo.people"
    verbose_name = "人员"
