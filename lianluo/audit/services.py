import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from lianluo.audit.context import current_request_meta
from lianluo.audit.models import AuditEntry, AuditPurgePermit
from lianluo.core.errors import ApplicationError


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    organisation=None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEntry:
    """Append one entry; the request's address comes from the middleware's context."""
    meta = current_request_meta()
    actor_obj = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        actor=actor_obj,
        actor_username=(actor_obj.get_username() if actor_obj else username)[:150],
        action=action,
        organisation=organisation,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        before=before,
        after=after,
        ip_address=meta.ip_address,
        user_agent=meta.user_agent,
    )
    entry.save()
    return entry


def audit_diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the fields that changed, as (before, after)."""
    changed = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in changed}, {key: after[key] for key in changed}


@transaction.atomic
def audit_purge(*, actor, older_than_days: int, now: dt.datetime | None = None) -> int:
    """Delete entries older than the given age; never younger than the retention period."""
    minimum = settings.LIANLUO_AUDIT_RETENTION_DAYS
    if older_than_days < minimum:
        raise ApplicationError(f"审计记录至少保留{minimum}天，不能清理{older_than_days}天内的记录")
    cutoff = (now or timezone.now()) - dt.timedelta(days=older_than_days)
    permit = AuditPurgePermit.objects.create(cutoff=cutoff)
    deleted = AuditEntry.objects.delete_expired(cutoff=cutoff)
    permit.delete()
    audit_record(
        actor=actor, action="audit.purged", after={"before": cutoff.isoformat(), "deleted": deleted}
    )
    return deleted
