"""The figures of an office's reception work in a year, defined once: per event, the guests, their
entourage, the volunteers, the arrivals and their pickups, the delays and how they were met."""

from dataclasses import dataclass, field

from django.db.models import Q

from lianluo.reception.models import (
    Guest,
    GuestMessage,
    PickupStatus,
    ReceptionEvent,
    TravelMode,
)


@dataclass
class EventFigures:
    pk: int
    name: str
    starts_on: object
    ends_on: object
    place: str
    guests: int = 0
    entourage: int = 0
    checked_in: int = 0
    volunteers: int = 0
    arrivals: int = 0  # travel legs
    by_mode: list[tuple[str, int]] = field(default_factory=list)
    met: int = 0
    waiting: int = 0  # legs whose newest pickup is neither met nor cancelled
    cancelled: int = 0
    delayed_legs: int = 0
    delayed_numbers: list[str] = field(default_factory=list)
    rearranged: int = 0  # pickups made again at the new time after a delay
    messages: int = 0
    activities: int = 0

    @property
    def all_met(self) -> bool:
        return bool(self.arrivals) and self.met == self.arrivals - self.cancelled


def year_figures(*, scope: Q, year: int) -> list[EventFigures]:
    """One EventFigures per event of the offices in `scope` starting in `year`, by date."""
    modes = dict(TravelMode.choices)
    out = []
    events = ReceptionEvent.objects.filter(scope, starts_on__year=year).order_by("starts_on", "id")
    for event in events:
        figures = EventFigures(
            pk=event.pk,
            name=event.name,
            starts_on=event.starts_on,
            ends_on=event.ends_on,
            place=event.place,
            activities=event.activities.count(),
        )
        guests = list(Guest.objects.filter(event=event).prefetch_related("legs__pickups"))
        figures.guests = len(guests)
        figures.entourage = sum(len(g.entourage or []) for g in guests)
        figures.checked_in = sum(1 for g in guests if g.checked_in_at)
        volunteers = {g.volunteer_id for g in guests if g.volunteer_id}
        mode_counts: dict[str, int] = {}
        delayed = set()
        for guest in guests:
            for leg in guest.legs.all():
                figures.arrivals += 1
                mode_counts[leg.mode] = mode_counts.get(leg.mode, 0) + 1
                pickups = list(leg.pickups.all())
                volunteers.update(p.volunteer_id for p in pickups if p.volunteer_id)
                delays = [p for p in pickups if p.status == PickupStatus.DELAYED]
                if delays or leg.expected_at != leg.planned_at:
                    figures.delayed_legs += 1
                    if leg.number:
                        delayed.add(leg.number)
                figures.rearranged += len(delays)
                current = leg.current_pickup
                if current is None:
                    figures.waiting += 1
                elif current.status == PickupStatus.MET:
                    figures.met += 1
                elif current.status == PickupStatus.CANCELLED:
                    figures.cancelled += 1
                else:
                    figures.waiting += 1
        figures.volunteers = len(volunteers)
        figures.by_mode = [(modes[m], n) for m, n in sorted(mode_counts.items()) if n]
        figures.delayed_numbers = sorted(delayed)
        figures.messages = GuestMessage.objects.filter(guest__event=event).count()
        out.append(figures)
    return out
