"""Reads of court liaison: pairs and their ledgers, cases, what is overdue."""

import datetime as dt

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from lianluo.core.access import get_in_scope_or_404, scope_by_org
from lianluo.core.transitions import timeline
from lianluo.court.lifecycle import EVENT_LABELS
from lianluo.court.models import ConcernCase, CourtSettings, Pairing


def settings_for(organisation) -> CourtSettings:
    found = CourtSettings.objects.filter(organisation=organisation).first()
    return found or CourtSettings(organisation=organisation)


def pairing_scope(viewer) -> QuerySet[Pairing]:
    return scope_by_org(Pairing.objects.all(), viewer)


def pairing_list(*, viewer, include_ended: bool = False) -> QuerySet[Pairing]:
    items = pairing_scope(viewer).select_related("staff", "person", "organisation")
    if not include_ended:
        items = items.filter(ended_on__isnull=True)
    return items.annotate(
        contact_count=Count("contacts"), last_contact=Max("contacts__date")
    ).order_by("staff__name", "person__name")


def pairing_get(*, viewer, pk: int) -> Pairing:
    return get_in_scope_or_404(
        pairing_scope(viewer).select_related("staff", "person", "organisation"), pk=pk
    )


def case_scope(viewer) -> QuerySet[ConcernCase]:
    return scope_by_org(ConcernCase.objects.all(), viewer)


def case_get(*, viewer, pk: int) -> ConcernCase:
    return get_in_scope_or_404(case_scope(viewer).select_related("organisation"), pk=pk)


def overdue_q(today: dt.date | None = None) -> Q:
    """A plan not made by its date, or a reply not sent by its date."""
    today = today or timezone.localdate()
    return Q(planned_on__isnull=True, plan_due__lt=today) | Q(
        replied_on__isnull=True, reply_due__lt=today
    )


def case_list(*, viewer, status: str = "", overdue: bool = False) -> QuerySet[ConcernCase]:
    items = case_scope(viewer).prefetch_related("raised_by")
    if status:
        items = items.filter(status=status)
    if overdue:
        items = items.filter(overdue_q())
    return items.order_by("-received_on", "-id")


def case_timeline(case: ConcernCase) -> list:
    return timeline(case.events, EVENT_LABELS)
