import datetime as dt

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lianluo.accounts.models import User
from lianluo.accounts.services import login_locked_until
from lianluo.accounts.tests.factories import TEST_PASSWORD
from lianluo.audit.models import AuditEntry


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_and_failed_login_are_audited_with_the_address(client, world):
    _login(client, "staff_a", "wrong-password-1")
    response = _login(client, "staff_a", TEST_PASSWORD)
    assert response.status_code == 302
    failed = AuditEntry.objects.get(action="auth.login_failed")
    assert failed.actor_username == "staff_a" and failed.ip_address == "127.0.0.1"
    assert AuditEntry.objects.get(action="auth.login").actor == world.staff


def test_five_failures_lock_the_account_for_fifteen_minutes(client, world):
    for _ in range(5):
        response = _login(client, "staff_a", "wrong-password-1")
        assert "用户名或密码不正确" in response.content.decode()
    response = _login(client, "staff_a", TEST_PASSWORD)
    assert response.status_code == 200
    assert "账号已锁定，请15分钟后再试" in response.content.decode()
    assert AuditEntry.objects.filter(action="auth.login_locked").count() == 1
    # Other accounts are not affected.
    assert _login(client, "staff_b", TEST_PASSWORD).status_code == 302


def test_the_lock_ends_after_the_window(world):
    for _ in range(5):
        AuditEntry.objects.create(action="auth.login_failed", actor_username="staff_a")
    now = timezone.now()
    assert login_locked_until(username="staff_a", now=now) is not None
    later = now + dt.timedelta(minutes=settings.LIANLUO_LOGIN_LOCKOUT_MINUTES, seconds=1)
    assert login_locked_until(username="staff_a", now=later) is None


def test_a_successful_login_clears_earlier_failures(client, world):
    for _ in range(4):
        _login(client, "staff_a", "wrong-password-1")
    assert _login(client, "staff_a", TEST_PASSWORD).status_code == 302
    client.logout()
    _login(client, "staff_a", "wrong-password-1")
    assert login_locked_until(username="staff_a", address="127.0.0.1") is None


def test_passwords_use_argon2():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_session_idle_for_30_minutes_is_logged_out(client, world):
    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    _login(client, "staff_a", TEST_PASSWORD)
    assert client.get(reverse("people:roster")).status_code == 200
    session = Session.objects.get()
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(reverse("people:roster"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_activity_renews_the_session_at_most_once_a_minute(client, world):
    from django.contrib.sessions.models import Session

    from lianluo.accounts.middleware import SESSION_REFRESHED_KEY

    _login(client, "staff_a", TEST_PASSWORD)
    client.get(reverse("people:roster"))
    first = Session.objects.get().expire_date
    client.get(reverse("people:roster"))
    assert Session.objects.get().expire_date == first  # within the minute: no write
    session = client.session
    session[SESSION_REFRESHED_KEY] -= 61
    session.save()
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(minutes=5))
    client.get(reverse("people:roster"))
    renewed = Session.objects.get().expire_date
    assert renewed > timezone.now() + dt.timedelta(minutes=29)


def test_password_policy_explains_itself_in_chinese(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "abcdefghij",
            "new_password2": "abcdefghij",
        },
    )
    errors = response.context["form"].errors["new_password2"]
    assert "密码必须同时包含字母和数字。" in errors
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "short1", "new_password2": "short1"},
    )
    assert any(
        "密码长度太短" in error for error in response.context["form"].errors["new_password2"]
    )


def test_create_user_command(world, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("Another-pass-99\n"))
    call_command(
        "create_user", "new_staff", "--org", "甲镇政协联络组", "--role", "staff", "--password-stdin"
    )
    user = User.objects.get(username="new_staff")
    assert user.organisation == world.town_a and user.role == "staff"
    assert user.check_password("Another-pass-99")
    call_command(
        "create_user", "m2", "--org", "甲镇政协联络组", "--role", "member", "--person", "陈玉兰"
    )
    assert User.objects.get(username="m2").person == world.person_a2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x1", "--org", "不存在的组织", "--role", "staff"], "组织“不存在的组织”不存在"),
        (["x2", "--org", "甲镇政协联络组", "--role", "member"], "委员/代表账号必须对应一名人员"),
        (["staff_a", "--org", "甲镇政协联络组", "--role", "staff"], "账号“staff_a”已存在"),
    ],
)
def test_create_user_command_refuses_bad_input(world, args, message):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("create_user", *args)


def test_django_admin_is_for_system_administrators_only(client, world):
    client.force_login(world.admin)
    assert client.get("/admin/").status_code == 302
    superuser = User.objects.create_superuser("root", password="Root-pass-2026")
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200


def test_failures_from_another_address_do_not_lock_the_victim_out(client, world):
    """The lock-out cannot be used to keep someone out: failures count per address."""
    for _ in range(5):
        _login_from(client, "10.0.0.66", "staff_a", "wrong-password-1")
    locked = _login_from(client, "10.0.0.66", "staff_a", TEST_PASSWORD)
    assert "账号已锁定" in locked.content.decode()
    assert _login(client, "staff_a", TEST_PASSWORD).status_code == 302  # the victim, at 127.0.0.1


def test_an_address_trying_many_accounts_is_locked_for_all(client, world, settings):
    settings.LIANLUO_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for name in ("staff_a", "staff_b", "admin", "leader", "court", "handler"):
        _login_from(client, "10.0.0.77", name, "wrong-password-1")
    response = _login_from(client, "10.0.0.77", "member_a", TEST_PASSWORD)
    assert "账号已锁定" in response.content.decode()
    assert _login(client, "member_a", TEST_PASSWORD).status_code == 302


def _login_from(client, address, username, password):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab3", "至少需要10个字符"),
        ("abcdefghijkl", "同时包含字母和数字"),
        ("20261203123", "同时包含字母和数字"),
        ("password123", "太常见"),
        ("staff_a2026x", "太相似"),
    ],
)
def test_the_password_policy_names_what_is_wrong(world, password, message):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        validate_password(password, world.staff)
    assert any(message in text for text in caught.value.messages), caught.value.messages
    validate_password("Qingshan2026lianluo", world.staff)
