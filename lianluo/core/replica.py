"""Heavy reads on a PostgreSQL hot standby; everything else, and every write, on the primary.

With `DATABASE_REPLICA_URL` set, the database alias "replica" is the standby. A read goes there
only when all of these hold:
- it runs inside `replica_reads()` — the views marked `@heavy_read` (dashboards, summaries and
  their drafts, exports, rankings, the API's lists) on a GET or HEAD;
- the request is not pinned: a user who has just written (any POST, PUT, PATCH or DELETE) reads the
  primary for `LIANLUO_REPLICA_PIN_SECONDS` after it, so nobody misses their own change — by a
  cookie in the browser and by the user's id in the cache shared by every process, which also
  covers API clients that keep no cookies;
- the standby answers and lags the primary by at most `LIANLUO_REPLICA_MAX_LAG_SECONDS`; otherwise
  reads fall back to the primary and a warning says why. The check is kept for
  `LIANLUO_REPLICA_CHECK_SECONDS` per process.
Unset, there is one database, as on the embedded set-up.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections

REPLICA = "replica"
PIN_COOKIE = "lianluo_primary"
PIN_KEY = "lianluo:replica-pin:{}"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
logger = logging.getLogger("lianluo.replica")

_reads: ContextVar[bool] = ContextVar("lianluo_replica_reads", default=False)
_pinned: ContextVar[bool] = ContextVar("lianluo_replica_pinned", default=False)
_health_lock = threading.Lock()
_health: dict[str, float | bool] = {"checked": 0.0, "usable": False}


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and settings.LIANLUO_REPLICA_READS


@contextmanager
def replica_reads():
    """Reads inside may be served by the standby."""
    token = _reads.set(True)
    try:
        yield
    finally:
        _reads.reset(token)


def heavy_read(view):
    """A view whose GET reads much and writes nothing that it reads back: served by the standby."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in SAFE_METHODS or _pinned_user(request):
            return view(request, *args, **kwargs)
        with replica_reads():
            return view(request, *args, **kwargs)

    return wrapped


def _pinned_user(request) -> bool:
    user = getattr(request, "user", None)
    return bool(
        replica_configured()
        and user is not None
        and user.is_authenticated
        and cache.get(PIN_KEY.format(user.pk))
    )


def replica_lag() -> float:
    """Seconds the standby is behind: 0 when it has replayed all it received."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM"
            " pg_last_wal_replay_lsn() THEN 0 ELSE"
            " COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
        )
        return float(cursor.fetchone()[0])


def replica_usable(*, fresh: bool = False) -> bool:
    """Does the standby answer, close enough behind? Checked at most once per check period."""
    if not replica_configured():
        return False
    now = time.monotonic()
    period = settings.LIANLUO_REPLICA_CHECK_SECONDS
    with _health_lock:
        if not fresh and now - float(_health["checked"]) < period:
            return bool(_health["usable"])
        usable = _check()
        _health.update(checked=now, usable=usable)
        return usable


def _check() -> bool:
    try:
        lag = replica_lag()
    except DatabaseError as exc:
        connections[REPLICA].close()
        logger.warning("standby unreachable, reads fall back to the primary: %s", exc)
        return False
    limit = settings.LIANLUO_REPLICA_MAX_LAG_SECONDS
    if lag > limit:
        logger.warning(
            "standby %.1f s behind (limit %s s), reads fall back to the primary", lag, limit
        )
        return False
    return True


class ReplicaRouter:
    """Django's database router: see the module's docstring."""

    def db_for_read(self, model, **hints):
        if _reads.get() and not _pinned.get() and replica_usable():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database and its copy

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the standby replays the primary's migrations


class ReplicaPinMiddleware:
    """After a write, the user reads the primary for a while: their own change is always there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _pinned.set(request.COOKIES.get(PIN_COOKIE) == "1")
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if request.method not in SAFE_METHODS and replica_configured():
            user = getattr(request, "user", None)  # the session's, or the API token's
            if user is not None and user.is_authenticated:
                cache.set(PIN_KEY.format(user.pk), True, settings.LIANLUO_REPLICA_PIN_SECONDS)
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.LIANLUO_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
