from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "lianluo.briefings"
    verbose_name = "简报"

    def ready(self) -> None:
        from lianluo.audit.actions import ACTION_LABELS

        ACTION_LABELS.update(
            {
                "briefing.created": "新建简报",
                "briefing.updated": "修改简报",
                "briefing.issued": "印发简报",  # earlier entries' name
                "briefing.issue": "印发简报",
                "briefing.deleted": "删除简报草稿",
            }
        )
