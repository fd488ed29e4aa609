"""Settings for the test suite: the database still comes from DATABASE_URL."""

import os

os.environ.setdefault("LIANLUO_SECRET_KEY", "test-only-key-" + "x" * 40)

from config.settings.base import *  # noqa: E402, F403

# Tests create many users; a fast hasher keeps them quick (Argon2 is checked in its own test).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

# A file, not SQLite's in-memory database: concurrency tests then meet WAL and the busy timeout
# as production does (the in-memory shared cache locks whole tables and ignores the timeout).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-lianluo.sqlite3")}  # noqa: F405

# Tasks run at once, in the test's own process and transaction.
HUEY = {**HUEY, "immediate": True}  # noqa: F405

# The standby, where the PostgreSQL leg has one (make replica-up): the same test database, as
# replication makes it. Reads go to it only in the router's own tests, which commit what they read.
if "replica" in DATABASES:  # noqa: F405
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # noqa: F405
LIANLUO_REPLICA_READS = False
