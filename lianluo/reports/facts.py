"""The facts of an organisation's year, gathered once from the records: what the annual summary,
its web view (every figure linked to its records) and the dashboards state.

An office's facts list every record (activities, submissions, visits, contributions); an upper
level's facts (`tree=True`) add up its whole subtree with grouped queries and compare its offices
in one table, without listing every township's records.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse

from lianluo.activities.figures import (
    YearFigures,
    attendance_by_group,
    attendance_rate,
    percent,
    year_figures,
)
from lianluo.activities.models import Activity, ActivityKind
from lianluo.activities.prose import ActivityLine, activity_lines
from lianluo.activities.selectors import (
    LEVEL_REMOVAL,
    LEVEL_WARNING,
    discipline_settings_for,
    discipline_standings,
)
from lianluo.briefings.selectors import issued_count
from lianluo.core.dates import PartialDate
from lianluo.core.numbers import chinese_quantity, normalise_money
from lianluo.court.figures import CourtFigures
from lianluo.court.figures import year_figures as court_figures
from lianluo.duty.models import Contribution
from lianluo.orgs.models import Organisation
from lianluo.people.figures import per_organisation, roster_people
from lianluo.people.models import (
    ROSTER_ROLES,
    ActivityGroup,
    Person,
    PersonRole,
    PersonStatus,
    RoleKind,
)
from lianluo.reception.figures import EventFigures
from lianluo.reception.figures import year_figures as reception_figures
from lianluo.rectification.figures import rectification_overdue_q
from lianluo.rectification.models import RectificationItem, RectificationStatus
from lianluo.reports.genres import genre_for
from lianluo.submissions.figures import adopted_counts, overdue_q, year_submissions
from lianluo.submissions.models import (
    AdoptionLevel,
    Rating,
    Satisfaction,
    SubmissionKind,
    SubmissionState,
)
from lianluo.visits.figures import visitable_people, visited_people, year_visits
from lianluo.visits.models import ConcernStatus, Visit

# The roles a roster sentence counts; staff, volunteers and guests are not the office's members.
# Activities of the study section; the rest are inspection, research, supervision and service.
STUDY_KINDS = (
    ActivityKind.STUDY,
    ActivityKind.SELF_STUDY,
    ActivityKind.TRAINING,
    ActivityKind.ATTEND_AS_GUEST,
)
LOW_ATTENDANCE = Decimal("80")
RECTIFICATION_ORDER = (
    RectificationStatus.DONE,
    RectificationStatus.FED_BACK,
    RectificationStatus.IN_PROGRESS,
    RectificationStatus.PENDING,
)
# What 备注 says of a member new this term.
NEW_MEMBER_MARKS = ("新任", "新当选", "新增补")
# Whom visit coverage is counted over: the members and deputies the summary names, not liaison
# contacts, invited people or supervisors (12 members visited of 12 is 100 %, whatever the rest).


def _date(day: dt.date | None, precision: str) -> str:
    if day is None:
        return ""
    if precision == "month":
        return PartialDate(day.year, day.month).chinese()
    return PartialDate(day.year, day.month, day.day).chinese()


def _url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def honorific(roles: set[str]) -> str:
    """How a summary names a person: 委员 for CPPCC members, 代表 for deputies, else 同志."""
    if RoleKind.MEMBER in roles:
        return "委员"
    if RoleKind.DEPUTY in roles:
        return "代表"
    return "同志"


@dataclass
class Count_:
    """A figure and the page that lists the records behind it."""

    value: int
    url: str = ""


@dataclass
class KindFigure:
    kind: str
    label: str
    count: int
    person_times: int
    url: str
    with_people: int = 0  # of `count`, those whose person-times are known


@dataclass
class SubmissionLine:
    pk: int
    kind: str
    title: str
    proposers: list[str]
    collective: bool
    state_label: str
    url: str


@dataclass
class VisitLine:
    pk: int
    date_text: str
    people: list[str]
    method: str
    heard: str
    follow_up: str
    url: str
    concern: bool = False  # the visit raised something to follow up


@dataclass
class ContributionLine:
    pk: int
    text: str
    amount: str
    url: str


@dataclass
class PersonContributions:
    name: str
    title: str
    items: list[ContributionLine]


@dataclass
class OfficeRow:
    pk: int
    name: str
    roster: int = 0
    activities: int = 0
    person_times: int = 0
    attendance_rate: Decimal | None = None
    submissions: int = 0
    adopted: int = 0
    visits: int = 0
    coverage: Decimal | None = None
    contributions: int = 0


@dataclass
class AnnualFacts:
    organisation: Organisation
    year: int
    tree: bool
    upper_name: str = ""
    people: str = "委员"  # the genre's word for the people the office works with
    # roster
    roster: list[tuple[str, int]] = field(default_factory=list)
    roster_total: Count_ = field(default_factory=lambda: Count_(0))
    sectors: list[tuple[str, int]] = field(default_factory=list)
    new_members: int = 0
    groups: list[str] = field(default_factory=list)
    supervisors: Count_ = field(default_factory=lambda: Count_(0))
    # activities
    activities_total: Count_ = field(default_factory=lambda: Count_(0))
    kinds: list[KindFigure] = field(default_factory=list)
    activity_figures: YearFigures = field(default_factory=YearFigures)
    activity_lines: list[ActivityLine] = field(default_factory=list)
    person_times: int = 0
    present: int = 0
    leave: int = 0
    absent: int = 0
    activities_with_attendance: int = 0
    activities_with_people: int = 0
    suggestions_total: int = 0
    # submissions
    submission_counts: dict[str, Count_] = field(default_factory=dict)
    joint_proposals: int = 0
    collective_proposals: int = 0
    state_counts: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    submission_lines: list[SubmissionLine] = field(default_factory=list)
    adoptions: list[tuple[str, int]] = field(default_factory=list)
    adopted_total: Count_ = field(default_factory=lambda: Count_(0))
    adopted_unit: str = "篇"  # 件 when a proposal or suggestion was adopted too
    satisfaction: list[tuple[str, int]] = field(default_factory=list)
    rectification_total: Count_ = field(default_factory=lambda: Count_(0))
    rectification_measures: int = 0
    rectification_states: list[tuple[str, int]] = field(default_factory=list)
    # liaison
    visits_total: Count_ = field(default_factory=lambda: Count_(0))
    visit_person_times: int = 0
    visited_people: int = 0
    visitable_people: int = 0
    concerns: int = 0
    concerns_resolved: int = 0
    visit_lines: list[VisitLine] = field(default_factory=list)
    briefings: Count_ = field(default_factory=lambda: Count_(0))
    # contributions and discipline
    contributions_total: Count_ = field(default_factory=lambda: Count_(0))
    contributions: list[PersonContributions] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)
    discipline_as_of: dt.date | None = None
    warning_streak: int = 0
    removal_streak: int = 0
    offices: list[OfficeRow] = field(default_factory=list)
    # the court's cases of concern and pairings; an office's reception events
    court: CourtFigures = field(default_factory=CourtFigures)
    reception: list[EventFigures] = field(default_factory=list)
    # what the data suggest for next year's plan
    plan_suggestions: list[str] = field(default_factory=list)

    @property
    def attendance_decided(self) -> int:
        return self.present + self.leave + self.absent

    @property
    def attendance_rate(self) -> Decimal | None:
        return attendance_rate(self.present, self.leave, self.absent)

    @property
    def visit_coverage(self) -> Decimal | None:
        return percent(self.visited_people, self.visitable_people)

    @property
    def study_kinds(self) -> list[KindFigure]:
        return [k for k in self.kinds if k.kind in STUDY_KINDS]

    @property
    def work_kinds(self) -> list[KindFigure]:
        return [k for k in self.kinds if k.kind not in STUDY_KINDS]


class Scope:
    """Which organisations' records count: the office itself, or its whole subtree."""

    def __init__(self, organisation: Organisation, tree: bool):
        self.organisation = organisation
        self.tree = tree

    def q(self, field_: str = "organisation") -> Q:
        if self.tree:
            return Q(**{f"{field_}__path__startswith": self.organisation.path})
        return Q(**{field_: self.organisation})


def roster_of(scope: Scope, year: int):
    """The people on the scope's roster in `year` (people.figures.roster_people)."""
    return roster_people(scope=scope.q(), year=year)


def _gather_roster(facts: AnnualFacts, scope: Scope) -> None:
    organisation, year = facts.organisation, facts.year
    people = roster_of(scope, year)
    base = {"org": "" if scope.tree else organisation.pk, "status": "serving"}
    counts = dict(
        PersonRole.objects.filter(person__in=people, role__in=ROSTER_ROLES)
        .values("role")
        .annotate(n=Count("person_id"))  # a person holds a role once (person_role_unique)
        .values_list("role", "n")
    )
    facts.roster = [
        (label, counts[value]) for value, label in RoleKind.choices if counts.get(value)
    ]
    facts.roster_total = Count_(people.count(), _url("people:roster", **base))
    facts.sectors = list(
        people.filter(sector__isnull=False)
        .values("sector__name")
        .annotate(n=Count("id"))
        .order_by("-n", "sector__name")
        .values_list("sector__name", "n")
    )
    became_member = PersonRole.objects.filter(
        person=OuterRef("pk"), role=RoleKind.MEMBER, start_date__year=year
    )
    marked = Q()
    for mark in NEW_MEMBER_MARKS:
        marked |= Q(note__contains=mark)
    facts.new_members = people.filter(Exists(became_member) | marked).count()
    supervisor = PersonRole.objects.filter(person=OuterRef("pk"), role=RoleKind.SUPERVISOR)
    facts.supervisors = Count_(
        Person.objects.filter(scope.q(), Exists(supervisor), status=PersonStatus.SERVING).count(),
        _url("people:roster", role="supervisor", **base),
    )
    if not scope.tree:
        facts.groups = list(
            ActivityGroup.objects.filter(organisation=organisation)
            .order_by("name")
            .values_list("name", flat=True)
        )


def _gather_activities(facts: AnnualFacts, scope: Scope) -> None:
    year = facts.year
    figures = year_figures(scope=scope.q(), year=year)
    facts.activity_figures = figures
    by_kind = figures.by_kind
    labels = dict(ActivityKind.choices)
    facts.kinds = [
        KindFigure(
            kind=kind,
            label=labels[kind],
            count=by_kind[kind]["activities"],
            person_times=by_kind[kind]["person_times"],
            url=_url("activities:list", year=year, kind=kind),
            with_people=by_kind[kind]["with_people"],
        )
        for kind in ActivityKind.values
        if by_kind.get(kind, {}).get("activities")
    ]
    facts.activities_total = Count_(
        sum(k.count for k in facts.kinds), _url("activities:list", year=year)
    )
    facts.present = figures.total["present"]
    facts.leave = figures.total["leave"]
    facts.absent = figures.total["absent"]
    facts.person_times = figures.total["person_times"]
    facts.activities_with_attendance = figures.total["with_records"]
    facts.activities_with_people = figures.total["with_people"]
    activities = Activity.objects.filter(scope.q(), year=year)
    facts.suggestions_total = (activities.aggregate(n=Sum("suggestions_count"))["n"] or 0) + (
        activities.filter(suggestions_count__isnull=True).aggregate(n=Count("suggestions"))["n"]
        or 0
    )
    if scope.tree:
        return
    facts.activity_lines = activity_lines(activities)


def _gather_submissions(facts: AnnualFacts, scope: Scope, today: dt.date) -> None:
    year = facts.year
    submissions = year_submissions(scope=scope.q(), year=year)
    state_labels = dict(SubmissionState.choices)
    by_kind_state = (
        submissions.values("kind", "state").annotate(n=Count("id")).order_by("kind", "state")
    )
    kind_totals: Counter = Counter()
    states: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for row in by_kind_state:
        kind_totals[row["kind"]] += row["n"]
        states[row["kind"]].append((state_labels[row["state"]], row["n"]))
    state_order = {value: i for i, value in enumerate(state_labels.values())}
    facts.state_counts = {
        kind: sorted(values, key=lambda pair: state_order[pair[0]])
        for kind, values in states.items()
    }
    facts.submission_counts = {
        kind: Count_(kind_totals[kind], _url("submissions:list", year=year, kind=kind))
        for kind in SubmissionKind.values
        if kind_totals[kind]
    }
    proposals = submissions.filter(kind=SubmissionKind.PROPOSAL)
    facts.collective_proposals = proposals.filter(collective=True).count()
    facts.joint_proposals = (
        proposals.filter(collective=False).annotate(n=Count("proposers")).filter(n__gt=1).count()
    )
    adoption_rows = adopted_counts(submissions, "adoptions__level")
    facts.adoptions = [
        (label, adoption_rows[value])
        for value, label in reversed(AdoptionLevel.choices)
        if adoption_rows.get(value)
    ]
    adopted_by_kind = adopted_counts(submissions, "kind")
    facts.adopted_total = Count_(sum(adopted_by_kind.values()), _url("submissions:list", year=year))
    if set(adopted_by_kind) - {SubmissionKind.OPINION_REPORT}:
        facts.adopted_unit = "件"
    # Satisfaction: each submission's latest rating round, by its result.

    latest: dict[int, str] = {}
    for submission_id, result in (
        Rating.objects.filter(submission__in=submissions)
        .order_by("submission_id", "round", "rated_at")
        .values_list("submission_id", "result")
    ):
        latest[submission_id] = result
    results = Counter(latest.values())
    facts.satisfaction = [
        (label, results[value]) for value, label in Satisfaction.choices if results.get(value)
    ]
    items = RectificationItem.objects.filter(scope.q(), year=year)
    by_status = items.values("status").annotate(
        n=Count("id"), measures=Count("id", filter=~Q(measure=""))
    )
    status_counts = {row["status"]: row["n"] for row in by_status}
    facts.rectification_total = Count_(sum(status_counts.values()), reverse("rectification:list"))
    facts.rectification_measures = sum(row["measures"] for row in by_status)
    # done first, as a summary reports them: 已整改9项、整改中3项
    facts.rectification_states = [
        (RectificationStatus(value).label, status_counts[value])
        for value in RECTIFICATION_ORDER
        if status_counts.get(value)
    ]
    if scope.tree:
        return
    for s in submissions.prefetch_related("proposers__person").order_by(
        "kind", "submitted_on", "code", "id"
    ):
        names = [p.person.name for p in sorted(s.proposers.all(), key=lambda p: p.position)]
        facts.submission_lines.append(
            SubmissionLine(
                pk=s.pk,
                kind=s.kind,
                title=s.title,
                proposers=names,
                collective=s.collective,
                state_label=state_labels[s.state],
                url=reverse("submissions:detail", args=[s.pk]),
            )
        )
    overdue = submissions.filter(overdue_q(today)).count()
    if overdue:
        facts.plan_suggestions.append(
            f"{overdue}件提案建议已超过办理期限尚未答复，应督促承办单位加快办理。"
        )
    overdue_items = items.filter(rectification_overdue_q(today)).count()
    if overdue_items:
        facts.plan_suggestions.append(f"{overdue_items}项整改事项已逾期，应跟踪督办、按期反馈。")


def _gather_visits(facts: AnnualFacts, scope: Scope) -> None:

    year = facts.year
    visits = year_visits(scope=scope.q(), year=year)
    figures = visits.aggregate(
        total=Count("id"),
        concerns=Count("id", filter=~Q(concern_status=ConcernStatus.NONE)),
        resolved=Count("id", filter=Q(concern_status=ConcernStatus.RESOLVED)),
    )
    facts.visits_total = Count_(figures["total"], _url("visits:list", year=year))
    facts.concerns, facts.concerns_resolved = figures["concerns"], figures["resolved"]
    facts.visit_person_times = Visit.people.through.objects.filter(visit__in=visits).count()
    roster = visitable_people(roster_of(scope, year))
    facts.visitable_people = roster.count()
    visited = visited_people(roster, visits)
    facts.visited_people = visited.count()
    if scope.tree:
        return
    for v in visits.prefetch_related("people").order_by("date", "id"):
        facts.visit_lines.append(
            VisitLine(
                pk=v.pk,
                date_text=_date(v.date, v.date_precision),
                people=sorted(p.name for p in v.people.all()) or ([v.unit] if v.unit else []),
                method=v.method,
                heard=v.heard.strip(),
                follow_up=v.follow_up.strip(),
                url=reverse("visits:detail", args=[v.pk]),
                concern=v.concern_status != ConcernStatus.NONE,
            )
        )
    never = list(
        roster.exclude(pk__in=visited.values("pk"))
        .order_by("name_pinyin")
        .values_list("name", flat=True)
    )
    if never and facts.visitable_people:
        facts.plan_suggestions.append(
            f"{len(never)}名{facts.people}全年未被走访（{'、'.join(never)}），应纳入明年走访计划。"
        )


def _gather_contributions(facts: AnnualFacts, scope: Scope) -> None:
    contributions = Contribution.objects.filter(scope.q(), year=facts.year)
    facts.contributions_total = Count_(
        contributions.count(), _url("duty:contributions", year=facts.year)
    )
    if scope.tree:
        return
    people: dict[int, PersonContributions] = {}
    rows = contributions.select_related("person").prefetch_related("person__roles")
    for c in rows.order_by("person__name_pinyin", "person_id", "date", "id"):
        if c.person_id not in people:
            roles = {r.role for r in c.person.roles.all()}
            people[c.person_id] = PersonContributions(c.person.name, honorific(roles), [])
        quantity, unit = normalise_money(c.quantity, c.unit)
        people[c.person_id].items.append(
            ContributionLine(
                pk=c.pk,
                text=c.text.strip().rstrip("。"),
                amount=chinese_quantity(quantity, unit),
                url=reverse("duty:contribution_edit", args=[c.pk]),
            )
        )
    facts.contributions = list(people.values())


def _gather_discipline(facts: AnnualFacts, today: dt.date) -> None:

    as_of = min(dt.date(facts.year, 12, 31), today)
    facts.discipline_as_of = as_of
    rules = discipline_settings_for(organisation=facts.organisation)
    facts.warning_streak, facts.removal_streak = rules.warning_streak, rules.removal_streak
    for standing in discipline_standings(organisation=facts.organisation, as_of=as_of):
        if standing.level == LEVEL_WARNING:
            facts.warnings.append(standing.name)
        elif standing.level == LEVEL_REMOVAL:
            facts.removals.append(standing.name)


def _gather_group_attendance(facts: AnnualFacts) -> None:
    """Groups whose members attended less than LOW_ATTENDANCE percent: a point for the plan."""
    rows = attendance_by_group(
        scope=Q(organisation=facts.organisation),
        organisation=facts.organisation,
        year=facts.year,
    )
    for row in rows:
        rate = percent(row["present"], row["decided"])
        if rate is not None and rate < LOW_ATTENDANCE:
            facts.plan_suggestions.append(
                f"{row['name']}全年出勤率{rate}%，低于{LOW_ATTENDANCE}%，应加强联系、了解原因。"
            )


def _gather_offices(facts: AnnualFacts, scope: Scope) -> None:
    """One row per office below the organisation (townships and groups with a roster or records)."""
    year = facts.year
    organisation = facts.organisation
    below = Organisation.objects.filter(path__startswith=organisation.path).exclude(
        pk=organisation.pk
    )
    rows = {o.pk: OfficeRow(pk=o.pk, name=o.name) for o in below.order_by("path")}
    if organisation.pk not in rows:
        rows = {organisation.pk: OfficeRow(pk=organisation.pk, name=organisation.name), **rows}
    roster = roster_of(scope, year)
    for org_id, n in per_organisation(roster):
        rows[org_id].roster = n
    for org_id, figures in facts.activity_figures.by_organisation.items():
        row = rows[org_id]
        row.activities = figures["activities"]
        row.person_times = figures["person_times"]
        row.attendance_rate = attendance_rate(
            figures["present"], figures["leave"], figures["absent"]
        )
    submissions = year_submissions(scope=scope.q(), year=year)
    for org_id, n in (
        submissions.values("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    ):
        rows[org_id].submissions = n
    for org_id, n in adopted_counts(submissions, "organisation_id").items():
        rows[org_id].adopted = n
    visits = year_visits(scope=scope.q(), year=year)
    for org_id, n in (
        visits.values("organisation_id").annotate(n=Count("id")).values_list("organisation_id", "n")
    ):
        rows[org_id].visits = n
    visitable = visitable_people(roster)
    counted = dict(per_organisation(visitable))
    for org_id, n in per_organisation(visited_people(visitable, visits)):
        rows[org_id].coverage = percent(n, counted.get(org_id, 0))
    for org_id, n in (
        Contribution.objects.filter(scope.q(), year=year)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    ):
        rows[org_id].contributions = n
    facts.offices = [
        row
        for row in rows.values()
        if row.roster or row.activities or row.submissions or row.visits or row.contributions
    ]


def annual_facts(
    *, organisation: Organisation, year: int, today: dt.date | None = None
) -> AnnualFacts:
    """Everything the records say about the organisation's year (its subtree for upper levels)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    tree = organisation.children.exists()
    scope = Scope(organisation, tree)
    facts = AnnualFacts(
        organisation=organisation,
        year=year,
        tree=tree,
        upper_name=organisation.parent.name if organisation.parent_id else "",
        people=genre_for(organisation, tree=tree).people,
    )
    _gather_roster(facts, scope)
    _gather_activities(facts, scope)
    _gather_submissions(facts, scope, today)
    _gather_visits(facts, scope)

    facts.briefings = Count_(
        issued_count(scope_q=scope.q(), year=year), _url("briefings:list", year=year)
    )
    _gather_contributions(facts, scope)
    if tree:
        _gather_offices(facts, scope)
    else:
        _gather_discipline(facts, today)
        _gather_group_attendance(facts)
        facts.court = court_figures(scope_q=scope.q, year=year, today=today)
        facts.reception = reception_figures(scope=scope.q(), year=year)
    return facts
