"""The roster of a year, defined once: who is counted as the office's people in `year` (serving
then, with a roster role not ended before it), and how many each organisation has. The summary,
the statistics page, visit coverage and the comparison of offices read it here."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from lianluo.people.models import ROSTER_ROLES, Person, PersonRole, PersonStatus


def roster_people(*, scope: Q, year: int) -> QuerySet[Person]:
    """The people matching `scope` (a filter on Person) on the roster in `year`.

    Each person once, without DISTINCT: the role is an EXISTS, so counts over the province's
    roster are plain grouped counts."""
    year_end = dt.date(year, 12, 31)
    active_role = PersonRole.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=dt.date(year, 1, 1)),
        person=OuterRef("pk"),
        role__in=ROSTER_ROLES,
    )
    serving = Q(status=PersonStatus.SERVING) | Q(status_since__gt=year_end)
    return Person.objects.filter(scope, serving, Exists(active_role))


def per_organisation(people: QuerySet[Person], key: str = "organisation_id") -> list[tuple]:
    """How many of these people (each once, as roster_people gives them) each organisation has,
    by `key` (its id or path)."""
    return list(people.values(key).annotate(n=Count("id")).order_by().values_list(key, "n"))
