"""Reads of visits: the scope, a round's bounds, and its coverage (who was visited, who is due)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lianluo.core.access import get_in_scope_or_404, is_org_reader, scope_by_org
from lianluo.core.home import HomePanel
from lianluo.orgs.models import Organisation
from lianluo.orgs.selectors import org_scope
from lianluo.people.models import Person, PersonRole, PersonStatus, RoleKind
from lianluo.visits.models import Cadence, ConcernStatus, Visit, VisitSettings

# Whom a round must reach: the office's serving members, liaison contacts and deputies.
DUE_ROLES = (RoleKind.MEMBER, RoleKind.CONTACT, RoleKind.DEPUTY)


def settings_for(organisation) -> VisitSettings:
    found = VisitSettings.objects.filter(organisation=organisation).first()
    return found or VisitSettings(organisation=organisation)


def visit_scope(viewer) -> QuerySet[Visit]:
    return scope_by_org(Visit.objects.all(), viewer)


def visit_get(*, viewer, pk: int) -> Visit:
    return get_in_scope_or_404(visit_scope(viewer).select_related("organisation"), pk=pk)


def visit_list(
    *, viewer, year: int | None = None, kind: str = "", method: str = "", open_only=False, q=""
) -> QuerySet[Visit]:
    items = visit_scope(viewer).select_related("organisation").prefetch_related("people")
    if year:
        items = items.filter(date__year=year)
    if kind:
        items = items.filter(kind=kind)
    if method:
        items = items.filter(method=method)
    if open_only:
        items = items.filter(concern_status=ConcernStatus.OPEN)
    if q:
        items = items.filter(
            Q(people__name__contains=q)
            | Q(unit__contains=q)
            | Q(heard__contains=q)
            | Q(visitors__contains=q)
        ).distinct()
    return items.order_by("-date", "-id")


@dataclass(frozen=True)
class Round:
    """One round of visits: a quarter or a half-year."""

    start: dt.date
    end: dt.date  # inclusive
    label: str
    key: str  # 2026-Q4, 2026-H2

    def previous(self, cadence: str) -> "Round":
        return round_for(self.start - dt.timedelta(days=1), cadence)

    def next(self, cadence: str) -> "Round":
        return round_for(self.end + dt.timedelta(days=1), cadence)


def round_for(day: dt.date, cadence: str) -> Round:
    if cadence == Cadence.HALF_YEAR:
        first = day.month <= 6
        start = dt.date(day.year, 1 if first else 7, 1)
        end = dt.date(day.year, 6, 30) if first else dt.date(day.year, 12, 31)
        half = "上" if first else "下"
        return Round(start, end, f"{day.year}年{half}半年", f"{day.year}-H{1 if first else 2}")
    quarter = (day.month - 1) // 3 + 1
    start = dt.date(day.year, 3 * quarter - 2, 1)
    end = (
        dt.date(day.year, 12, 31)
        if quarter == 4
        else dt.date(day.year, 3 * quarter + 1, 1) - dt.timedelta(days=1)
    )
    return Round(start, end, f"{day.year}年第{quarter}季度", f"{day.year}-Q{quarter}")


def round_from_key(key: str, cadence: str, today: dt.date | None = None) -> Round:
    """`2026-Q4` / `2026-H2` back to its round; anything else is the current round."""
    today = today or timezone.localdate()
    try:
        year, part = key.split("-")
        year = int(year)
        if part.startswith("Q") and cadence == Cadence.QUARTER:
            return round_for(dt.date(year, 3 * int(part[1:]) - 2, 1), cadence)
        if part.startswith("H") and cadence == Cadence.HALF_YEAR:
            return round_for(dt.date(year, 1 if part == "H1" else 7, 1), cadence)
    except (ValueError, IndexError):
        pass
    return round_for(today, cadence)


def due_people(organisation: Organisation, round_: Round) -> QuerySet[Person]:
    """Serving people of the office who hold a member, contact or deputy role during the round."""
    roles = PersonRole.objects.filter(person=OuterRef("pk"), role__in=DUE_ROLES).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=round_.end),
        Q(end_date__isnull=True) | Q(end_date__gte=round_.start),
    )
    return Person.objects.filter(
        Exists(roles), organisation=organisation, status=PersonStatus.SERVING
    )


@dataclass
class Coverage:
    organisation: Organisation
    round: Round
    due: int
    visited: int
    not_visited: list[Person]

    @property
    def rate(self) -> float:
        return self.visited / self.due if self.due else 0.0

    @property
    def percent(self) -> int:
        return round(self.rate * 100)

    @property
    def missing(self) -> int:
        return self.due - self.visited


def _visited_in(round_: Round, organisation_ref) -> Exists:
    return Exists(
        Visit.people.through.objects.filter(
            person_id=OuterRef("pk"),
            visit__organisation=organisation_ref,
            visit__date__gte=round_.start,
            visit__date__lte=round_.end,
        )
    )


def round_coverage(organisation: Organisation, round_: Round) -> Coverage:
    """Visited / due for one office's round, with the names not yet visited: a person is visited
    when any visit of the round (the office's, an upper level's, a court's) names them."""
    due = due_people(organisation, round_)
    rows = list(due.annotate(visited=_visited_in(round_, organisation)).order_by("name", "id"))
    missing = [p for p in rows if not p.visited]
    return Coverage(organisation, round_, len(rows), len(rows) - len(missing), missing)


def coverage_by_office(*, viewer, round_day: dt.date) -> list[Coverage]:
    """Visited / due of each office in the viewer's scope, each by its own cadence: counted in
    one query per cadence, whatever the number of offices (names are for one office's page)."""
    offices = {o.pk: o for o in org_scope(viewer=viewer).order_by("path")}
    cadences = dict(
        VisitSettings.objects.filter(organisation_id__in=offices).values_list(
            "organisation_id", "cadence"
        )
    )
    result = {}
    for cadence in Cadence.values:
        ids = [pk for pk in offices if cadences.get(pk, Cadence.QUARTER) == cadence]
        if not ids:
            continue
        round_ = round_for(round_day, cadence)
        roles = PersonRole.objects.filter(person=OuterRef("pk"), role__in=DUE_ROLES).filter(
            Q(start_date__isnull=True) | Q(start_date__lte=round_.end),
            Q(end_date__isnull=True) | Q(end_date__gte=round_.start),
        )
        counts = (
            Person.objects.filter(
                Exists(roles), organisation_id__in=ids, status=PersonStatus.SERVING
            )
            .annotate(visited=_visited_in(round_, OuterRef("organisation_id")))
            .values("organisation_id")
            .annotate(due=Count("id"), seen=Count("id", filter=Q(visited=True)))
        )
        for row in counts:
            office = offices[row["organisation_id"]]
            result[office.pk] = Coverage(office, round_, row["due"], row["seen"], [])
    return [result[pk] for pk in offices if pk in result]


def open_concerns(*, viewer) -> QuerySet[Visit]:
    return visit_scope(viewer).filter(concern_status=ConcernStatus.OPEN)


def visits_received(person: Person, year: int) -> QuerySet[Visit]:
    return person.visits.filter(date__year=year).order_by("date")


def home_panel(user):
    """The round's coverage on the home page of the office's staff and of upper levels."""
    if not is_org_reader(user):
        return None
    today = timezone.localdate()
    coverages = coverage_by_office(viewer=user, round_day=today)
    if not coverages:
        return None
    if len(coverages) == 1:  # the office's own staff: with the names not yet visited
        coverages = [round_coverage(coverages[0].organisation, coverages[0].round)]
    return HomePanel(
        "visits/home_panel.html",
        {
            "round": coverages[0].round,
            "coverages": coverages,
            "open_concerns": open_concerns(viewer=user).count(),
        },
    )
