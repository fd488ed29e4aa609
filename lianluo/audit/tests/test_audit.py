import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from lianluo.audit.models import AuditEntry
from lianluo.audit.services import audit_purge, audit_record
from lianluo.core.errors import ApplicationError
from lianluo.people.services import person_update


def test_entries_cannot_be_changed(world):
    entry = audit_record(actor=world.staff, action="person.updated", target=world.person_a)
    entry.action = "person.created"
    with pytest.raises(PermissionDenied):
        entry.save()


def test_purge_keeps_at_least_180_days(world):
    old = audit_record(actor=None, action="auth.login_failed", username="x")
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=200))
    recent = audit_record(actor=None, action="auth.login_failed", username="y")
    with pytest.raises(ApplicationError, match="至少保留180天"):
        audit_purge(actor=None, older_than_days=30)
    assert audit_purge(actor=None, older_than_days=180) == 1
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
    assert AuditEntry.objects.filter(action="audit.purged").exists()


def test_staff_browse_and_filter_the_log_of_their_scope(client, world):
    person_update(actor=world.staff, person=world.person_a, position="社长")
    person_update(actor=world.outsider, person=world.person_b, position="经理")
    client.force_login(world.staff)
    page = client.get(reverse("audit:list"), {"action": "person.updated"})
    entries = list(page.context["page"])
    assert [entry.target_repr for entry in entries] == ["周建华"]
    assert "社长" in page.content.decode()
    client.force_login(world.admin)
    entries = list(client.get(reverse("audit:list"), {"action": "person.updated"}).context["page"])
    assert sorted(entry.target_repr for entry in entries) == ["周建华", "孙海涛"]


def test_failed_logins_of_the_scopes_accounts_are_visible(client, world):
    client.post(reverse("accounts:login"), {"username": "staff_b", "password": "nope-nope-1"})
    client.post(reverse("accounts:login"), {"username": "court", "password": "nope-nope-1"})
    client.force_login(world.admin)
    entries = client.get(reverse("audit:list"), {"action": "auth.login_failed"}).context["page"]
    assert [entry.actor_username for entry in entries] == ["staff_b"]
