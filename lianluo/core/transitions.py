"""One runner for every change of state of a record that has a lifecycle.

A lifecycle is data: its transitions (name, label, from which states, to which state, what they
require), the effect of each beyond the state, who may take them, and how its event row is written.
`run` does the same for all of them, in this order, inside one transaction:

1. lock the record (SELECT … FOR UPDATE) and load it afresh;
2. ask the lifecycle whether this actor may take the transition on this record;
3. refuse a stale version (two people acting at once: only the first succeeds);
4. refuse a transition the record's state does not allow, saying why in words;
5. run the effect (which may need more data, write related records, decide the next state);
6. set the state, bump the version, save;
7. write the event row (never edited: who, when, from, to, why);
8. write the audit entry.

Work that must wait for the commit schedules itself: a message an effect sends through the outbox
(`notifications.services.notify`) is delivered only when the transaction commits.

Used by submissions and rectification, pickups (a delay included), court cases of concern,
briefings and leave requests. core imports nothing of the project: the audit's writer is given by
each lifecycle (`audit`), as its event writer is.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from lianluo.core.access import acting_user, ensure_can_write
from lianluo.core.errors import ApplicationError

SAME = ""  # the transition records something but leaves the state as it is
DECIDED = "*"  # the effect returns the next state (a rating: satisfied closes, unsatisfied reopens)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    requires: frozenset[str] = frozenset()


def transition(name: str, label: str, sources, target: str, requires=()) -> Transition:
    return Transition(name, label, frozenset(sources), target, frozenset(requires))


@dataclass
class Step:
    """One transition being taken: what the effect reads and what it leaves for the event row."""

    actor: object
    record: Model
    transition: Transition
    data: dict
    today: dt.date
    comment: str = ""
    extra: dict = field(default_factory=dict)  # what the event row keeps besides the comment
    audit: dict = field(default_factory=dict)  # what the audit entry says besides the state

    def need(self, key: str, message: str, field_name: str | None = None):
        """A value the transition requires; its absence is refused with the message."""
        value = self.data.get(key)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, "", [], ()):
            raise ApplicationError(message, field=field_name or key)
        return value


Effect = Callable[[Step], str | None]
EventWriter = Callable[[Step, str, str], object]  # (step, from_state, to_state)
Auditor = Callable[..., object]  # audit.services.audit_record


@dataclass(frozen=True)
class Lifecycle:
    name: str  # the audit action's prefix: "rectification" → "rectification.complete"
    model: type[Model]
    transitions: Mapping[str, Transition]
    write_event: EventWriter
    audit: Auditor
    # Who may take a transition: by default whoever may write the record's organisation (the
    # scope rule), refused with `forbidden`; `authorise` instead where more decides.
    forbidden: str = "您没有此操作的权限"
    authorise: Callable[[object, Model, Transition], None] | None = None  # raises ApplicationError
    effects: Mapping[str, Effect] = field(default_factory=dict)
    state_field: str = "status"
    related: tuple[str, ...] = ("organisation",)  # loaded with the locked row
    organisation_of: Callable[[Model], Model] = attrgetter("organisation")
    stale: str = "该记录刚刚已被他人处理，请刷新页面后再操作"
    # Why a transition its state does not allow is refused: one text, or one per transition, with
    # {state} (the record's) and {label} (the transition's).
    refused: str | Mapping[str, str] = "该记录当前为“{state}”，不能“{label}”"
    refusal: Callable[[Transition, Model], str | None] | None = None  # instead, when more decides

    def refuse(self, spec: Transition, record: Model) -> str | None:
        if self.refusal is not None:
            return self.refusal(spec, record)
        if getattr(record, self.state_field) in spec.sources:
            return None
        text = self.refused if isinstance(self.refused, str) else self.refused[spec.name]
        state = getattr(record, f"get_{self.state_field}_display")()
        return text.format(state=state, label=spec.label)

    def allow(self, actor, record: Model, spec: Transition) -> None:
        if self.authorise is not None:
            self.authorise(actor, record, spec)
        else:
            ensure_can_write(actor, self.organisation_of(record), self.forbidden)

    def open_to(self, record: Model) -> list[Transition]:
        """The transitions the record's state allows (who may take them is the page's business)."""
        return [t for t in self.transitions.values() if self.refuse(t, record) is None]


class EventRows:
    """The usual event writer: one row of `model` naming the record (`record`), the actor, the
    transition (`action`), the states before and after, the step's comment (cut to the field's
    length) and, where the model keeps it, what the effect recorded besides (`data`). `opened`
    writes a record's first row (registered, drafted, asked), which no transition leads to."""

    def __init__(
        self,
        model: type[Model],
        *,
        record: str,
        states: tuple[str, str] = ("from_status", "to_status"),
        comment: str = "comment",
        action: str | None = "action",
        data: str | None = None,
    ):
        self.model, self.record, self.states = model, record, states
        self.comment, self.action, self.data = comment, action, data
        self.limit = model._meta.get_field(comment).max_length

    def _create(self, record, actor, action: str, before: str, after: str, comment: str, data):
        fields = {
            self.record: record,
            "actor": acting_user(actor),
            self.states[0]: before,
            self.states[1]: after,
            self.comment: comment[: self.limit] if self.limit else comment,
        }
        if self.action:
            fields[self.action] = action
        if self.data:
            fields[self.data] = data
        return self.model.objects.create(**fields)

    def __call__(self, step: Step, before: str, after: str):
        return self._create(
            step.record, step.actor, step.transition.name, before, after, step.comment, step.extra
        )

    def opened(self, record: Model, *, actor, action: str, state: str, comment: str = ""):
        return self._create(record, actor, action, "", state, comment, {})


def run(
    lifecycle: Lifecycle,
    *,
    actor,
    record: Model,
    name: str,
    data: dict | None = None,
    version: int | None = None,
    today: dt.date | None = None,
) -> Model:
    """Take transition `name` on `record`, or refuse it with a message saying why; the caller's
    instance is brought up to date too."""
    spec = lifecycle.transitions.get(name)
    if spec is None:
        raise ApplicationError(f"未知操作：{name}")
    with transaction.atomic():
        current = (
            lifecycle.model.objects.select_for_update(of=("self",))
            .select_related(*lifecycle.related)
            .get(pk=record.pk)
        )
        lifecycle.allow(actor, current, spec)
        if version is not None and current.version != version:
            raise ApplicationError(lifecycle.stale, code="conflict")
        problem = lifecycle.refuse(spec, current)
        if problem:
            raise ApplicationError(problem, code="conflict")
        step = Step(
            actor=actor,
            record=current,
            transition=spec,
            data=dict(data or {}),
            today=today or timezone.localdate(),
        )
        before = getattr(current, lifecycle.state_field)
        effect = lifecycle.effects.get(name)
        decided = effect(step) if effect is not None else None
        if spec.target == DECIDED:
            after = decided
        elif spec.target == SAME:
            after = before
        else:
            after = spec.target
        setattr(current, lifecycle.state_field, after)
        current.version += 1
        current.save()
        lifecycle.write_event(step, before, after)
        lifecycle.audit(
            actor=actor,
            action=f"{lifecycle.name}.{name}",
            organisation=lifecycle.organisation_of(current),
            target=current,
            before={lifecycle.state_field: before},
            after={
                lifecycle.state_field: after,
                **({"comment": step.comment} if step.comment else {}),
                **step.audit,
            },
        )
    record.__dict__.update({k: v for k, v in current.__dict__.items() if not k.startswith("_")})
    return current


def timeline(events, labels: Mapping[str, str]) -> list:
    """A record's event rows, oldest first, each with the label its page shows
    (core/timeline.html)."""
    rows = list(events.select_related("actor").order_by("at", "id"))
    for row in rows:
        row.label = labels.get(row.action, row.action)
    return rows
