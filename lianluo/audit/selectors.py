import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from lianluo.audit.models import AuditEntry
from lianluo.core.access import can_read_audit, org_scope_q, scope_by_org


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    username: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_scope(*, viewer) -> QuerySet[AuditEntry]:
    """Entries about the viewer's subtree, and the logins of its accounts (which carry no org)."""
    if not can_read_audit(viewer):
        return AuditEntry.objects.none()
    usernames = scope_by_org(get_user_model().objects.all(), viewer).values("username")
    return AuditEntry.objects.filter(
        org_scope_q(viewer) | Q(organisation__isnull=True, actor_username__in=usernames)
    )


def audit_list(*, viewer, filters: AuditFilters) -> QuerySet[AuditEntry]:
    entries = audit_scope(viewer=viewer)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.username:
        entries = entries.filter(actor_username__icontains=filters.username.strip())
    if filters.date_from:
        entries = entries.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(at__date__lte=filters.date_to)
    return entries.select_related("organisation").order_by("-at", "-id")
