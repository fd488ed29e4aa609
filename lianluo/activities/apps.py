from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "lianluo.activities"
    verbose_name = "活动与考勤"
