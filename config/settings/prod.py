"""Production: DEBUG off, the key only from the environment, HTTPS hardening always on.

`LIANLUO_SECRET_KEY=... DATABASE_URL=postgres://... lianluo check --deploy` must be clean.
"""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("LIANLUO_HTTPS", "1")
if not os.environ.get("LIANLUO_SECRET_KEY"):
    raise ImproperlyConfigured("LIANLUO_SECRET_KEY is required in production.")

from config.settings.base import *  # noqa: E402, F403

DEBUG = False
if not HTTPS:  # noqa: F405
    raise ImproperlyConfigured("Production serves over HTTPS: LIANLUO_HTTPS must be on.")
