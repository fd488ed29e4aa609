from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "lianluo.submissions"
    verbose_name = "提案建议与整改"

    def ready(self) -> None:
        from lianluo.core.views import TODO_SOURCES
        from lianluo.submissions.selectors import member_todos

        if member_todos not in TODO_SOURCES:
            TODO_SOURCES.append(member_todos)
        from lianluo.audit.actions import ACTION_LABELS
        from lianluo.core.demo import DEMO_EXTENSIONS
        from lianluo.core.scale import SCALE_EXTENSIONS
        from lianluo.submissions.demo import demo_submissions
        from lianluo.submissions.lifecycle import MOVES, RECTIFICATION_MOVES
        from lianluo.submissions.scale import scale_submissions

        if demo_submissions not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(demo_submissions)
        if scale_submissions not in SCALE_EXTENSIONS:
            SCALE_EXTENSIONS.append(scale_submissions)
        # The audit log names each move as the lifecycle table does.
        ACTION_LABELS.update(
            {
                "submission.created": "登记提案建议",
                "submission.updated": "修改提案建议",
                "submission.file_added": "上传提案建议附件",
                "submission.settings_updated": "修改提案办理设置",
                "rectification.created": "新建整改事项",
                "rectification.updated": "修改整改事项",
                **{f"submission.{m.name}": f"提案建议：{m.label}" for m in MOVES.values()},
                **{
                    f"rectification.{m.name}": f"整改：{m.label}"
                    for m in RECTIFICATION_MOVES.values()
                },
            }
        )
