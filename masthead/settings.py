"""The one settings module. Every knob is read from the environment here, once, at start.

`.env.example` lists every variable. Bad values fail loudly at start-up (ImproperlyConfigured),
never later in a request.
"""

from __future__ import annotations

import hashlib
import math
import os
import secrets
import sys
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from masthead.core.ratelimit import parse_rate
from masthead.moderation.core.windows import MAX_TEXT_CHARS

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MASTHEAD_VAR_DIR", BASE_DIR / "var"))
try:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:  # a folder masthead may not create: one line, not a traceback
    raise ImproperlyConfigured(
        f"MASTHEAD_VAR_DIR must be a folder masthead can create and write, not {str(VAR_DIR)!r} "
        f"({exc.strerror or exc})"
    ) from None


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, rule: str = "a whole number") -> int:
    """A whole number; `rule` is what the error says it must be (a range, say)."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {rule}, not {raw!r}") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from None


def env_fraction(name: str, default: float | None = None) -> float | None:
    """A threshold or rate from 0 to 1, or `default` when unset.

    NaN, infinity and values outside 0..1 are refused: a moderation threshold of 5 or NaN would
    publish every comment unchecked, so it must stop the start instead.
    """
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = env_float(name, 0.0)
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise ImproperlyConfigured(f"{name} must be a number from 0 to 1, not {raw!r}")
    return value + 0.0  # -0.0 -> 0.0


def env_positive_float(name: str, default: float) -> float:
    """A finite number over 0 (a time budget: 0, negative, NaN or infinity are refused)."""
    value = env_float(name, default)
    if not (math.isfinite(value) and value > 0):
        raise ImproperlyConfigured(f"{name} must be a number over 0, not {os.environ.get(name)!r}")
    return value


def env_whole(name: str, default: int) -> int:
    """A whole number from 0 up (a count: negative values are refused)."""
    value = env_int(name, default)
    if value < 0:
        raise ImproperlyConfigured(f"{name} must be a whole number from 0 up, not {value}")
    return value


def env_between(name: str, default: int, low: int, high: int) -> int:
    """A whole number from `low` to `high`; anything else stops the start in one line."""
    rule = f"a whole number from {low} to {high}"
    value = env_int(name, default, rule)
    if not low <= value <= high:
        raise ImproperlyConfigured(f"{name} must be {rule}, not {value}")
    return value


def env_at_least(name: str, default: int, low: int, why: str = "") -> int:
    """A whole number from `low` up; `why` says where the floor comes from."""
    rule = f"a whole number from {low} up" + (f" ({why})" if why else "")
    value = env_int(name, default, rule)
    if value < low:
        raise ImproperlyConfigured(f"{name} must be {rule}, not {value}")
    return value


def env_rate(name: str, default: str) -> str:
    """A rate limit, "COUNT/SECONDS". Checked here with the parser the limiter uses, so a bad
    one stops the start instead of answering 500 to every request it limits."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        parse_rate(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be COUNT/SECONDS, two whole numbers from 1 up (seconds at most 10^9), "
            f"like 5/60, not {raw!r}"
        ) from None
    return raw.strip()


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of `choices`, in any case (returned as written in `choices`)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    by_upper = {choice.upper(): choice for choice in choices}
    if raw.strip().upper() not in by_upper:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return by_upper[raw.strip().upper()]


def env_time_zone(name: str, default: str) -> str:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        zoneinfo.ZoneInfo(raw.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be a time zone name such as UTC or Europe/London, not {raw!r}"
        ) from None
    return raw.strip()


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


SECRET_KEY_MIN_LENGTH = 32


def _usable_key(key: str, where: str) -> str:
    """Refuse a signing key anyone could guess: blank, short, or a few characters repeated
    (`MASTHEAD_SECRET_KEY=" "` was taken, and every session and password-reset link was signed
    with a space). The line never shows the key."""
    if not key.strip():
        raise ImproperlyConfigured(f"{where} must be a long random value, not blank")
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < 5:
        raise ImproperlyConfigured(
            f"{where} must be a long random value (at least {SECRET_KEY_MIN_LENGTH} characters, "
            f"not a few repeated); it has {len(key)} characters, {len(set(key))} different"
        )
    return key


def _secret_key() -> str:
    """Read MASTHEAD_SECRET_KEY; on a single machine, keep a generated one under var/.

    The repository holds no secret: a fresh checkout makes its own key on first start. An
    empty MASTHEAD_SECRET_KEY counts as unset, as other empty variables do.
    """
    key = os.environ.get("MASTHEAD_SECRET_KEY")
    if key:
        return _usable_key(key, "MASTHEAD_SECRET_KEY")
    path = VAR_DIR / "secret_key"
    try:
        if not path.exists():
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        stored = path.read_text().strip()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"MASTHEAD_SECRET_KEY is not set and {str(path)!r} cannot be read or written "
            f"({exc.strerror or exc}): set it, or make MASTHEAD_VAR_DIR writable"
        ) from None
    return _usable_key(stored, f"the key in {str(path)!r} (delete the file to make a new one)")


SECRET_KEY = _secret_key()
DEBUG = env_bool("MASTHEAD_DEBUG", False)
TESTING = env_bool("MASTHEAD_TESTING", False)
ALLOWED_HOSTS = env_list(
    "MASTHEAD_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env_list("MASTHEAD_CSRF_TRUSTED_ORIGINS", [])
# Where `masthead serve` (and so `make run`) listens; its --host and --port override these.
SERVE_HOST = os.environ.get("MASTHEAD_HOST") or "127.0.0.1"
SERVE_PORT = env_between("MASTHEAD_PORT", 8000, 1, 65535)
# The public address, for canonical links, JSON-LD and feeds; by default where `make run` serves.
# An IPv6 address goes in brackets in a URL (http://[::1]:8000).
_SERVE_NETLOC = f"[{SERVE_HOST}]" if ":" in SERVE_HOST and "[" not in SERVE_HOST else SERVE_HOST
SITE_URL = (os.environ.get("MASTHEAD_SITE_URL") or f"http://{_SERVE_NETLOC}:{SERVE_PORT}").rstrip(
    "/"
)
# Every link that leaves the site is SITE_URL + a path: without a scheme and a host
# ("news.example.org") feeds, sitemaps, e-mails and password-reset links would be dead.
_site = urlsplit(SITE_URL)
if os.environ.get("MASTHEAD_SITE_URL") and (
    _site.scheme not in ("http", "https") or not _site.hostname or _site.query or _site.fragment
):
    raise ImproperlyConfigured(
        "MASTHEAD_SITE_URL must be the site's public address with http:// or https://, like "
        f"https://news.example.org, not {os.environ['MASTHEAD_SITE_URL']!r}"
    )
SITE_NAME = os.environ.get("MASTHEAD_SITE_NAME", "The Masthead Herald")

INSTALLED_APPS = [
    # First: its createsuperuser and changepassword (which refuse an unmigrated database in
    # one line) take the place of django.contrib.auth's; the first app with a command wins.
    "masthead.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves Swagger UI from our own static files (no CDN, fits the CSP)
    "masthead.articles",
    "masthead.narration",
    "masthead.comments",
    "masthead.moderation",
    "masthead.dashboard",
    "masthead.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "masthead.core.middleware.SecurityHeadersMiddleware",
    "masthead.core.middleware.ApiJsonErrorsMiddleware",
    "masthead.core.metrics.MetricsMiddleware",
    "masthead.core.bodylimit.BodySizeLimitMiddleware",
    "masthead.core.bodylimit.NulCharacterMiddleware",
    # Anonymous readers of article pages and comment lists are served from the cache here.
    "masthead.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # 405 for a method the page's view does not take, before the CSRF check (core.middleware)
    "masthead.core.middleware.PageMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "masthead.urls"
WSGI_APPLICATION = "masthead.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "masthead" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "masthead.core.context_processors.site",
                "masthead.articles.context_processors.sections",
            ],
        },
    },
]

# --- Database: SQLite under var/ by default, DATABASE_URL for PostgreSQL -------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'masthead.sqlite3'}"
_CONN_MAX_AGE = env_whole("MASTHEAD_DB_CONN_MAX_AGE", 0)
_DATABASE_RULE = (
    "DATABASE_URL must be an SQLite (sqlite:///PATH) or PostgreSQL "
    "(postgres://USER:PASSWORD@HOST:PORT/NAME) URL"
)
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=_CONN_MAX_AGE)}
except Exception as exc:  # dj_database_url raises several types for a bad URL
    # Its first sentence only: the rest lists a dozen schemes masthead does not take.
    raise ImproperlyConfigured(f"{_DATABASE_RULE} ({str(exc).split('. ')[0]})") from None
# dj_database_url knows MySQL, Oracle and more, whose drivers masthead does not install (their
# first use was an ImproperlyConfigured traceback) and on which it is not tested.
if DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
):
    raise ImproperlyConfigured(f"{_DATABASE_RULE}, not {DATABASE_URL.split(':', 1)[0]}:...")
# Operator QA, 2026-11-30: a PostgreSQL URL without a database name stopped the first command
# with Django's ImproperlyConfigured traceback; `sqlite://` (or `sqlite:///`) was a database in
# memory, which `migrate` filled and lost at exit; `sqlite://var/x.sqlite3` dropped `var` (read
# as a host) and used ./x.sqlite3, a new empty database beside the real one.
_DB_NAME = str(DATABASES["default"].get("NAME") or "")
_DB_ENGINE = DATABASES["default"]["ENGINE"]
# Never the password: not the user part, nor the query (libpq also reads ?password=, and
# ?sslpassword=) or the fragment (security review, 2026-11-30).
_SHOWN_URL = DATABASE_URL.split("#", 1)[0].split("?", 1)[0].split("@")[-1]
if _DB_ENGINE == "django.db.backends.postgresql" and not _DB_NAME:
    raise ImproperlyConfigured(f"{_DATABASE_RULE}: {_SHOWN_URL!r} names no database")
if _DB_ENGINE == "django.db.backends.sqlite3" and (
    _DB_NAME in ("", ":memory:") or urlsplit(DATABASE_URL).netloc
):
    raise ImproperlyConfigured(
        f"{_DATABASE_RULE}: {_SHOWN_URL!r} names no database file (sqlite:///var/x.sqlite3 is "
        "relative to the working folder, sqlite:////srv/x.sqlite3 absolute)"
    )
if _DB_ENGINE == "django.db.backends.sqlite3":
    # WAL lets the in-process worker write while pages are read; a busy timeout instead of
    # "database is locked" errors under a burst of comments.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions: Redis when REDIS_URL is set -----------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# Whether Redis answers is /healthz's to say; a value that is no Redis address at all ("x",
# "localhost:6379") made every page a 500 from the first request.
if REDIS_URL and urlsplit(REDIS_URL).scheme not in ("redis", "rediss", "unix"):
    raise ImproperlyConfigured(
        "REDIS_URL must be a Redis address (redis://HOST:PORT/DB, rediss://... or "
        f"unix://PATH), not {REDIS_URL.split('@')[-1]!r}"
    )
# Keys in Redis, and the page cache's folder without it, are this site's alone.
_CACHE_PREFIX = os.environ.get("MASTHEAD_CACHE_PREFIX", "masthead")
if REDIS_URL:
    CACHES = {
        "default": {
            # A Redis that cannot be reached reads as "not cached", never a 500; short
            # timeouts so one that does not answer costs a request at most ~1 s (decision 0011).
            "BACKEND": "masthead.core.rediscache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": _CACHE_PREFIX,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache"
            if env_bool("MASTHEAD_DB_CACHE", False)
            else "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "masthead_cache",
        }
    }


def _page_cache_folder() -> Path:
    """var/cache/pages/PREFIX-DIGEST: one folder per prefix and database, so two servers run
    from one checkout (their own MASTHEAD_CACHE_PREFIX or DATABASE_URL) never serve each
    other's pages (API QA, 2026-11-30: all shared var/cache/pages). The digest names the
    database as its processes reach it (engine, host, port, name), so the web processes and
    the task worker of one server, which bump versions for each other, share the folder; the
    prefix is cut to safe characters for the name only (the digest holds it whole)."""
    database = DATABASES["default"]
    name = str(database.get("NAME") or "")
    if database["ENGINE"] == "django.db.backends.sqlite3" and name != ":memory:":
        name = str(Path(name).resolve())
    identity = "\n".join(
        [
            _CACHE_PREFIX,
            database["ENGINE"],
            str(database.get("HOST") or ""),
            str(database.get("PORT") or ""),
            name,
        ]
    )
    readable = "".join(
        c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in _CACHE_PREFIX
    )
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return VAR_DIR / "cache" / "pages" / f"{readable[:40]}-{digest}"


# The page cache must be one store for every web process, or a version bumped in one process
# would leave another serving a stale page: Redis when there is one, else files under var/.
CACHES["pages"] = (
    {**CACHES["default"], "KEY_PREFIX": _CACHE_PREFIX}
    if REDIS_URL
    else {
        # Django's file cache, listing its folder only when it may be full (core.filecache).
        "BACKEND": "masthead.core.filecache.CountingFileBasedCache",
        "LOCATION": str(_page_cache_folder()),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
)
if not REDIS_URL:
    # A read-only var/ (operator QA, 2026-11-30): `masthead check` stopped with an OSError
    # traceback from the cache's makedirs, and a folder that exists but cannot be written would
    # answer 500 to every anonymous page. One line at start instead.
    _pages_folder = Path(CACHES["pages"]["LOCATION"])
    try:
        _pages_folder.mkdir(parents=True, exist_ok=True)
        if not os.access(_pages_folder, os.W_OK | os.X_OK):
            raise PermissionError(13, "Permission denied")
    except OSError as exc:
        raise ImproperlyConfigured(
            f"MASTHEAD_VAR_DIR must be a folder masthead can create and write, not "
            f"{str(VAR_DIR)!r}: the page cache folder {str(_pages_folder)!r} cannot be "
            f"written ({exc.strerror or exc})"
        ) from None

# gunicorn processes and threads for `masthead serve`. Without Redis the cache (and so the rate
# limits) lives in each process's memory: one process with several threads keeps the limits
# exact on a single machine. With Redis, limits are shared and several processes are safe.
SERVE_WORKERS = env_at_least("MASTHEAD_WEB_WORKERS", 2 if REDIS_URL else 1, 1)
SERVE_THREADS = env_at_least("MASTHEAD_WEB_THREADS", 8, 1)

# --- Background tasks (django-tasks): database queue by default, RQ on Redis for many workers
TASKS_BACKEND = os.environ.get("MASTHEAD_TASKS_BACKEND", "database")
_TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend"},
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"MASTHEAD_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}"
    )
if TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("MASTHEAD_TASKS_BACKEND=rq needs REDIS_URL")
    INSTALLED_APPS.append("django_rq")
    # A Redis host that drops packets (rather than refusing them) would otherwise hold an
    # editor's save that queues a narration until the system's TCP timeout (minutes); two
    # seconds to connect, unless the URL names its own.
    _RQ_URL = REDIS_URL
    if "socket_connect_timeout=" not in _RQ_URL:
        _RQ_URL += ("&" if "?" in _RQ_URL else "?") + "socket_connect_timeout=2"
    RQ_QUEUES = {"default": {"URL": _RQ_URL, "DEFAULT_TIMEOUT": 600}}
    # RQ's worker, but one that gives back a task a stop cuts off (core.rqworker)
    RQ = {"WORKER_CLASS": "masthead.core.rqworker.Worker"}
TASKS = {"default": _TASK_BACKENDS[TASKS_BACKEND]}
# Days a finished task (with its arguments) is kept in the database queue before it is
# deleted (core.taskprune: by `masthead task_worker` hourly, or `masthead prune_tasks`).
TASK_RETENTION_DAYS = env_between("MASTHEAD_TASK_RETENTION_DAYS", 7, 1, 3650)

# --- Auth ----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- E-mail: console by default, SMTP by environment ---------------------------------------
EMAIL_BACKEND = os.environ.get(
    "MASTHEAD_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("MASTHEAD_EMAIL_HOST", "localhost")
EMAIL_PORT = env_between("MASTHEAD_EMAIL_PORT", 25, 1, 65535)
EMAIL_HOST_USER = os.environ.get("MASTHEAD_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("MASTHEAD_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("MASTHEAD_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("MASTHEAD_FROM_EMAIL", "comments@masthead.invalid")

# --- i18n ----------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
# Django stops with a ValueError traceback on a zone it cannot find: checked here in one line.
TIME_ZONE = env_time_zone("MASTHEAD_TIME_ZONE", "UTC")
# Where no template filter says otherwise (the admin), a date and time names its zone.
FORMAT_MODULE_PATH = ["masthead.formats"]
USE_I18N = True
USE_TZ = True

# --- Static and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The site-wide stylesheet and images live in masthead/static, which belongs to no app.
STATICFILES_DIRS = [BASE_DIR / "masthead" / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MASTHEAD_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("MASTHEAD_STATIC_MANIFEST", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
METRICS_TOKEN = os.environ.get("MASTHEAD_METRICS_TOKEN", "")
SERVE_MEDIA = env_bool("MASTHEAD_SERVE_MEDIA", True)
# Bodies over MASTHEAD_MAX_BODY_BYTES get 413 (masthead.core.bodylimit), and Django holds the
# admin's form fields to it too; MASTHEAD_MAX_UPLOAD_BYTES is the admin's limit on the whole
# request, photo included. Below what the longest article or comment takes written the longest
# way, editors or readers could not send what the forms let them write (0 or -1 refused every
# request): an article in the admin's multipart form is at most 4 bytes a character, plus 65,536
# for its other fields; a url-encoded comment at most 12 (a 4-byte character as %XX%XX%XX%XX),
# plus 4096. The longest article allowed, 500,000 characters, fits the default body limits.
_ARTICLE_BODY_MAX_LENGTH = env_between("MASTHEAD_ARTICLE_BODY_MAX_LENGTH", 100_000, 1, 500_000)
_COMMENT_MAX_LENGTH = env_between("MASTHEAD_COMMENT_MAX_LENGTH", 3000, 1, MAX_TEXT_CHARS)
_ARTICLE_ROOM = (
    4 * _ARTICLE_BODY_MAX_LENGTH + 65_536,
    f"room for an article of MASTHEAD_ARTICLE_BODY_MAX_LENGTH={_ARTICLE_BODY_MAX_LENGTH} characters",
)
_COMMENT_ROOM = (
    12 * _COMMENT_MAX_LENGTH + 4096,
    f"room for a comment of MASTHEAD_COMMENT_MAX_LENGTH={_COMMENT_MAX_LENGTH} characters",
)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_at_least(
    "MASTHEAD_MAX_BODY_BYTES", 2_621_440, *max(_ARTICLE_ROOM, _COMMENT_ROOM)
)

# --- Security ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("MASTHEAD_SSL_REDIRECT", False)
# The load balancer's health check and Prometheus ask each web machine directly over plain
# HTTP (docs/operations.md): a redirect to https:// would read as "down" and "no metrics".
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
# Secure cookies go only over HTTPS: the default for an https:// site (security review,
# 2026-11-30; before, an operator who did not set it had session cookies sent over plain HTTP).
# An explicit false still wins (a test machine reached over plain HTTP), with a warning.
_HTTPS_SITE = _site.scheme == "https"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("MASTHEAD_SECURE_COOKIES", _HTTPS_SITE)
if _HTTPS_SITE and not SESSION_COOKIE_SECURE:
    print(
        "masthead: warning: MASTHEAD_SECURE_COOKIES=false with an https:// MASTHEAD_SITE_URL: "
        "the session and CSRF cookies are also sent over plain HTTP",
        file=sys.stderr,
    )
# Strict-Transport-Security on HTTPS answers, for this many seconds; 0 (the default) sends
# none: the proxy usually does it (docs/operations.md, section 7).
SECURE_HSTS_SECONDS = env_at_least("MASTHEAD_HSTS_SECONDS", 0, 0)
if env_bool("MASTHEAD_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Product settings ------------------------------------------------------------------------
MASTHEAD = {
    # Articles: the longest body (characters) the editor, the importer and actions accept.
    "ARTICLE_BODY_MAX_LENGTH": _ARTICLE_BODY_MAX_LENGTH,
    # Comments
    "ALLOW_GUEST_COMMENTS": env_bool("MASTHEAD_ALLOW_GUEST_COMMENTS", False),
    # At most what moderation reads whole (longer comments are held as too_long, unread as one).
    "COMMENT_MAX_LENGTH": _COMMENT_MAX_LENGTH,
    "COMMENT_MAX_LINKS": env_whole("MASTHEAD_COMMENT_MAX_LINKS", 2),
    # Minutes an author may edit (0: never), up to a day; indent levels before replies flatten;
    # days after publication comments close (0: never), as on the workspace's settings page.
    "COMMENT_EDIT_WINDOW_MINUTES": env_between("MASTHEAD_COMMENT_EDIT_WINDOW_MINUTES", 15, 0, 1440),
    "COMMENT_MAX_DEPTH": env_between("MASTHEAD_COMMENT_MAX_DEPTH", 3, 1, 10),
    "COMMENTS_CLOSE_AFTER_DAYS": env_between("MASTHEAD_COMMENTS_CLOSE_AFTER_DAYS", 0, 0, 3650),
    "COMMENT_RATE_PER_READER": env_rate("MASTHEAD_COMMENT_RATE_PER_READER", "5/60"),
    "COMMENT_RATE_PER_IP": env_rate("MASTHEAD_COMMENT_RATE_PER_IP", "20/60"),
    # Reports and likes (likes and take-backs together) per reader per window ("COUNT/SECONDS").
    "REPORT_RATE_PER_READER": env_rate("MASTHEAD_REPORT_RATE_PER_READER", "10/600"),
    "LIKE_RATE_PER_READER": env_rate("MASTHEAD_LIKE_RATE_PER_READER", "30/60"),
    # Accounts ("COUNT/SECONDS"): log-in attempts per account name and address (right or wrong
    # password), per account name from all addresses together, and per address, on the site's
    # and the admin's log-in pages; password-reset and sign-up e-mails per e-mail address;
    # sign-ups and reset requests per address (each counted on its own).
    "LOGIN_RATE_PER_ACCOUNT": env_rate("MASTHEAD_LOGIN_RATE_PER_ACCOUNT", "10/900"),
    "LOGIN_RATE_PER_ACCOUNT_ALL_ADDRESSES": env_rate(
        "MASTHEAD_LOGIN_RATE_PER_ACCOUNT_ALL_ADDRESSES", "50/900"
    ),
    "LOGIN_RATE_PER_IP": env_rate("MASTHEAD_LOGIN_RATE_PER_IP", "50/900"),
    "PASSWORD_RESET_RATE_PER_EMAIL": env_rate("MASTHEAD_PASSWORD_RESET_RATE_PER_EMAIL", "3/3600"),
    "SIGNUP_RATE_PER_EMAIL": env_rate("MASTHEAD_SIGNUP_RATE_PER_EMAIL", "3/3600"),
    "ACCOUNT_RATE_PER_IP": env_rate("MASTHEAD_ACCOUNT_RATE_PER_IP", "20/3600"),
    "PAGE_SIZE": env_between("MASTHEAD_COMMENT_PAGE_SIZE", 20, 1, 100),
    # How comments get a verdict: a dotted path to a callable (see masthead.comments.ports).
    "COMMENT_MODERATOR": os.environ.get(
        "MASTHEAD_COMMENT_MODERATOR", "masthead.moderation.gateway.moderate_comment"
    ),
    # Moderation
    "MODERATION_SHADOW_MODE": env_bool("MASTHEAD_MODERATION_SHADOW_MODE", False),
    # Hold comments clearly written in a language the models were not trained on.
    "MODERATION_HOLD_OTHER_LANGUAGES": env_bool("MASTHEAD_MODERATION_HOLD_OTHER_LANGUAGES", True),
    "MODERATION_MODEL_DIR": os.environ.get("MASTHEAD_MODERATION_MODEL_DIR", ""),
    "MODERATION_TIMEOUT_SECONDS": env_positive_float("MASTHEAD_MODERATION_TIMEOUT_SECONDS", 2.0),
    # Site thresholds (0-1); unset: the values the shipped models were tuned for. Anything else
    # (5, nan, inf) stops the start: a threshold out of range would switch its check off.
    "MODERATION_ABUSE_THRESHOLD": env_fraction("MASTHEAD_MODERATION_ABUSE_THRESHOLD"),
    "MODERATION_OFF_TOPIC_THRESHOLD": env_fraction("MASTHEAD_MODERATION_OFF_TOPIC_THRESHOLD"),
    "MODERATION_SPAM_THRESHOLD": env_fraction("MASTHEAD_MODERATION_SPAM_THRESHOLD"),
    "MODERATION_THREAT_THRESHOLD": env_fraction("MASTHEAD_MODERATION_THREAT_THRESHOLD"),
    # Narration
    "NARRATION_ENGINE": os.environ.get("MASTHEAD_NARRATION_ENGINE", "piper"),
    "NARRATION_VOICE": os.environ.get("MASTHEAD_NARRATION_VOICE", "en_US-joe-medium"),
    "NARRATION_RATE": env_float("MASTHEAD_NARRATION_RATE", 1.0),
    "NARRATION_ON_PUBLISH": env_bool("MASTHEAD_NARRATION_ON_PUBLISH", True),
    # CPU threads per narration part; the cache of synthesised and encoded parts (a few
    # sentences each; rebuildable, safe to delete).
    "NARRATION_THREADS": env_at_least("MASTHEAD_NARRATION_THREADS", 1, 1),
    "NARRATION_CACHE_DIR": os.environ.get(
        "MASTHEAD_NARRATION_CACHE_DIR", str(VAR_DIR / "narration-cache")
    ),
    # Anonymous readers' article pages and comment lists stay cached this long at most
    # (0 turns the page cache off); edits and new comments make them stale at once.
    "PAGE_CACHE_SECONDS": env_between("MASTHEAD_PAGE_CACHE_SECONDS", 300, 0, 86400),
    # Request bodies over MASTHEAD_MAX_BODY_BYTES get 413; the admin (photo uploads) allows this.
    "MAX_UPLOAD_BYTES": env_at_least("MASTHEAD_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, *_ARTICLE_ROOM),
    # Dashboard
    "AUDIT_SAMPLE_RATE": env_fraction("MASTHEAD_AUDIT_SAMPLE_RATE", 0.05),
    # Decisions one moderator may take per window in the workspace ("COUNT/SECONDS").
    "MODERATION_ACTION_RATE": env_rate("MASTHEAD_MODERATION_ACTION_RATE", "120/60"),
}

# Django's logging setup stops with a 30-line traceback on a level it does not know.
LOG_LEVEL = env_choice(
    "MASTHEAD_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"refusal": {"()": "masthead.core.logfilters.RefusalWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        # a refused request (403) is one warning line, not a traceback
        "django.request": {"filters": ["refusal"]},
    },
}
