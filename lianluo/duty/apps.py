from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "lianluo.duty"
    verbose_name = "履职"

    def ready(self) -> None:
        from lianluo.audit.actions import ACTION_LABELS
        from lianluo.core.home import HOME_PANELS, register
        from lianluo.duty.selectors import home_panel

        register(HOME_PANELS, home_panel)
        ACTION_LABELS.update(
            {
                "contribution.created": "登记履职事迹",
                "contribution.updated": "修改履职事迹",
                "contribution.deleted": "删除履职事迹",
                "points.rule_set": "修改积分规则",
                "points.adjusted": "调整积分",
            }
        )
