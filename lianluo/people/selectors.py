from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from lianluo.core.access import get_in_scope_or_404, scope_by_org
from lianluo.orgs.models import Organisation
from lianluo.people.models import ActivityGroup, Person, PersonRole, PersonStatus, RoleKind, Sector


@dataclass(frozen=True)
class PeopleFilters:
    q: str = ""
    role: str = ""
    sector: str = ""
    group: int | None = None
    status: str = ""
    organisation: int | None = None


def people_scope(*, viewer) -> QuerySet[Person]:
    """Every person the viewer may see; a member sees only their own record."""
    own = Q(pk=viewer.person_id) if viewer.is_authenticated and viewer.person_id else None
    return scope_by_org(Person.objects.all(), viewer, own=own)


ROSTER_COLUMNS = (
    "name",
    "gender",
    "sector__name",
    "work_unit",
    "position",
    "organisation__name",
    "mobile",
    "id_number",
    "status",
)


def roles_and_groups(people: QuerySet[Person]) -> tuple[dict, dict]:
    """The roles and group names of these people, by person id, in two flat queries whatever
    their number (roles by their stored value, as the roster page lists them; groups by name).
    Read in chunks, and each combination kept once: a province's 100,000 people share a few
    hundred, so the two maps cost their keys, not 100,000 lists."""
    ids = people.values("pk")
    roles = PersonRole.objects.filter(person_id__in=ids).order_by("person_id", "role")
    membership = ActivityGroup.members.through.objects.filter(person_id__in=ids).order_by(
        "person_id", "activitygroup__name"
    )
    return (
        _by_person(roles.values_list("person_id", "role")),
        _by_person(membership.values_list("person_id", "activitygroup__name")),
    )


def _by_person(rows) -> dict[int, tuple[str, ...]]:
    """(person id, value) rows ordered by person id → person id: its values, one shared tuple
    per combination."""
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    found = {}
    for person_id, values in groupby(rows.iterator(chunk_size=5000), key=itemgetter(0)):
        combination = tuple(value for _, value in values)
        found[person_id] = shared.setdefault(combination, combination)
    return found


def roster_rows(*, viewer, filters: PeopleFilters):
    """The roster as plain rows for an export, in the page's order: three queries whatever its
    size (the people, their roles, their groups), and no model instances — a province's roster
    is 100,000 people. Each row: the ROSTER_COLUMNS' values, then the roles and the groups."""
    people = people_list(viewer=viewer, filters=filters).prefetch_related(None)
    roles, groups = roles_and_groups(people)
    for pk, *values in people.values_list("pk", *ROSTER_COLUMNS).iterator(chunk_size=5000):
        yield (*values, roles.get(pk, ()), groups.get(pk, ()))


def prefix_range_q(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, written as a range so that a plain index serves it."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})


def people_search_q(text: str) -> Q:
    """Letters search the pinyin (zjh and zhoujian find 周建华); anything else the name or unit."""
    text = text.strip()
    if not text:
        return Q()
    lowered = text.lower()
    if lowered.isascii() and lowered.isalpha():
        return prefix_range_q("name_initials", lowered) | prefix_range_q("name_pinyin", lowered)
    return Q(name__icontains=text) | Q(work_unit__icontains=text)


def people_list(*, viewer, filters: PeopleFilters) -> QuerySet[Person]:
    people = people_scope(viewer=viewer)
    if filters.q:
        people = people.filter(people_search_q(filters.q))
    if filters.role:
        people = people.filter(
            pk__in=PersonRole.objects.filter(role=filters.role).values("person_id")
        )
    if filters.sector:
        people = people.filter(sector__name=filters.sector)
    if filters.group:
        people = people.filter(activity_groups__id=filters.group)
    if filters.status:
        people = people.filter(status=filters.status)
    if filters.organisation:
        people = people.filter(organisation_id=filters.organisation)
    return (
        people.select_related("organisation", "sector")
        .prefetch_related(
            Prefetch("roles", queryset=PersonRole.objects.order_by("role")),
            Prefetch("activity_groups", queryset=ActivityGroup.objects.only("id", "name")),
        )
        .order_by("organisation_id", "name_pinyin", "id")
    )


def person_get(*, viewer, pk: int) -> Person:
    people = (
        people_scope(viewer=viewer)
        .select_related("organisation", "sector")
        .prefetch_related("roles", "activity_groups", "led_groups")
    )
    return get_in_scope_or_404(people, pk=pk)


def sectors_for(*, organisation: Organisation, active_only: bool = True) -> QuerySet[Sector]:
    sectors = Sector.objects.filter(organisation=organisation)
    if active_only:
        sectors = sectors.filter(is_active=True)
    return sectors.order_by("position", "id")


def sector_names_in_scope(*, viewer) -> list[str]:
    """The sector names used across the viewer's organisations (each has its own copy).

    A province has every name copied to each of its thousand offices: a DISTINCT would read all
    copies (26,000 rows, 8 ms on each roster page). This asks the index of active sectors by name
    for the first name after the last one, once per name (a loose index scan), ~30 lookups.
    """
    sectors = scope_by_org(Sector.objects.filter(is_active=True), viewer)
    if sectors.query.is_empty():
        return []
    following = (
        sectors.filter(name__gt=RawSQL("names.name", []))
        .order_by("name")
        .values_list("name", flat=True)[:1]
    )
    sql, params = following.query.sql_with_params()
    with connection.cursor() as cursor:
        # The statement is the scope's own, compiled by the ORM; the seed '' is before any name.
        cursor.execute(
            "WITH RECURSIVE names(name) AS ("  # noqa: S608
            " SELECT CAST('' AS text)"
            f" UNION ALL SELECT CAST(({sql}) AS text) FROM names WHERE names.name IS NOT NULL"
            ") SELECT name FROM names WHERE name <> ''",
            params,
        )
        return [name for (name,) in cursor.fetchall()]


def groups_in_scope(*, viewer) -> QuerySet[ActivityGroup]:
    return scope_by_org(ActivityGroup.objects.select_related("organisation"), viewer)


def group_get(*, viewer, pk: int) -> ActivityGroup:
    groups = groups_in_scope(viewer=viewer).select_related("leader").prefetch_related("members")
    return get_in_scope_or_404(groups, pk=pk)


def group_choices(*, organisation: Organisation) -> list[tuple[int, str]]:
    """(id, name) of an organisation's groups, by name: what a filter offers."""
    groups = ActivityGroup.objects.filter(organisation=organisation).order_by("name")
    return list(groups.values_list("id", "name"))


def groups_of_org(*, organisation: Organisation) -> QuerySet[ActivityGroup]:
    return (
        ActivityGroup.objects.filter(organisation=organisation)
        .select_related("leader")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name")
    )


@dataclass(frozen=True)
class RoleCount:
    role: str
    label: str
    count: int


def role_counts(*, organisations: QuerySet[Organisation]) -> list[RoleCount]:
    """Serving people by role in the given organisations, in the glossary's order."""
    rows = (
        PersonRole.objects.filter(
            person__organisation__in=organisations, person__status=PersonStatus.SERVING
        )
        .values("role")
        .annotate(n=Count("person_id", distinct=True))
    )
    counts = {row["role"]: row["n"] for row in rows}
    return [
        RoleCount(role=value, label=label, count=counts[value])
        for value, label in RoleKind.choices
        if counts.get(value)
    ]


def status_counts(*, organisations: QuerySet[Organisation]) -> dict[str, int]:
    rows = (
        Person.objects.filter(organisation__in=organisations)
        .values("status")
        .annotate(n=Count("id"))
    )
    return {row["status"]: row["n"] for row in rows}
