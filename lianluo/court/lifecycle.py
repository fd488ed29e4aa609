"""The lifecycle of a case of concern as data (run by core.transitions in services.py)."""

from lianluo.core.transitions import transition
from lianluo.court.models import CaseStatus

# A case's lifecycle: the handling plan within the court's plan deadline, then the written
# procedural reply.
CASE_TRANSITIONS = {
    t.name: t
    for t in (
        transition("plan", "制定办理方案", {CaseStatus.REGISTERED}, CaseStatus.PLANNED, {"text"}),
        transition("reply", "书面答复", {CaseStatus.PLANNED}, CaseStatus.REPLIED, {"text"}),
    )
}
CASE_REFUSALS = {"plan": "办理方案已经制定", "reply": "请先制定办理方案，再书面答复"}
EVENT_LABELS = {"registered": "登记", **{t.name: t.label for t in CASE_TRANSITIONS.values()}}
