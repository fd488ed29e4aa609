from django.apps import AppConfig


class CourtConfig(AppConfig):
    name = "lianluo.court"
    verbose_name = "法院联络"

    def ready(self) -> None:
        from lianluo.activities import extensions
        from lianluo.audit.actions import ACTION_LABELS
        from lianluo.core.home import register
        from lianluo.court import panels

        for registry, entry in (
            (extensions.ACTIVITY_PANELS, panels.activity_trial),
            (extensions.INVITATION_ACTIONS, panels.appraisal_buttons),
            (extensions.INVITATION_NOTES, panels.invitation_case_note),
            (extensions.LIST_LINKS, panels.appraisal_link),
        ):
            register(registry, entry)

        ACTION_LABELS.update(
            {
                "court.paired": "结对联络",
                "court.unpaired": "结束结对",
                "court.contacted": "登记联络台账",
                "court.case_registered": "登记关注案件",
                "court.case_plan": "关注案件：制定办理方案",  # earlier entries' names
                "court.case_reply": "关注案件：书面答复",
                "court.case.plan": "关注案件：制定办理方案",
                "court.case.reply": "关注案件：书面答复",
                "court.settings_updated": "修改法院联络设置",
            }
        )
