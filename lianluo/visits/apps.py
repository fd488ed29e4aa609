from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "lianluo.visits"
    verbose_name = "走访"

    def ready(self) -> None:
        from lianluo.audit.actions import ACTION_LABELS
        from lianluo.core.demo import DEMO_EXTENSIONS
        from lianluo.core.views import HOME_PANELS
        from lianluo.visits.demo import demo_visits
        from lianluo.visits.selectors import home_panel

        if demo_visits not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(demo_visits)
        if home_panel not in HOME_PANELS:
            HOME_PANELS.append(home_panel)
        ACTION_LABELS.update(
            {
                "visit.created": "登记走访",
                "visit.updated": "修改走访记录",
                "visit.resolved": "走访反映问题办结",
                "visit.settings_updated": "修改走访周期",
            }
        )
