from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo's invented district and the province-scale data set: the top of the import graph
    (it builds its records through every app's services, and no app imports it)."""

    name = "lianluo.demo"
    verbose_name = "演示与规模数据"
