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


def test_purge_keeps_the_retention_period_of_a_year_by_default(world):
    old = AuditEntry.objects.create(
        action="auth.login_failed", actor_username="x", at=timezone.now() - dt.timedelta(days=400)
    )
    kept = AuditEntry.objects.create(
        action="auth.login_failed", actor_username="x", at=timezone.now() - dt.timedelta(days=300)
    )
    recent = audit_record(actor=None, action="auth.login_failed", username="y")
    with pytest.raises(ApplicationError, match="至少保留365天"):
        audit_purge(actor=None, older_than_days=183)
    assert audit_purge(actor=None, older_than_days=365) == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=kept.pk).exists()
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


def test_nobody_changes_or_deletes_an_entry_through_the_application(world):
    entry = audit_record(actor=world.staff, action="person.updated", target=world.person_a)
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(action="person.created")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(PermissionDenied):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "person.updated"


def test_the_database_itself_refuses_to_change_an_entry(world):
    """Below the application: raw SQL, as a staff member with a database client would send."""
    from django.db import DatabaseError, connection, transaction

    entry = audit_record(actor=world.staff, action="person.updated", target=world.person_a)
    with pytest.raises(DatabaseError, match="审计记录不可修改"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["x", entry.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="审计记录不可删除"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    world.staff.delete()  # the account's entries stay, their actor cleared by the foreign key
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.actor_id, entry.actor_username, entry.action) == (
        None,
        "staff_a",
        "person.updated",
    )


def test_the_client_address_behind_our_proxy_is_the_one_it_forwards_for(rf, settings):
    from lianluo.audit.middleware import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.1.2.3")
    assert client_ip(request) == "127.0.0.1"  # no proxy trusted: the peer
    settings.LIANLUO_TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(request) == "10.1.2.3"  # what nginx wrote, not what the client claimed
    assert client_ip(rf.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.1.1.1")) == (
        "10.9.9.9"  # a peer that is not our proxy cannot name another address
    )
