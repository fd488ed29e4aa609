import datetime as dt

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from lianluo.accounts.models import Role, User
from lianluo.audit.models import AuditEntry
from lianluo.audit.services import audit_record
from lianluo.core.errors import ApplicationError
from lianluo.orgs.models import Organisation
from lianluo.people.models import Person


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    organisation: Organisation,
    role: str,
    password: str | None,
    person: Person | None = None,
    full_name: str = "",
    handling_unit: str = "",
) -> User:
    username = username.strip()
    if role not in Role.values:
        raise ApplicationError(f"未知角色“{role}”，可选：{'、'.join(Role.values)}", field="role")
    if User.objects.filter(username=username).exists():
        raise ApplicationError(f"账号“{username}”已存在", field="username")
    if person is not None and person.organisation_id != organisation.pk:
        raise ApplicationError("对应人员不属于该组织", field="person")
    if role == Role.MEMBER and person is None:
        raise ApplicationError("委员/代表账号必须对应一名人员", field="person")
    user = User(
        username=username,
        organisation=organisation,
        role=role,
        person=person,
        first_name=full_name or (person.name if person else ""),
        handling_unit=handling_unit,
    )
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action="account.created",
        target=user,
        organisation=organisation,
        after={"username": username, "role": role, "person": person.name if person else None},
    )
    return user


def login_locked_until(
    *, username: str, address: str | None = None, now: dt.datetime | None = None
) -> dt.datetime | None:
    """When the lock on logging in as `username` from `address` ends, or None.

    A lock needs too many failures for this username *from this address* since its last login:
    somebody elsewhere who types a victim's username with wrong passwords locks only their own
    address out, never the victim at theirs. An address that fails for many usernames (trying
    one password on every account) is locked for all of them. The failures are read from the
    audit log, so the lock and its evidence are the same rows.
    """
    now = now or timezone.now()
    window = dt.timedelta(minutes=settings.LIANLUO_LOGIN_LOCKOUT_MINUTES)
    recent = AuditEntry.objects.filter(
        action="auth.login_failed", ip_address=address, at__gte=now - window
    )
    last_login = (
        AuditEntry.objects.filter(action="auth.login", actor_username=username)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    mine = recent.filter(actor_username=username)
    if last_login is not None:
        mine = mine.filter(at__gt=last_login)
    for failures, limit in (
        (mine, settings.LIANLUO_LOGIN_FAILURE_LIMIT),
        (recent, settings.LIANLUO_LOGIN_ADDRESS_FAILURE_LIMIT),
    ):
        times = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            return times[0] + window
    return None


def login_record_locked_attempt(*, username: str) -> None:
    audit_record(actor=None, action="auth.login_locked", username=username)


@transaction.atomic
def password_change_record(*, user: User) -> None:
    audit_record(
        actor=user, action="auth.password_changed", target=user, organisation=user.organisation
    )
