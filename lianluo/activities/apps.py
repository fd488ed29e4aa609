from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "lianluo.activities"
    verbose_name = "活动与考勤"

    def ready(self) -> None:
        from lianluo.activities.selectors import member_todos
        from lianluo.core.home import TODO_SOURCES, register

        register(TODO_SOURCES, member_todos)
