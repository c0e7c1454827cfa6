"""MissionMatch settings: one module, driven by environment variables.

Every variable is documented in docs/deployment.md and .env.example. Defaults are safe for
production (DEBUG off); `make run` turns DEBUG on for local use.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is optional; real deployments set the environment directly.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG:
        # Only ever used on a developer's machine: DEBUG must be on explicitly.
        SECRET_KEY = "insecure-development-key-do-not-deploy"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable (or DEBUG=1 for local development)."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "knox",
    "django_filters",
    "django_countries",
    "allauth",
    "allauth.account",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    # Loads each app's rules.py: who may see and change what is stated there once.
    "rules.apps.AutodiscoverRulesConfig",
    "django_celery_beat",
    "health_check",
]
LOCAL_APPS = [
    "accounts",
    "organizations",
    "physicians",
    "trips",
    "applications",
    "matching",
    "notifications",
    "credentials",
    "conversations",
    "clearance",
    "references",
    "waitlist",
    "cover",
    "i18n",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    # First, so every log line of the request carries its id.
    "portal.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.RejectNullBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After LocaleMiddleware (Accept-Language, the session's choice) and authentication: a
    # signed-in person's saved language wins.
    "i18n.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    "portal.middleware.SQLiteWriteLockMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns lockouts into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
                "conversations.context_processors.unread_messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several app-server processes on one file: write-ahead logging lets readers and a
    # writer work together, and a busy timeout waits for the writer instead of failing with
    # "database is locked". Requests that write take the lock up front (see
    # portal.middleware.SQLiteWriteLockMiddleware) so reads never queue behind them.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# One cache shared by every app server (redis://...) in production, so rate limits and the
# matches page's reuse hold across processes; each process keeps its own by default
# (a deploy check warns about that with DEBUG off, accounts.W001).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# The cache is an optimisation: when Redis is down or hangs, pages and the API go on without it
# (portal.cache.ResilientRedisCache logs and answers "nothing cached"), waiting at most this long
# to connect or for an answer, and not asking again for CACHE_RETRY_SECONDS.
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.25)
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=5.0)
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "portal.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": CACHE_SOCKET_TIMEOUT, "socket_timeout": CACHE_SOCKET_TIMEOUT}
    )
# One transaction per request: a request cut short (database restart, crash) leaves nothing half-written.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out login is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Object permissions from the apps' rules.py (user.has_perm(perm, obj)); it checks no password.
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: email is the login; addresses must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.RoleSignupForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[MissionMatch] "
# allauth's rate limits (log-ins, sign-ups, resets per address and account) stay on in
# production; only the load script lifts them, since all its users share 127.0.0.1.
if not env.bool("ACCOUNT_RATE_LIMITS_ENABLED", default=True):
    ACCOUNT_RATE_LIMITS = False

# django-axes: lock an account+address pair after repeated failed logins.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "login"  # allauth's login field
AXES_USERNAME_CALLABLE = "accounts.axes.login_identifier"
# Behind N trusted reverse proxies the client's address is the Nth from the right in
# X-Forwarded-For; without this every client would share the proxy's address.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
# The pages get the template above, the API a JSON 429 (the token endpoint shares the count).
AXES_LOCKOUT_CALLABLE = "accounts.axes.lockout_response"

# Content-Security-Policy (django-csp 4): only our own scripts, styles and images.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en"
# The portal's languages, each named in itself for the language menu. Brazil and Portugal share
# `pt` for now (pt-BR and pt-PT browsers fall back to it).
LANGUAGES = [("en", "English"), ("es", "Español"), ("fr", "Français"), ("pt", "Português")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# An anonymous visitor's choice from the language menu (a signed-in person's is on the account).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files served at the site's root by WhiteNoise, before any view: /favicon.ico, which browsers
# ask for where no page names an icon (Django admin, the API's JSON).
WHITENOISE_ROOT = BASE_DIR / "public"
# Hashed, compressed static files in production (needs `collectstatic`); plain files
# when developing or testing.
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
# Credential documents live outside MEDIA_URL and STATIC_URL, in private files by default;
# credentials.views streams them only to the people allowed. Any S3-compatible store works
# through django-storages (CREDENTIAL_STORAGE_BACKEND=storages.backends.s3.S3Storage and the
# AWS_* variables django-storages reads; see docs/trust.md). Objects are private and never
# overwritten.
CREDENTIAL_STORAGE_BACKEND = env.str(
    "CREDENTIAL_STORAGE_BACKEND", default="credentials.storage.PrivateFileSystemStorage"
)
CREDENTIAL_STORAGE_OPTIONS = (
    {"location": env.str("CREDENTIAL_STORAGE_ROOT", default=str(BASE_DIR / "private" / "credentials"))}
    if CREDENTIAL_STORAGE_BACKEND.endswith("FileSystemStorage")
    else {"location": "credentials", "default_acl": "private", "querystring_auth": True, "file_overwrite": False}
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Credential documents (licences, passports): no URL reaches them (see CREDENTIAL_STORAGE_*).
    "credentials": {"BACKEND": CREDENTIAL_STORAGE_BACKEND, "OPTIONS": CREDENTIAL_STORAGE_OPTIONS},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="MissionMatch <no-reply@missionmatch.localhost>")

REST_FRAMEWORK = {
    # Token first: an unauthenticated call is then a 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_auth.VerifiedEmailTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "portal.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # Services' Django ValidationError / PermissionDenied become 400 with field messages / 403.
    "EXCEPTION_HANDLER": "portal.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "portal.pagination.StandardPagination",
    "DEFAULT_SCHEMA_CLASS": "portal.schema.ErrorDocumentingAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "portal.throttling.AtomicAnonRateThrottle",
        "portal.throttling.AtomicUserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
        "user": env.str("API_THROTTLE_USER", default="600/minute"),
        # Sign-ins through POST /auth/token/, per client address, on top of django-axes' lock.
        "token": env.str("API_THROTTLE_TOKEN", default="10/minute"),
    },
}
# API tokens (django-rest-knox): stored hashed, one per sign-in (device), expiring.
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("API_TOKEN_DAYS", default=30)),
    "AUTO_REFRESH": False,
}
# The largest JSON body and the deepest nesting the API parses (file uploads are multipart, not JSON).
API_MAX_JSON_BYTES = env.int("API_MAX_JSON_BYTES", default=1024 * 1024)
API_MAX_JSON_DEPTH = env.int("API_MAX_JSON_DEPTH", default=32)
SPECTACULAR_SETTINGS = {
    "TITLE": "MissionMatch API",
    "DESCRIPTION": "Match volunteer physicians with sustainable medical-mission trips.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api.copy_request_examples_to_every_media_type",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "django_countries.countries",
        "VettingStatusEnum": "organizations.models.VettingStatus",
        "TripStatusEnum": "trips.models.TripStatus",
        "ApplicationStatusEnum": "applications.models.ApplicationStatus",
        "RoundStatusEnum": "matching.models.RoundStatus",
        "TrainingLevelEnum": "vocabulary.choices.TRAINING_LEVEL_CHOICES",
        "LanguageEnum": "vocabulary.choices.LANGUAGE_CHOICES",
    },
}

# Production safety: on unless DEBUG (local http) or explicitly turned off.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe the health checks over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 14)
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# How long an organization may leave an application unanswered before it expires.
APPLICATION_EXPIRY_DAYS = env.int("APPLICATION_EXPIRY_DAYS", default=14)
# Invitations to apply an organization may send a day for one trip: enough to reach the best
# fits, too few to spam everyone the suggestions list.
TRIP_INVITATIONS_PER_DAY = env.int("TRIP_INVITATIONS_PER_DAY", default=10)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# How long a physician's candidate trips (the SQL half of matching) are reused by their
# matches page and the matches API; 0 turns this off. Scores are always computed afresh.
MATCHES_CACHE_SECONDS = env.int("MATCHES_CACHE_SECONDS", default=30)

# Logs: readable lines by default, one JSON object a line with LOG_FORMAT=json (production),
# each with the request id and, in a worker, the task id.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")

# Credential documents: the largest upload accepted, and how many days ahead of expiry the
# owner is reminded (once at each).
CREDENTIAL_MAX_UPLOAD_BYTES = env.int("CREDENTIAL_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
CREDENTIAL_REMINDER_DAYS = (60, 14)
# Messaging: at most one email per conversation per this many minutes.
CONVERSATION_EMAIL_BATCH_MINUTES = env.int("CONVERSATION_EMAIL_BATCH_MINUTES", default=15)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "portal.logs.ContextFilter"}},
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Celery. Without a broker tasks run eagerly inside the process that enqueues them, which
# `make run` and the tests rely on; in production that would put SMTP and match rounds
# back into web requests, so with DEBUG off it must be asked for (CELERY_EAGER=1).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER and not DEBUG and not env.bool("CELERY_EAGER", default=False):
    raise ImproperlyConfigured(
        "CELERY_BROKER_URL is not set. Set it to the broker (e.g. redis://127.0.0.1:6379/2) and run "
        "`make worker`; tasks would otherwise run inside web requests. DEBUG=1 (or CELERY_EAGER=1, "
        "for tests) runs them in-process."
    )
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged when it has finished, and a worker lost mid-task returns it to the
# queue: every task is idempotent, so running twice is safe and running never is not.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis hands an unacknowledged task to another worker after this long: it must exceed the
# longest task (a national match round with finalising, well under an hour).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3 * 60 * 60)}
# A broker outage at commit costs a request about a second, not the request.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE

from celery.schedules import crontab  # noqa: E402  (beside the schedule it builds)

# The scheduled jobs, each an idempotent task; one beat process per deployment sends them.
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "notifications.sweep_outbox", "schedule": 60.0},
    "round-job-sweep": {"task": "matching.sweep_round_jobs", "schedule": 60.0},
    "saved-search-alerts": {"task": "notifications.send_saved_search_alerts", "schedule": crontab(minute="*/15")},
    "application-expiry": {"task": "applications.expire_unanswered", "schedule": crontab(hour=6, minute=0)},
    "saved-trip-deadline-reminders": {
        "task": "notifications.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "trip-start-reminders": {"task": "applications.send_trip_reminders", "schedule": crontab(hour=7, minute=0)},
    "host-feedback-requests": {
        "task": "organizations.send_host_feedback_requests",
        "schedule": crontab(hour=8, minute=0),
    },
    "session-clean-up": {"task": "accounts.clear_expired_sessions", "schedule": crontab(hour=3, minute=30)},
    "credential-expiry-reminders": {
        "task": "credentials.send_expiry_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    "clearance-reminders": {"task": "clearance.send_reminders", "schedule": crontab(hour=7, minute=30)},
    "conversation-emails": {"task": "conversations.send_message_emails", "schedule": crontab(minute="*/5")},
    "waitlist-offer-lapses": {"task": "waitlist.lapse_offers", "schedule": crontab(minute=5)},
    # The ranking's spread snapshot and cover gaps: on a schedule, never per application.
    "spread-refresh": {"task": "trips.refresh_spread", "schedule": crontab(minute="*/10")},
    "cover-gaps-refresh": {"task": "cover.refresh_gaps", "schedule": crontab(minute="2-59/10")},
}

# The outbox. A claim lasts longer than one SMTP conversation can (EMAIL_TIMEOUT bounds each
# step), so only a crashed worker's claim ever expires; that email is then sent again.
OUTBOX_CLAIM_SECONDS = env.int("OUTBOX_CLAIM_SECONDS", default=max(120, 6 * EMAIL_TIMEOUT))
# Seconds before each retry of an email that failed; after the last it is dead (about 40 h).
OUTBOX_RETRY_DELAYS = env.list(
    "OUTBOX_RETRY_DELAYS", cast=int, default=[60, 300, 900, 1800, 3600, 7200, 14400, 28800, 43200, 43200]
)
# /health/outbox/ fails when an undelivered email is older than this.
OUTBOX_HEALTH_MAX_AGE_SECONDS = env.int("OUTBOX_HEALTH_MAX_AGE_SECONDS", default=15 * 60)

# Error reporting, only when a DSN is given; no personal data is sent.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    # Imported only when configured: without a DSN nothing of Sentry's is loaded at all.
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration(), LoggingIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
    )
