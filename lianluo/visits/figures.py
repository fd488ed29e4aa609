"""The visits of a year and their coverage, defined once. Coverage is counted over the roster's
members and deputies (not liaison contacts or supervisors), a person counted once however many
visits named them. The summary, the statistics page and the comparison of offices read it here.
(A visit round's due list, which counts liaison contacts too, is the round's own:
`selectors.due_people`.)"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from lianluo.people.models import PersonRole, RoleKind
from lianluo.visits.models import Visit

COVERAGE_ROLES = (RoleKind.MEMBER, RoleKind.DEPUTY)


def year_visits(*, scope: Q, year: int) -> QuerySet[Visit]:
    """The visits matching `scope` (a filter on Visit) in `year`, by the visit's date."""
    return Visit.objects.filter(scope, date__year=year)


def visitable_people(roster):
    """Those of `roster` whom visit coverage is counted over (COVERAGE_ROLES)."""
    return roster.filter(
        Exists(PersonRole.objects.filter(person=OuterRef("pk"), role__in=COVERAGE_ROLES))
    )


def visited_people(roster, visits):
    """Those of `roster` whom one of `visits` visited, each once."""
    return roster.filter(
        Exists(Visit.people.through.objects.filter(person=OuterRef("pk"), visit__in=visits))
    )
