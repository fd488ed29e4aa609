"""Reads of event reception: events and guests in scope, a volunteer's guests, the day's board."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lianluo.core.access import can_write_org, get_in_scope_or_404, org_scope_q
from lianluo.reception.models import Guest, Pickup, ReceptionEvent, TravelLeg


def event_scope(viewer) -> QuerySet[ReceptionEvent]:
    """The reception office's staff and upper levels read their events; a volunteer reads the
    events they look after guests at."""
    if not viewer.is_authenticated:
        return ReceptionEvent.objects.none()
    q = org_scope_q(viewer)
    if viewer.person_id:
        q |= Q(guests__volunteer_id=viewer.person_id)
    return ReceptionEvent.objects.filter(q).distinct()


def event_get(*, viewer, pk: int) -> ReceptionEvent:
    return get_in_scope_or_404(event_scope(viewer).select_related("organisation"), pk=pk)


def guest_scope(viewer) -> QuerySet[Guest]:
    """Staff and upper levels: every guest of their events; a volunteer: their own guests."""
    if not viewer.is_authenticated:
        return Guest.objects.none()
    q = org_scope_q(viewer, org_field="event__organisation")
    if viewer.person_id:
        q |= Q(volunteer_id=viewer.person_id)
    return Guest.objects.filter(q)


def guest_get(*, viewer, pk: int) -> Guest:
    return get_in_scope_or_404(
        guest_scope(viewer).select_related("event__organisation", "person", "volunteer"), pk=pk
    )


def guest_list(event: ReceptionEvent) -> QuerySet[Guest]:
    return (
        event.guests.select_related("person", "volunteer")
        .prefetch_related(
            Prefetch("legs", queryset=TravelLeg.objects.order_by("expected_at")),
            Prefetch("legs__pickups", queryset=Pickup.objects.order_by("id")),
        )
        .order_by("person__name")
    )


def my_guests(viewer) -> QuerySet[Guest]:
    if not (viewer.is_authenticated and viewer.person_id):
        return Guest.objects.none()
    return (
        Guest.objects.filter(
            volunteer_id=viewer.person_id, event__ends_on__gte=timezone.localdate()
        )
        .select_related("event", "person")
        .prefetch_related(
            Prefetch("legs", queryset=TravelLeg.objects.order_by("expected_at")),
            Prefetch("legs__pickups", queryset=Pickup.objects.order_by("id")),
        )
        .order_by("event__starts_on", "person__name")
    )


@dataclass(frozen=True)
class Arrival:
    leg: TravelLeg
    pickup: Pickup | None  # the current task: the newest one

    @property
    def status(self) -> str:
        return self.pickup.status if self.pickup else ""

    @property
    def status_label(self) -> str:
        return self.pickup.get_status_display() if self.pickup else ""


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def arrivals(events: QuerySet[ReceptionEvent], day: dt.date) -> list[Arrival]:
    """The day's arrivals at these events in time order (the expected time, a delay included),
    each with its current pickup: the board, the command line and the bench read this."""
    start, end = day_bounds(day)
    legs = (
        TravelLeg.objects.filter(
            guest__event__in=events.values("pk"), expected_at__gte=start, expected_at__lt=end
        )
        .select_related("guest__person", "guest__volunteer", "guest__event")
        .prefetch_related(Prefetch("pickups", queryset=Pickup.objects.order_by("-id")))
        .order_by("expected_at", "id")
    )
    return [Arrival(leg, next(iter(leg.pickups.all()), None)) for leg in legs]


def board(*, viewer, day: dt.date, event: ReceptionEvent | None = None) -> list[Arrival]:
    events = event_scope(viewer) if event is None else ReceptionEvent.objects.filter(pk=event.pk)
    return arrivals(events, day)


def board_for_organisation(organisation, day: dt.date) -> list[Arrival]:
    """The events of an organisation and those below it (the command line)."""
    events = ReceptionEvent.objects.filter(organisation__path__startswith=organisation.path)
    return arrivals(events, day)


def can_manage(viewer, event: ReceptionEvent) -> bool:
    return can_write_org(viewer, event.organisation)


def require_manager(viewer, event: ReceptionEvent) -> None:
    if not can_manage(viewer, event):
        raise Http404("记录不存在或无权查看")
