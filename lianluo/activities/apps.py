from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "lianluo.activities"
    verbose_name = "活动与考勤"

    def ready(self) -> None:
        from lianluo.activities.selectors import member_todos
        from lianluo.core.views import TODO_SOURCES

        if member_todos not in TODO_SOURCES:
            TODO_SOURCES.append(member_todos)
        from lianluo.activities.demo import demo_activities
        from lianluo.core.demo import DEMO_EXTENSIONS

        if demo_activities not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(demo_activities)

        from lianluo.activities.scale import scale_activities
        from lianluo.core.scale import SCALE_EXTENSIONS

        if scale_activities not in SCALE_EXTENSIONS:
            SCALE_EXTENSIONS.append(scale_activities)
