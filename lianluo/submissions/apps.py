from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "lianluo.submissions"
    verbose_name = "提案建议"

    def ready(self) -> None:
        from lianluo.core.home import TODO_SOURCES, register
        from lianluo.submissions.selectors import member_todos

        register(TODO_SOURCES, member_todos)
        from lianluo.audit.actions import ACTION_LABELS
        from lianluo.submissions.lifecycle import MOVES

        # The audit log names each move as the lifecycle table does.
        ACTION_LABELS.update(
            {
                "submission.created": "登记提案建议",
                "submission.updated": "修改提案建议",
                "submission.file_added": "上传提案建议附件",
                "submission.settings_updated": "修改提案办理设置",
                **{f"submission.{m.name}": f"提案建议：{m.label}" for m in MOVES.values()},
            }
        )
