from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "lianluo.rectification"
    verbose_name = "整改"

    def ready(self) -> None:
        from lianluo.audit.actions import ACTION_LABELS
        from lianluo.rectification.lifecycle import RECTIFICATION_MOVES

        ACTION_LABELS.update(
            {
                "rectification.created": "新建整改事项",
                "rectification.updated": "修改整改事项",
                **{
                    f"rectification.{m.name}": f"整改：{m.label}"
                    for m in RECTIFICATION_MOVES.values()
                },
            }
        )
