"""The lifecycle of submissions: the one place that names every move (rectification's is in
lianluo/rectification/lifecycle.py).

Each move says which kinds it applies to, from which states, to which state, who may take it and
what it requires. `services.submission_move` runs a move through core.transitions: it refuses
anything this table does not allow and records every move as an event.

Who:
- member: a proposer of the item (their own account);
- staff: the office's staff acting as reviewers (核查、立案、交办), and recording on paper's behalf;
- handler: the account of a handling unit assigned to the item (the lead unit for a reply).

What a move requires (`requires`):
- reason: a reason in words (refusing to file, converting, objecting, an extension);
- lead: the lead item a duplicate is merged into;
- units: a lead handling unit (and any assisting ones) with a deadline;
- reply: a reply class (A-D) and the reply's text;
- rating: attitude and result, with a reason when unsatisfied (staff entering a paper rating
  also name the proposer);
- comment: words for the record (where it was reported to, the assisting unit's view);
- adoption: a level, a date and any instruction;
- date: a new deadline.
"""

from dataclasses import dataclass

from lianluo.core.transitions import DECIDED, SAME, Transition
from lianluo.submissions.models import SubmissionKind as K
from lianluo.submissions.models import SubmissionState as S

MEMBER, STAFF, HANDLER = "member", "staff", "handler"
ROLE_LABELS = {MEMBER: "提交人", STAFF: "工作人员", HANDLER: "承办单位"}

ALL_KINDS = frozenset(K.values)
CASE_KINDS = frozenset({K.PROPOSAL, K.MOTION})  # filed as cases by a reviewer
REPLIED_KINDS = frozenset({K.PROPOSAL, K.MOTION, K.SUGGESTION, K.OPINION})


@dataclass(frozen=True)
class Move(Transition):
    """A transition of core.transitions that applies to some kinds and is taken by some roles."""

    kinds: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()

    def applies_to(self, kind: str, state: str) -> bool:
        return kind in self.kinds and state in self.sources


def _move(name, label, kinds, sources, target, actors, requires=()):
    return Move(name, label, frozenset(sources), target, frozenset(requires),
                kinds=frozenset(kinds), actors=frozenset(actors))  # fmt: skip


MOVES: dict[str, Move] = {
    move.name: move
    for move in (
        _move("submit", "提交", ALL_KINDS, {S.DRAFT}, S.SUBMITTED, {MEMBER, STAFF}),
        _move("confirm", "确认联名", ALL_KINDS, {S.SUBMITTED, S.FILED}, SAME, {MEMBER}),
        _move("file", "立案", CASE_KINDS, {S.SUBMITTED}, S.FILED, {STAFF}),
        _move("refuse", "不予立案", CASE_KINDS, {S.SUBMITTED}, S.NOT_FILED, {STAFF}, {"reason"}),
        _move("convert", "转为建议", {K.PROPOSAL}, {S.SUBMITTED}, S.SUBMITTED, {STAFF}, {"reason"}),
        _move("merge", "并案", ALL_KINDS, {S.SUBMITTED, S.FILED}, S.MERGED, {STAFF}, {"lead"}),
        _move("assign", "交办", CASE_KINDS, {S.FILED}, S.HANDLING, {STAFF}, {"units"}),
        _move(
            "forward",
            "转交办理",
            {K.SUGGESTION, K.OPINION},
            {S.SUBMITTED},
            S.HANDLING,
            {STAFF},
            {"units"},
        ),
        _move("reassign", "重新交办", REPLIED_KINDS, {S.HANDLING}, S.HANDLING, {STAFF}, {"units"}),
        _move(
            "report",
            "编报上报",
            {K.OPINION_REPORT},
            {S.SUBMITTED},
            S.HANDLING,
            {STAFF},
            {"comment"},
        ),
        _move(
            "adopt",
            "登记采用",
            {K.OPINION_REPORT},
            {S.HANDLING, S.CLOSED},
            SAME,
            {STAFF},
            {"adoption"},
        ),
        _move("object", "提出异议", REPLIED_KINDS, {S.HANDLING}, SAME, {HANDLER}, {"reason"}),
        _move(
            "request_extension",
            "申请延期",
            REPLIED_KINDS,
            {S.HANDLING},
            SAME,
            {HANDLER},
            {"reason", "date"},
        ),
        _move(
            "decide_extension", "审批延期", REPLIED_KINDS, {S.HANDLING}, SAME, {STAFF}, {"decision"}
        ),
        _move(
            "send_view", "报送协办意见", REPLIED_KINDS, {S.HANDLING}, SAME, {HANDLER}, {"comment"}
        ),
        _move("reply", "答复", REPLIED_KINDS, {S.HANDLING}, S.REPLIED, {HANDLER, STAFF}, {"reply"}),
        _move("rate", "评价答复", REPLIED_KINDS, {S.REPLIED}, DECIDED, {MEMBER, STAFF}, {"rating"}),
        _move("close", "办结", REPLIED_KINDS, {S.REPLIED}, S.CLOSED, {STAFF}),
        _move("close_report", "办结", {K.OPINION_REPORT}, {S.HANDLING}, S.CLOSED, {STAFF}),
    )
}

# Events that are not moves of their own: what the history shows for them.
EVENT_LABELS = {
    "created": "登记",
    "merged_in": "并入其他事项",
    "imported": "导入台账",
}

# Moves a reviewer may take on many items at once from the list (with a reply template).
BATCH_MOVES = ("file", "refuse", "reply", "close")


def moves_for(kind: str, state: str, roles: set[str]) -> list[Move]:
    """The moves open to someone holding `roles` on an item of this kind in this state."""
    return [m for m in MOVES.values() if m.applies_to(kind, state) and m.actors & roles]


def refusal(move: Move, kind: str, state: str) -> str | None:
    """Why the move cannot be taken on this item, in words; None when it can."""
    if kind not in move.kinds:
        return f"{K(kind).label}不能“{move.label}”"
    if state not in move.sources:
        return f"该{K(kind).label}当前为“{S(state).label}”，不能“{move.label}”"
    return None


# What a history calls each event: its move's label, or the label of an event that is no move.
HISTORY_LABELS = {**EVENT_LABELS, **{m.name: m.label for m in MOVES.values()}}
