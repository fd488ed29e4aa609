"""Settings shared by every environment. Values come from the environment (config/env.py)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("LIANLUO_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("LIANLUO_DEBUG", False)


def read_secret_key() -> str:
    """The key comes from LIANLUO_SECRET_KEY or the per-install key file; never a fixed value."""
    key = env_str("LIANLUO_SECRET_KEY", "")
    if key:
        return key
    key_file = Path(env_str("LIANLUO_SECRET_KEY_FILE", str(VAR_DIR / "secret_key")))
    if key_file.is_file():
        key = key_file.read_text(encoding="utf-8").strip()
    if len(key) < 32:
        raise ImproperlyConfigured(
            "SECRET_KEY is missing: set LIANLUO_SECRET_KEY or create the key file "
            f"{key_file} (`make install` does)."
        )
    return key


SECRET_KEY = read_secret_key()
ALLOWED_HOSTS = env_list("LIANLUO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("LIANLUO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "lianluo.core",
    "lianluo.orgs",
    "lianluo.accounts",
    "lianluo.people",
    "lianluo.audit",
    "lianluo.activities",
    "lianluo.notifications",
    "huey.contrib.djhuey",
    "lianluo.workbook",
    "lianluo.submissions",
    "lianluo.rectification",
    "lianluo.visits",
    "lianluo.duty",
    "lianluo.court",
    "lianluo.reception",
    "lianluo.briefings",
    "lianluo.reports",
    "ninja",
    "lianluo.api",
    "lianluo.home",
    "lianluo.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lianluo.core.uploads.UploadSizeLimitMiddleware",
    "lianluo.core.replica.ReplicaPinMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lianluo.accounts.middleware.SessionIdleRefreshMiddleware",
    "lianluo.audit.middleware.RequestMetaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lianluo.home.context_processors.navigation",
            ],
        },
    },
]

# Databases: DATABASE_URL selects; unset means the embedded SQLite file.
DEFAULT_SQLITE_PATH = VAR_DIR / "lianluo.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}"),
        conn_max_age=env_int("LIANLUO_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; IMMEDIATE transactions plus a busy timeout make
    # concurrent writers wait for the lock instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }


# PostgreSQL's JIT compiles a plan's expressions when its cost estimate is high: for the few
# heavy reads here (the summary and statistics of a province) it spent 0.6 s of a 2.6 s query
# compiling and saved nothing, so it is off for the app's connections unless LIANLUO_DB_JIT=1.
def _postgresql_options(database: dict) -> None:
    if database["ENGINE"].endswith("postgresql") and not env_bool("LIANLUO_DB_JIT", False):
        database.setdefault("OPTIONS", {})["options"] = "-c jit=off"


_postgresql_options(DATABASES["default"])
# PostgreSQL connection pooling (psycopg_pool, Django's "pool" option): each server process keeps
# up to LIANLUO_DB_POOL_MAX connections open instead of one per request.
if env_bool("LIANLUO_DB_POOL", False) and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections, not the request
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("LIANLUO_DB_POOL_MIN", 2),
        "max_size": env_int("LIANLUO_DB_POOL_MAX", 8),
        "timeout": 30,
    }
# The proxies in front of the app (nginx): their X-Forwarded-For names the client (lock-out and
# audit by address). Empty: the app is reached directly.
LIANLUO_TRUSTED_PROXIES = env_list("LIANLUO_TRUSTED_PROXIES", [])
# A PostgreSQL hot standby for the heavy reads (lianluo/core/replica.py); unset: one database.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("LIANLUO_DB_CONN_MAX_AGE", 0)
    )
    # A standby that does not answer is given up on in seconds, and its reads go to the primary.
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 3
    _postgresql_options(DATABASES["replica"])
    DATABASE_ROUTERS = ["lianluo.core.replica.ReplicaRouter"]
LIANLUO_REPLICA_READS = True
LIANLUO_REPLICA_MAX_LAG_SECONDS = env_int("LIANLUO_REPLICA_MAX_LAG_SECONDS", 10)
LIANLUO_REPLICA_PIN_SECONDS = env_int("LIANLUO_REPLICA_PIN_SECONDS", 15)
LIANLUO_REPLICA_CHECK_SECONDS = env_int("LIANLUO_REPLICA_CHECK_SECONDS", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "lianluo.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "lianluo.accounts.validators.MixedCharacterValidator"},
]

# Lock-out: this many failed logins for one username within the window lock it for the window.
LIANLUO_LOGIN_FAILURE_LIMIT = env_int("LIANLUO_LOGIN_FAILURE_LIMIT", 5)
LIANLUO_LOGIN_LOCKOUT_MINUTES = env_int("LIANLUO_LOGIN_LOCKOUT_MINUTES", 15)
# The lock is per username and address (a stranger cannot lock a victim out); an address that
# fails this often for any usernames within the window is locked for all of them.
LIANLUO_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LIANLUO_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
# Audit entries are kept at least this many days; the purge command refuses a shorter period.
# Six months at the least (网络安全法 §21, 等保 2.0): 184 days covers any six calendar months.
AUDIT_RETENTION_FLOOR_DAYS = 184
LIANLUO_AUDIT_RETENTION_DAYS = env_int("LIANLUO_AUDIT_RETENTION_DAYS", 365)
if LIANLUO_AUDIT_RETENTION_DAYS < AUDIT_RETENTION_FLOOR_DAYS:
    raise ImproperlyConfigured(
        f"LIANLUO_AUDIT_RETENTION_DAYS must be at least {AUDIT_RETENTION_FLOOR_DAYS} (six months)"
    )

# Sessions expire after 30 idle minutes; activity renews them (accounts.middleware), at most
# once a minute so that page views do not each write the session row.
SESSION_COOKIE_AGE = env_int("LIANLUO_SESSION_IDLE_SECONDS", 30 * 60)
LIANLUO_SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
# Uploaded and generated files on S3-compatible object storage (MinIO, a cloud's OSS/COS/OBS, …)
# when a bucket is named; local disk (MEDIA_ROOT) otherwise.
LIANLUO_S3_BUCKET = env_str("LIANLUO_S3_BUCKET", "")
if LIANLUO_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": LIANLUO_S3_BUCKET,
            "endpoint_url": env_str("LIANLUO_S3_ENDPOINT_URL", "") or None,
            "access_key": env_str("LIANLUO_S3_ACCESS_KEY", "") or None,
            "secret_key": env_str("LIANLUO_S3_SECRET_KEY", "") or None,
            "region_name": env_str("LIANLUO_S3_REGION", "us-east-1"),
            "location": env_str("LIANLUO_S3_PREFIX", ""),
            "addressing_style": "path",  # what MinIO and most private object stores answer
            "default_acl": None,  # the bucket's own policy: private
            "querystring_auth": True,  # downloads go through the app or a signed, expiring URL
            "file_overwrite": False,
        },
    }

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background jobs (huey): a SQLite file on the embedded set-up, Redis in production.
# `lianluo run_huey` is the worker; `make run` starts it beside the web server.
TASK_WORKERS = env_int("LIANLUO_TASK_WORKERS", 2)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "lianluo",
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": TASK_WORKERS, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "lianluo",
        "filename": str(VAR_DIR / "tasks.sqlite3"),
        "immediate": False,
        "consumer": {"workers": TASK_WORKERS, "worker_type": "thread"},
    }

# Notifications: the channel a message goes out on, and the backend each channel uses
# (console, file, site, email, sms). Development writes to the log; production configures SMS.
LIANLUO_DEFAULT_CHANNEL = env_str("LIANLUO_DEFAULT_CHANNEL", "site")
LIANLUO_NOTIFICATION_BACKENDS = {
    "site": "site",
    "sms": env_str("LIANLUO_SMS_BACKEND", "console"),
    "email": env_str("LIANLUO_EMAIL_BACKEND", "console"),
}
LIANLUO_SMS_GATEWAY_URL = env_str("LIANLUO_SMS_GATEWAY_URL", "")
DEFAULT_FROM_EMAIL = env_str("LIANLUO_FROM_EMAIL", "lianluo@localhost")

# Uploads of the liaison workbook are refused above this size.
LIANLUO_WORKBOOK_MAX_BYTES = env_int("LIANLUO_WORKBOOK_MAX_MB", 50) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LIANLUO_ACTIVITY_FILE_MAX_BYTES = env_int("LIANLUO_ACTIVITY_FILE_MAX_MB", 20) * 1024 * 1024
# A workbook is refused when it unpacks beyond this (a zip bomb), before anything parses it.
LIANLUO_WORKBOOK_MAX_UNPACKED_BYTES = env_int("LIANLUO_WORKBOOK_MAX_UNPACKED_MB", 1024) * 1024**2
# A request body beyond the largest upload (and room for the form around it) is answered 413
# before it is read (core.uploads.UploadSizeLimitMiddleware).
LIANLUO_UPLOAD_MAX_BYTES = (
    max(LIANLUO_WORKBOOK_MAX_BYTES, LIANLUO_ACTIVITY_FILE_MAX_BYTES) + 1024 * 1024
)

# The annual summary's optional "润色": an OpenAI-compatible chat endpoint on the office's own
# servers (e.g. http://10.0.0.5:8000/v1). Off while the url is empty: no connection is ever made.
LLM = {
    "url": env_str("LIANLUO_LLM_URL", ""),
    "model": env_str("LIANLUO_LLM_MODEL", ""),
    "key": env_str("LIANLUO_LLM_KEY", ""),
    "timeout": env_int("LIANLUO_LLM_TIMEOUT", 60),
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Behind an HTTPS proxy (production) every cookie is secure and HTTP is redirected.
HTTPS = env_bool("LIANLUO_HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("LIANLUO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("LIANLUO_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LIANLUO_LOG_LEVEL", "INFO")},
}
