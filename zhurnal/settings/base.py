"""Settings grouped by concern. Nothing here needs the environment to be set."""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from zhurnal.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("ZHURNAL_VAR_DIR", str(BASE_DIR / "var")))

# --- Core -----------------------------------------------------------------------------------
# From the environment; without it the embedded default (zhurnal.settings) makes its own key in
# var/, the tests use a fixed one, and production refuses to start.
SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "bootstrap",
    "django_tasks",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    # Ours, from the ground up (docs/architecture.md): imports only ever point down this list.
    "zhurnal.core",
    "zhurnal.schools",
    "zhurnal.accounts",
    "zhurnal.people",
    "zhurnal.policy",
    "zhurnal.security",
    "zhurnal.planning",
    "zhurnal.journal",
    "zhurnal.diary",
    "zhurnal.messaging",
    "zhurnal.notifications",
    "zhurnal.community",
    "zhurnal.materials",
    "zhurnal.extracurricular",
    "zhurnal.archive",
    "zhurnal.reports",
    "zhurnal.office",
    "zhurnal.directories",
    "zhurnal.web",
    "zhurnal.api",
    "zhurnal.integrations",
    "zhurnal.demo",
    "zhurnal.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body (CSRF reads forms), and around everything that answers.
    "zhurnal.core.http.RequestSizeLimitMiddleware",
    "zhurnal.core.http.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Control characters in any text input answer 400 before any view (its process_view runs
    # first, before the CSRF check's).
    "zhurnal.core.control_chars.ControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "zhurnal.accounts.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zhurnal.core.http.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhurnal.policy.middleware.ActorMiddleware",
    # A session that still owes its second factor sees only the code step or the enrolment.
    "zhurnal.security.middleware.TwoFactorMiddleware",
    "zhurnal.accounts.middleware.PasswordChangeRequiredMiddleware",
    "zhurnal.accounts.middleware.ActivityLogMiddleware",
]

ROOT_URLCONF = "zhurnal.urls"
WSGI_APPLICATION = "zhurnal.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zhurnal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "zhurnal.web.context_processors.navigation",
                "zhurnal.notifications.context_processors.bell",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# SQLite in WAL mode with foreign keys is the embedded default; DATABASE_URL switches to
# PostgreSQL. `init_command` runs on every new SQLite connection (Django 5.1+).
SQLITE_PATH = VAR_DIR / "zhurnal.sqlite3"
_database_url = env_str("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=env_int("CONN_MAX_AGE", 60))}
    # psycopg binds parameters on the server and prepares repeated statements: measured by
    # `zhurnal bench_http`, off by default (decision 0028 has the figures).
    if env_bool("DB_SERVER_SIDE_BINDING", False):
        DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
    # The plain-SQL reads are prepared on the server and keep their plan (decision 0038); a
    # transaction-mode pooler before PgBouncer 1.21 keeps no prepared statements: set 0 there.
    DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
    if DB_PREPARED_STATEMENTS:
        # Django turns psycopg's preparing off unless asked (None); 5 is psycopg's own threshold
        # and matters only to server-binding cursors (the ORM's bind on the client).
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
    # Django's connection pool (psycopg_pool) instead of one persistent connection per thread:
    # measured in decision 0032. A pool and persistent connections exclude each other.
    if env_bool("DB_POOL", False):
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = True
else:
    # The embedded default keeps its database under var/, made on first use.
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            # Reuse a thread's connection: opening one and running the PRAGMAs below cost more
            # than a whole mark save.
            "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 600),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                    "PRAGMA busy_timeout=5000; PRAGMA cache_size=-20000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

# --- Authentication and sessions --------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "zhurnal.accounts.backends.UserBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_ENGINE = "zhurnal.policy.sessions"  # database sessions read with their user and actor (0032)
# A signed-in session lives for a school day of inactivity at most, and ends with the browser.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout after repeated wrong passwords, by OWASP's device cookies (accounts.lockout,
# decision 0010): a browser that signed in before keeps working while unknown devices are locked.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
DEVICE_COOKIE_DAYS = env_int("DEVICE_COOKIE_DAYS", 365)

# Two-factor login (django-otp, decision 0011): the name authenticator apps show beside the code.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Электронный журнал")

# API bearer tokens live this long; a new login issues a new one.
API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 12)

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "ru"
# Russian only until an English catalogue exists (decision 0001): picking the browser's language
# would translate dates and Django's own texts into English around Russian UI strings.
LANGUAGES = [("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "zhurnal" / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
# Assets come from installed packages (Bootstrap, htmx); whitenoise serves them, with no CDN.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# whitenoise warns at start-up when the folder is missing; collectstatic fills it for production.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve straight from the packages' folders, so `make run` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Security headers -------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
    }
}
# Requests: the whole body at most (three 5 MB attachments and the form around them), checked by
# its Content-Length before it is read (zhurnal.core.http); bodies other than uploads at most
# Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
ZHURNAL_MAX_REQUEST_BYTES = env_int("ZHURNAL_MAX_REQUEST_BYTES", 20 * 1024 * 1024)
ZHURNAL_API_PREFIX = "/api/"

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_on_one_line": {"()": "zhurnal.core.logging.ForbiddenOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["forbidden_on_one_line"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# --- Background work -------------------------------------------------------------------------
# One task interface (django-tasks). The embedded default runs tasks in-process on a small
# thread pool, after the transaction commits (zhurnal.core.tasks_backend);
# TASKS_BACKEND=django_tasks_db.DatabaseBackend moves them to a worker (`zhurnal db_worker`),
# and a Redis-backed backend serves a region (docs/decisions/0005).
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "zhurnal.core.tasks_backend.ThreadBackend")}}

# Single marks and absences saved within this many seconds are notified together, one
# notification per pupil (only with the in-process ThreadBackend; decision 0039). 0: one by one.
NOTIFY_COALESCE_SECONDS = float(env_str("NOTIFY_COALESCE_SECONDS", "1.0"))

# Files of long reports (and other background jobs) are listed under "Мои отчёты" this long,
# then the scheduler deletes them (decision 0015).
REPORT_FILES_KEEP_DAYS = env_int("REPORT_FILES_KEEP_DAYS", 7)

# --- E-mail -----------------------------------------------------------------------------------
# Without EMAIL_HOST, mail is written to the console (the embedded default has no mail server).
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "zhurnal@localhost")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# --- Zhurnal ----------------------------------------------------------------------------------
# A fixed "today" (ISO date) for demos and browser tests; empty means the real date.
ZHURNAL_TODAY = env_str("ZHURNAL_TODAY", "")
# The activity log's page and API rows are written in batches by a thread of each process, this
# often (seconds; 0: each at once). A crash loses at most this interval's rows (decision 0028).
ZHURNAL_ACTIVITY_FLUSH_SECONDS = float(env_str("ZHURNAL_ACTIVITY_FLUSH_SECONDS", "1"))

# --- Backups and data exchange (zhurnal.integrations, decision 0022) ----------------------------
# Archives of the database and the uploaded files; the nightly job keeps daily ones for 30 days,
# weekly (the week's first) for 12 weeks and monthly (the month's first) for 12 months.
BACKUP_DIR = Path(env_str("ZHURNAL_BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_KEEP_DAILY_DAYS = env_int("BACKUP_KEEP_DAILY_DAYS", 30)
BACKUP_KEEP_WEEKLY_WEEKS = env_int("BACKUP_KEEP_WEEKLY_WEEKS", 12)
BACKUP_KEEP_MONTHLY_MONTHS = env_int("BACKUP_KEEP_MONTHLY_MONTHS", 12)
# The nightly backup starts within this local hour (TIME_ZONE) or the hours after it, till 6:00.
BACKUP_NIGHTLY_HOUR = env_int("BACKUP_NIGHTLY_HOUR", 2)
