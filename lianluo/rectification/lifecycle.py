"""The lifecycle of a rectification item as data (run by core.transitions in services.py). Only
the office's staff move it (the owner reports to them)."""

from lianluo.core.transitions import Transition, transition
from lianluo.rectification.models import RectificationStatus as R

RECTIFICATION_MOVES: dict[str, Transition] = {
    move.name: move
    for move in (
        transition("start", "开始整改", {R.PENDING}, R.IN_PROGRESS),
        transition("complete", "完成整改", {R.PENDING, R.IN_PROGRESS}, R.DONE, {"result"}),
        transition("feed_back", "反馈提出人", {R.DONE}, R.FED_BACK, {"comment"}),
    )
}

HISTORY_LABELS = {
    "created": "登记",
    "imported": "导入台账",
    **{m.name: m.label for m in RECTIFICATION_MOVES.values()},
}
