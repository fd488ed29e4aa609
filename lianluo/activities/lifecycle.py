"""The lifecycle of a leave request as data (run by core.transitions in services.py)."""

from lianluo.activities.models import LeaveStatus
from lianluo.core.transitions import transition

LEAVE_TRANSITIONS = {
    t.name: t
    for t in (
        transition("approve", "批准请假", {LeaveStatus.PENDING}, LeaveStatus.APPROVED),
        transition("refuse", "不批准请假", {LeaveStatus.PENDING}, LeaveStatus.REFUSED),
    )
}
EVENT_LABELS = {"asked": "申请请假", **{t.name: t.label for t in LEAVE_TRANSITIONS.values()}}
