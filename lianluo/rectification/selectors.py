"""Reading rectification items, always through the viewer's scope: the office's staff and upper
levels, and a member the items they raised."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from lianluo.core.access import get_in_scope_or_404, scope_by_org
from lianluo.core.transitions import timeline
from lianluo.rectification.figures import rectification_overdue_q
from lianluo.rectification.lifecycle import HISTORY_LABELS
from lianluo.rectification.models import RectificationItem


def rectification_scope(viewer) -> QuerySet[RectificationItem]:
    own = Q(raised_by=viewer.person_id) if viewer.person_id else None
    return scope_by_org(RectificationItem.objects.all(), viewer, own=own).distinct()


def rectification_get(*, viewer, pk: int) -> RectificationItem:
    return get_in_scope_or_404(
        rectification_scope(viewer).select_related(
            "organisation", "source_activity", "source_submission"
        ),
        pk=pk,
    )


def rectification_list(*, viewer, status: str = "", overdue: bool = False, today=None):
    today = today or timezone.localdate()
    items = rectification_scope(viewer)
    if status:
        items = items.filter(status=status)
    if overdue:
        items = items.filter(rectification_overdue_q(today))
    return items.select_related(
        "organisation", "source_activity", "source_submission"
    ).prefetch_related("raised_by")


def rectification_timeline(item: RectificationItem) -> list:
    return timeline(item.events, HISTORY_LABELS)
