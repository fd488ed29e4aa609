"""Reads of event reception: events and guests in scope, a volunteer's guests, the day's board."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lianluo.core.access import access_child, can_write_org, get_in_scope_or_404, org_scope_q
from lianluo.reception.models import (
    Guest,
    Pickup,
    PickupStatus,
    ReceptionEvent,
    TravelLeg,
    TravelMode,
)


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


def access_pickup(*, viewer, pk: int) -> Pickup:
    """A pickup of a guest the viewer sees (the office's staff and upper levels, the guest's
    volunteer)."""
    return access_child(
        Pickup.objects.select_related("leg__guest__event__organisation", "leg__guest__person"),
        parent="leg__guest",
        parents=guest_scope(viewer),
        pk=pk,
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
    """One arrival of the board, read as plain values (a day of 500 renders quickly)."""

    guest_id: int
    guest: str
    volunteer: str  # "" when nobody is assigned
    mode: str  # 航班, 火车, ...
    number: str
    station: str
    planned_at: dt.datetime
    expected_at: dt.datetime
    actual_at: dt.datetime | None
    status: str  # the current pickup's; "" when there is none
    car: str

    @property
    def status_label(self) -> str:
        return PickupStatus(self.status).label if self.status else ""

    @property
    def time(self) -> str:
        return _hm(self.expected_at)

    @property
    def planned_time(self) -> str:
        """The planned time when a delay has moved it, else ""."""
        return _hm(self.planned_at) if self.planned_at != self.expected_at else ""

    @property
    def actual_time(self) -> str:
        return _hm(self.actual_at)

    @property
    def travel(self) -> str:
        return " ".join(part for part in (self.mode, self.number, self.station) if part)


def _hm(moment) -> str:
    return moment.astimezone(timezone.get_current_timezone()).strftime("%H:%M") if moment else ""


# The days a board can be asked for: far enough for any event, near enough for date arithmetic.
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def arrivals(events: QuerySet[ReceptionEvent], day: dt.date) -> list[Arrival]:
    """The day's arrivals at these events in time order (the expected time, a delay included),
    each with its current pickup: the board, the command line and the bench read this."""
    start, end = day_bounds(day)
    legs = list(
        TravelLeg.objects.filter(
            guest__event__in=events.values("pk"), expected_at__gte=start, expected_at__lt=end
        )
        .order_by("expected_at", "id")
        .values_list(
            "pk",
            "guest_id",
            "guest__person__name",
            "guest__volunteer__name",
            "mode",
            "number",
            "station",
            "planned_at",
            "expected_at",
            "actual_at",
        )
    )
    current: dict[int, tuple[str, str]] = {}
    pickups = Pickup.objects.filter(leg_id__in=[leg[0] for leg in legs]).order_by("id")
    for leg_id, status, car, driver in pickups.values_list("leg_id", "status", "car", "driver"):
        current[leg_id] = (status, " ".join(part for part in (car, driver) if part))
    modes = dict(TravelMode.choices)
    return [
        Arrival(
            guest_id=guest_id,
            guest=guest,
            volunteer=volunteer or "",
            mode=str(modes.get(mode, mode)),
            number=number,
            station=station,
            planned_at=planned_at,
            expected_at=expected_at,
            actual_at=actual_at,
            status=current.get(pk, ("", ""))[0],
            car=current.get(pk, ("", ""))[1],
        )
        for pk, guest_id, guest, volunteer, mode, number, station, planned_at, expected_at, actual_at in legs  # noqa: E501
    ]


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
