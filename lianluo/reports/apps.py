from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lianluo.reports"
    verbose_name = "总结与统计"

    def ready(self) -> None:
        from lianluo.audit.actions import ACTION_LABELS

        ACTION_LABELS.update(
            {
                "report.generated": "生成年度工作总结草稿",
                "report.section_updated": "修改年度工作总结",
                "report.suggestions_accepted": "采纳工作计划建议",
                "report.template_updated": "修改年度工作总结模板",
            }
        )
