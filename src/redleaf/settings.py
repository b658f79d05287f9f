"""Redleaf's one settings module. Everything an operator may change comes from REDLEAF_* environment
variables; `env.sample` at the top of the repository documents each one."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"REDLEAF_{name}", default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name, "")
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name, "")
    return int(value) if value else default


def env_float(name: str, default: float) -> float:
    value = env(name, "")
    return float(value) if value else default


DATA_DIR = Path(env("DATA_DIR", str(Path.cwd() / "var"))).resolve()
DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    """REDLEAF_SECRET_KEY, or for the embedded default a random key made once and kept in DATA_DIR
    (never a key shared by every install). Several hosts must set REDLEAF_SECRET_KEY to one value."""
    configured = env("SECRET_KEY")
    if configured:
        return configured
    import secrets

    path = DATA_DIR / "secret-key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        try:
            with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
                handle.write(secrets.token_urlsafe(50))
        except FileExistsError:
            pass  # another process made it first
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the API docs' own assets (no CDN)
    "django_tasks",
    "django_tasks_db",
    "redleaf.core",
    "redleaf.accounts",
    "redleaf.media",
    "redleaf.notes",
    "redleaf.engagement",
    "redleaf.moderation",
    "redleaf.search",
    "redleaf.discovery",
    "redleaf.language",
    "redleaf.api",
    "redleaf.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "redleaf.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "redleaf.core.middleware.MemberLanguageMiddleware",
    "redleaf.core.middleware.SuspendedGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "redleaf.web.middleware.MethodNotAllowedPageMiddleware",
]

# A suspended member may still sign in, to read why and appeal (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["redleaf.accounts.backends.MemberBackend"]

ROOT_URLCONF = "redleaf.urls"
WSGI_APPLICATION = "redleaf.wsgi.application"
ASGI_APPLICATION = "redleaf.asgi.application"

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
                "django.template.context_processors.i18n",
                "redleaf.web.context_processors.site",
            ],
        },
    }
]

# --- database -------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'redleaf.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 600))}
# An index's INCLUDE columns (notes' note_author_feed) are PostgreSQL's index-only reads; SQLite builds the
# same index without them, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if DATABASES["default"]["NAME"] == ":memory:" else 600
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock when a
        # transaction starts, so two writers queue (busy timeout) instead of failing with
        # "database is locked" halfway through.
        "transaction_mode": "IMMEDIATE",
        "timeout": env_float("SQLITE_TIMEOUT", 20),  # seconds a writer waits for another's lock
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # A file (not :memory:) so the task worker and the browser tests' server see the same data; one
    # per process so two test runs on one machine do not trip over each other.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-redleaf-{os.getpid()}.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Prepared statements: a query run a few times on a connection (a token's member, a page's
    # notes) is parsed and planned once, which takes a quarter to a third off the database time of a
    # feed page (`redleaf bench web`). They need server-side parameters, and a connection of its own
    # for the statements: behind PgBouncer in transaction mode set REDLEAF_DB_PREPARED=0.
    if env_bool("DB_PREPARED", True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache ----------------------------------------------------------------------------------
CACHE_URL = env("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "redleaf.core.caching.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "redleaf"}}

# --- background work --------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": {
            "db": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[env("TASKS_BACKEND", "db")],
        "QUEUES": ["default"],
    }
}

# --- accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = ["redleaf.accounts.hashers.RedleafArgon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:explore"
LOGOUT_REDIRECT_URL = "web:explore"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30

# --- languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", "UTC")

# --- files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))
# WhiteNoise serves from the app folders (finders); it warns when STATIC_ROOT is missing, so make it.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
SERVE_MEDIA = env_bool("SERVE_MEDIA", env("STORAGE", "local") == "local")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
if env("STORAGE", "local") == "s3":
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env("S3_BUCKET"),
                "endpoint_url": env("S3_ENDPOINT_URL") or None,
                "access_key": env("S3_ACCESS_KEY_ID"),
                "secret_key": env("S3_SECRET_ACCESS_KEY"),
                "region_name": env("S3_REGION") or None,
                "custom_domain": env("S3_CUSTOM_DOMAIN") or None,
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

# Uploads: Django refuses request bodies past this before our code reads them.
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_BYTES", 20 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 40

# --- notes ----------------------------------------------------------------------------------
NOTE_TITLE_MAX = env_int("NOTE_TITLE_MAX", 40)
NOTE_BODY_MAX = env_int("NOTE_BODY_MAX", 1000)
NOTE_IMAGES_MAX = env_int("NOTE_IMAGES_MAX", 18)
COMMENT_MAX = env_int("COMMENT_MAX", 500)
FEED_PAGE_SIZE = env_int("FEED_PAGE_SIZE", 20)
ID_SHARD = env_int("ID_SHARD", -1)  # -1: derived from the process id


# --- review before release (#3) --------------------------------------------------------------
# Where notes are checked: "worker" (the task worker checks them; the note says "under review" for
# the second that takes) or "request" (in the request that posts them: no worker needed, slower posts).
# Comments and profile edits are always checked in the request: text checks take a few milliseconds.
MODERATION_SCREEN_IN = env("MODERATION_SCREEN_IN", "worker")
MODERATION_FLAG_SCORE = env_float("MODERATION_FLAG_SCORE", 0.5)  # a rule at this score holds the item
MODERATION_HIGH_SCORE = env_float("MODERATION_HIGH_SCORE", 0.9)  # ...and at this one, first in the queue
# Trust: a member's items publish at once when clean if the account is this old, has had this many
# items released and has no strike within the window; anyone else's wait for a person.
TRUST_MIN_ACCOUNT_DAYS = env_float("TRUST_MIN_ACCOUNT_DAYS", 3)
TRUST_MIN_RELEASED = env_int("TRUST_MIN_RELEASED", 3)
TRUST_STRIKE_WINDOW_DAYS = env_int("TRUST_STRIKE_WINDOW_DAYS", 90)
MODERATION_CLAIM_MINUTES = env_int("MODERATION_CLAIM_MINUTES", 15)  # a claim lapses after this
MODERATION_APPEAL_DAYS = env_int("MODERATION_APPEAL_DAYS", 183)  # six months
MODERATION_RESTRICT_DAYS = env_int("MODERATION_RESTRICT_DAYS", 7)  # "restrict posting" lasts this long
MODERATION_REPORT_MAX = 1000
# A burst: this many items within an hour from an account younger than a day is flagged as spam.
MODERATION_BURST_ITEMS = env_int("MODERATION_BURST_ITEMS", 10)
# A campaign: the same text (16+ letters, however spaced) from this many other accounts within a day.
MODERATION_REPEAT_ACCOUNTS = env_int("MODERATION_REPEAT_ACCOUNTS", 2)
# The languages the site serves: detection only considers these, review queues route by them.
LANGUAGES_SERVED = [c.strip() for c in env("LANGUAGES_SERVED", "zh,en").split(",") if c.strip()]

# --- search (#4) ------------------------------------------------------------------------------
# A query is a hot search (listed, and suggested to others) once this many different members or addresses
# searched it within two days: one person cannot put their text into everyone's search box.
SEARCH_HOT_MIN_SEARCHERS = env_int("SEARCH_HOT_MIN_SEARCHERS", 3)

# --- language bridge (#6): translation engines and their limits; see language/engines/ -------
TRANSLATION_ENGINE = env("TRANSLATION_ENGINE", "glossary")  # glossary | libretranslate | openai | argos
TRANSLATION_URL = env("TRANSLATION_URL", "")  # libretranslate / openai: the server's base URL
TRANSLATION_API_KEY = env("TRANSLATION_API_KEY", "")
TRANSLATION_MODEL = env("TRANSLATION_MODEL", "")  # openai: the model name the server expects
TRANSLATION_ENGINE_VERSION = env("TRANSLATION_ENGINE_VERSION", "1")  # bump after changing a server's models
TRANSLATION_TIMEOUT = env_float("TRANSLATION_TIMEOUT", 10.0)  # seconds per engine call
TRANSLATION_MAX_CHARS = env_int("TRANSLATION_MAX_CHARS", 5000)  # longer texts are refused, not cut
TRANSLATION_MEMBER_PER_MINUTE = env_int("TRANSLATION_MEMBER_PER_MINUTE", 30)  # engine calls; 0 = no limit
TRANSLATION_MEMBER_PER_DAY = env_int("TRANSLATION_MEMBER_PER_DAY", 500)
TRANSLATION_SITE_PER_MINUTE = env_int("TRANSLATION_SITE_PER_MINUTE", 600)
ARGOS_PATH = Path(env("ARGOS_PATH", str(DATA_DIR / "argos")))  # unpacked Argos Translate packages
ARGOS_THREADS = env_int("ARGOS_THREADS", 1)

# --- security -------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
