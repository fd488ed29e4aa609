from django.db.models import Q, QuerySet

from lianluo.briefings.models import Briefing, BriefingStatus
from lianluo.core.access import get_in_scope_or_404, scope_by_org
from lianluo.core.transitions import timeline


def briefing_scope(viewer) -> QuerySet[Briefing]:
    return scope_by_org(Briefing.objects.select_related("organisation"), viewer)


def briefing_get(*, viewer, pk: int) -> Briefing:
    return get_in_scope_or_404(briefing_scope(viewer).prefetch_related("items"), pk=pk)


def briefing_list(*, viewer, year: int | None = None) -> QuerySet[Briefing]:
    items = briefing_scope(viewer)
    if year:
        items = items.filter(year=year)
    return items.order_by("-year", "status", "-number", "-id")


def issued_count(*, scope_q: Q, year: int) -> int:
    """How many briefings the organisations of `scope_q` issued in the year."""
    return Briefing.objects.filter(scope_q, year=year, status=BriefingStatus.ISSUED).count()


HISTORY_LABELS = {"created": "起草", "issue": "印发"}


def briefing_timeline(briefing: Briefing) -> list:
    return timeline(briefing.events, HISTORY_LABELS)
