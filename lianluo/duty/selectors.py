"""Reads: a member's duty record (履职档案) for a year, rankings, contributions, rules."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from lianluo.activities.figures import PersonYear, person_year
from lianluo.activities.models import AttendanceStatus
from lianluo.core.access import get_in_scope_or_404, is_org_reader, scope_by_org
from lianluo.core.home import HomePanel
from lianluo.core.numbers import MONEY_UNIT, chinese_quantity, plain_number
from lianluo.duty.models import Contribution, PointAdjustment, PointSource
from lianluo.duty.points import Line, person_lines, subtotals, tree_totals
from lianluo.people.models import Person
from lianluo.people.selectors import people_scope
from lianluo.submissions.models import Adoption, Proposer, Submission
from lianluo.visits.selectors import visits_received


def contribution_scope(viewer) -> QuerySet[Contribution]:
    own = Q(person_id=viewer.person_id) if viewer.is_authenticated and viewer.person_id else None
    return scope_by_org(Contribution.objects.all(), viewer, own=own)


def contribution_get(*, viewer, pk: int) -> Contribution:
    return get_in_scope_or_404(contribution_scope(viewer).select_related("person"), pk=pk)


def contribution_list(*, viewer, year: int | None = None, category: str = "", q: str = ""):
    items = contribution_scope(viewer).select_related("person", "organisation")
    if year:
        items = items.filter(year=year)
    if category:
        items = items.filter(category=category)
    if q:
        items = items.filter(Q(person__name__contains=q) | Q(text__contains=q))
    return items.order_by("-year", "date", "id")


def money_total(contributions) -> str:
    """The amount of money given, in the Chinese way (50万元); other units are not money.
    A queryset is summed by the database; a list (a record's few) in Python."""
    if isinstance(contributions, QuerySet):
        total = contributions.filter(unit=MONEY_UNIT).aggregate(total=Sum("quantity"))["total"]
    else:
        total = sum(
            (c.quantity for c in contributions if c.unit == MONEY_UNIT and c.quantity is not None),
            Decimal(0),
        )
    return chinese_quantity(Decimal(str(total)), MONEY_UNIT) if total else ""


def record_person(*, viewer, pk: int) -> Person:
    """Whose record the viewer may read: anyone in their scope (staff, leaders), or themselves."""
    if is_org_reader(viewer):
        return get_in_scope_or_404(
            people_scope(viewer=viewer).select_related("organisation"), pk=pk
        )
    if viewer.is_authenticated and viewer.person_id == pk:
        return Person.objects.select_related("organisation", "sector").get(pk=pk)
    raise Http404("记录不存在或无权查看")


@dataclass
class PointLine:
    line: Line
    label: str
    what: str  # the source record, in words
    url: str = ""


@dataclass(frozen=True)
class AttendanceRow:
    """One invitation as the record shows it, with the points its line gives."""

    day: str
    subject: str
    status: str
    badge: str
    points: str  # "+5", "-5", "" for none


STATUS_BADGES = {
    AttendanceStatus.PRESENT: "text-bg-success",
    AttendanceStatus.ABSENT: "text-bg-danger",
}


def _day(day: dt.date, precision: str) -> str:
    return f"{day.month}月" if precision == "month" else f"{day.month}月{day.day}日"


def _signed(points: Decimal | None) -> str:

    if not points:
        return ""
    return ("+" if points > 0 else "") + plain_number(points)


@dataclass
class DutyRecord:
    person: Person
    year: int
    attended: PersonYear | None = None  # the year's invitations and answers (activities.figures)
    attendance_rows: list[AttendanceRow] = field(default_factory=list)
    submissions: list = field(default_factory=list)
    adoptions: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    contributions: list = field(default_factory=list)
    point_lines: list[PointLine] = field(default_factory=list)
    point_subtotals: list = field(default_factory=list)
    points: Decimal = Decimal(0)

    @property
    def money(self) -> str:
        return money_total(self.contributions)


def duty_record(person: Person, year: int) -> DutyRecord:

    record = DutyRecord(person, year)
    record.attended = attended = person_year(person_id=person.pk, year=year)
    proposer_of = Proposer.objects.filter(person=person).values("submission_id")
    record.submissions = list(
        Submission.objects.filter(pk__in=proposer_of, year=year)
        .exclude(state="draft")
        .prefetch_related("adoptions")
        .order_by("submitted_on", "id")
    )
    record.adoptions = [a for s in record.submissions for a in s.adoptions.all()]
    record.visits = list(visits_received(person, year))
    record.contributions = list(person.contributions.filter(year=year).order_by("date", "id"))
    lines = person_lines(person.pk, year)
    # An attendance's line is shown on the attendance itself; the other lines are listed.
    attendance_points = {line.source_id: line.points for line in lines if line.kind == "attendance"}
    record.attendance_rows = [
        AttendanceRow(
            _day(day, precision),
            subject,
            AttendanceStatus(status).label,
            STATUS_BADGES.get(status, "text-bg-secondary"),
            _signed(attendance_points.get(pk)),
        )
        for pk, status, day, precision, subject in attended.invitations
    ]
    record.point_lines = _describe([line for line in lines if line.kind != "attendance"])
    record.point_subtotals = [
        (PointSource(source).label, count, raw, capped, was_capped)
        for source, count, raw, capped, was_capped in subtotals(lines)
    ]
    record.points = sum((s[3] for s in record.point_subtotals), Decimal(0))
    return record


def _describe(lines: list[Line]) -> list[PointLine]:
    """Each line (other than attendance) with its source record in words and a link to it."""
    from django.urls import reverse

    ids: dict[str, set[int]] = {}
    for line in lines:
        ids.setdefault(line.kind, set()).add(line.source_id)
    proposers = Proposer.objects.select_related("submission").in_bulk(ids.get("proposer", []))
    adoptions = Adoption.objects.select_related("submission").in_bulk(ids.get("adoption", []))
    contributions = Contribution.objects.in_bulk(ids.get("contribution", []))
    adjustments = PointAdjustment.objects.in_bulk(ids.get("adjustment", []))
    described = []
    for line in lines:
        what, url = "", ""
        if line.kind == "proposer" and (p := proposers.get(line.source_id)):
            what = p.submission.title
            url = reverse("submissions:detail", args=[p.submission_id])
        elif line.kind == "adoption" and (ad := adoptions.get(line.source_id)):
            what = f"{ad.submission.title}（{ad.get_level_display()}）"
            url = reverse("submissions:detail", args=[ad.submission_id])
        elif line.kind == "contribution" and (c := contributions.get(line.source_id)):
            what = c.text
        elif line.kind == "adjustment" and (j := adjustments.get(line.source_id)):
            what = j.reason
        described.append(PointLine(line, PointSource(line.source).label, what, url))
    return described


@dataclass
class Ranked:
    person: Person
    points: Decimal
    rank: int


def rankings(*, viewer, year: int, by: str = "office", limit: int = 50) -> list[tuple[str, list]]:
    """Points per person over the viewer's scope, ranked within each office, activity group or
    sector: (the group's name, its top people). For staff and leaders only."""
    if not is_org_reader(viewer):
        raise Http404("记录不存在或无权查看")
    totals = tree_totals(viewer.organisation, year)
    people = (
        people_scope(viewer=viewer)
        .filter(status="serving")
        .select_related("organisation", "sector")
    )
    if by == "group":
        people = people.prefetch_related("activity_groups")
    groups: dict[str, list[tuple[Person, Decimal]]] = {}
    for person in people:
        points = totals.get(person.pk, Decimal(0))
        if by == "sector":
            keys = [person.sector.name if person.sector else "（未分界别）"]
        elif by == "group":
            keys = [g.name for g in person.activity_groups.all()] or ["（未分组）"]
        else:
            keys = [person.organisation.name]
        for key in keys:
            groups.setdefault(key, []).append((person, points))
    result = []
    for key in sorted(groups):
        ordered = sorted(groups[key], key=lambda item: (-item[1], item[0].name))
        ranked, rank, previous = [], 0, None
        for index, (person, points) in enumerate(ordered, start=1):
            if points != previous:
                rank, previous = index, points
            ranked.append(Ranked(person, points, rank))
        result.append((key, ranked[:limit]))
    return result


def default_year(today: dt.date | None = None) -> int:
    from django.utils import timezone

    return (today or timezone.localdate()).year


def home_panel(user):
    """A member's own record of the year on their home page: attendance and points."""
    if not (user.is_authenticated and user.person_id) or is_org_reader(user):
        return None
    person = Person.objects.filter(pk=user.person_id).first()
    if person is None:
        return None
    return HomePanel("duty/home_panel.html", duty_record(person, default_year()))
