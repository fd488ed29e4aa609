from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "lianluo.reception"
    verbose_name = "会务接待"

    def ready(self) -> None:
        from lianluo.audit.actions import ACTION_LABELS

        ACTION_LABELS.update(
            {
                "reception.event_saved": "保存接待活动",
                "reception.guest_saved": "保存嘉宾",
                "reception.leg_added": "添加嘉宾行程",
                "reception.pickup_moved": "更新接站状态",
                "reception.delayed": "登记航班车次延误",
                "reception.message_sent": "给嘉宾发送短信",
                "reception.checked_in": "嘉宾报到",
            }
        )
