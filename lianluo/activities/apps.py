from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "lianluo.activities"
    verbose_name = "活动与考勤"

    def ready(self) -> None:
        from lianluo.activities.selectors import member_todos
        from lianluo.core.home import TODO_SOURCES

        if member_todos not in TODO_SOURCES:
            TODO_SOURCES.append(member_todos)
