"""API tokens: issued (the secret is shown once), checked by hash, revoked. Audited."""

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from lianluo.accounts.models import ApiToken, User
from lianluo.audit.services import audit_record
from lianluo.core.errors import ApplicationError

TOKEN_BYTES = 32
MAX_ACTIVE = 10
TOUCH_EVERY = dt.timedelta(minutes=5)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_issue(*, actor, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user` (an account may only issue its own; None is the command line)."""
    if actor is not None and actor.pk != user.pk:
        raise ApplicationError("只能为自己的账号创建令牌", code="forbidden")
    name = (name or "").strip()[:60] or "接口令牌"
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE:
        raise ApplicationError(
            f"每个账号最多{MAX_ACTIVE}个有效令牌，请先撤销不用的令牌", code="conflict"
        )
    raw = "ll_" + secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken.objects.create(user=user, name=name, key_hash=_hash(raw), prefix=raw[:8])
    audit_record(
        actor=actor,
        action="token.issued",
        target=token,
        organisation=user.organisation,
        after={"user": user.get_username(), "name": name, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if actor is not None and actor.pk != token.user_id:
        raise ApplicationError("只能撤销自己的令牌", code="forbidden")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="token.revoked",
            target=token,
            organisation=token.user.organisation,
            after={"prefix": token.prefix},
        )
    return token


def user_for_token(raw: str) -> User | None:
    """The active account a presented token belongs to, or None."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(key_hash=_hash(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def tokens_of(user: User):
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")
