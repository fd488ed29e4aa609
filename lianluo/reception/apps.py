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
                "reception.pickup_moved": "更新接站状态",  # earlier entries' name
                "pickup.departed": "接站：已出发",
                "pickup.met": "接站：已接到",
                "pickup.cancelled": "接站：取消",
                "pickup.delayed": "接站：延误",
                "reception.delayed": "登记航班车次延误",
                "reception.message_sent": "给嘉宾发送短信",
                "reception.checked_in": "嘉宾报到",
            }
        )
