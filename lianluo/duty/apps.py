from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "lianluo.duty"
    verbose_name = "履职"

    def ready(self) -> None:
        from lianluo.audit.actions import ACTION_LABELS
        from lianluo.core.demo import DEMO_EXTENSIONS
        from lianluo.core.scale import SCALE_EXTENSIONS
        from lianluo.core.views import HOME_PANELS
        from lianluo.duty.demo import demo_duty
        from lianluo.duty.scale import scale_contributions
        from lianluo.duty.selectors import home_panel

        if demo_duty not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(demo_duty)
        if scale_contributions not in SCALE_EXTENSIONS:
            SCALE_EXTENSIONS.append(scale_contributions)
        if home_panel not in HOME_PANELS:
            HOME_PANELS.append(home_panel)
        ACTION_LABELS.update(
            {
                "contribution.created": "登记履职事迹",
                "contribution.updated": "修改履职事迹",
                "contribution.deleted": "删除履职事迹",
                "points.rule_set": "修改积分规则",
                "points.adjusted": "调整积分",
            }
        )
