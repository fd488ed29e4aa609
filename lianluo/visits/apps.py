from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "lianluo.visits"
    verbose_name = "走访"

    def ready(self) -> None:
        from lianluo.audit.actions import ACTION_LABELS
        from lianluo.core.home import HOME_PANELS, register
        from lianluo.visits.selectors import home_panel

        register(HOME_PANELS, home_panel)
        ACTION_LABELS.update(
            {
                "visit.created": "登记走访",
                "visit.updated": "修改走访记录",
                "visit.resolved": "走访反映问题办结",
                "visit.settings_updated": "修改走访周期",
            }
        )
