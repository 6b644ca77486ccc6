"""The one settings module: every value comes from the environment, with
development defaults that need no running service (SQLite, local cache,
mail captured to files)."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

from advocacy.crypto import parse_key

BASE_DIR = Path(__file__).resolve().parent.parent

# Schema: every variable, its type and its default.
env = environ.Env(
    DEBUG=(bool, False),
    SECRET_KEY=(str, ""),
    # Supporters' personal data at rest (advocacy/crypto.py): url-safe base64 keys of 32
    # bytes, never stored in the database. The first encrypts, all decrypt (rotation).
    FIELD_ENCRYPTION_KEYS=(list, []),
    BLIND_INDEX_KEY=(str, ""),  # the key of the email lookups' keyed hash
    ALLOWED_HOSTS=(list, ["localhost", "127.0.0.1", "[::1]"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    PORT=(int, 8000),  # where make run and gunicorn listen
    SITE_URL=(str, ""),  # the public address; empty: http://127.0.0.1:PORT (development)
    ORG_NAME=(str, "ICLMG"),
    DATABASE_URL=(str, f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    DATABASE_CONN_MAX_AGE=(int, 600),
    DATABASE_POOL=(bool, True),  # PostgreSQL: psycopg's connection pool (else persistent ones)
    REDIS_URL=(str, ""),  # empty: no broker, no shared cache (the embedded mode)
    REDIS_TIMEOUT=(float, 0.3),  # seconds a web request waits on Redis before going without
    EMAIL_URL=(str, ""),  # empty: mail written to var/mail/, never sent out
    EMAIL_PROVIDER=(str, ""),  # "postmark": send through anymail's HTTP backend
    POSTMARK_SERVER_TOKEN=(str, ""),
    POSTMARK_API_URL=(str, "https://api.postmarkapp.com/"),
    ANYMAIL_WEBHOOK_SECRET=(str, ""),  # "user:password" for the tracking webhook
    DEFAULT_FROM_EMAIL=(str, "letters@iclmg.example"),
    SERVER_EMAIL=(str, "server@iclmg.example"),
    DELIVERY_RETRY_HOURS=(int, 48),
    DELIVERY_LEASE_SECONDS=(int, 300),
    DELIVERY_RATE_PER_MINUTE=(int, 600),
    TARGET_HOURLY_CAP=(int, 500),
    DELIVERY_OFFICE_HOURS=(str, ""),  # e.g. "09:00-17:00": letters reach targets on weekdays then
    REPRESENT_URL=(str, "https://represent.opennorth.ca"),
    REPRESENT_TIMEOUT=(float, 3.0),
    REPRESENT_RATE_PER_MINUTE=(int, 55),  # Represent's free use: 60 requests a minute
    SECURE_SSL_REDIRECT=(bool, True),
    SECURE_HSTS_SECONDS=(int, 31536000),
    LOG_LEVEL=(str, "INFO"),
    IP_HASH_SALT=(str, ""),  # empty: derived from SECRET_KEY
    TRUSTED_PROXY_COUNT=(int, 0),  # proxies in front that append to X-Forwarded-For
    MAX_REQUEST_BODY_BYTES=(int, 10 * 1024 * 1024),  # larger bodies refused unread (413)
    SERVE_MEDIA=(bool, False),  # Django serves /media/ itself (no nginx in front)
    STATIC_ROOT=(str, str(BASE_DIR / "staticfiles")),  # where collectstatic writes
    MEDIA_ROOT=(str, str(BASE_DIR / "media")),  # uploaded files
    RATELIMIT_ENABLED=(bool, True),
    ANTIBOT_MIN_SECONDS=(int, 3),  # a form sent faster is a bot; 0 turns the signed time off
    LETTER_CONFIRMATION_HOURS=(int, 48),
    ADMIN_LOGIN_FAILURES=(int, 10),  # bad passwords from one address for one username...
    ADMIN_LOGIN_COOLOFF_MINUTES=(int, 15),  # ...lock that pair out for this long
    LEGACY_LINK_TOKENS=(bool, True),  # links in emails sent before link keys still work
    RETENTION_MONTHS=(int, 24),
    DIGEST_UNCONFIRMED_DAYS=(int, 30),  # a digest sign-up nobody confirmed is deleted after this
    HOLD_DOMAINS=(list, ["parl.gc.ca"]),  # supporters writing from these are held for review
    MANAGERS=(list, []),  # staff addresses told of co-signing requests
    CAMPAIGN_PAGE_CACHE_SECONDS=(int, 30),  # how stale an anonymous campaign page may be
    REPORTS_CACHE_SECONDS=(int, 60),  # how old organizers' report figures may be
    COUNTS_FOLD_SECONDS=(int, 2),  # how often new letters are added to the public counts
    API_SYNC_LAG_SECONDS=(int, 5),  # the API holds back rows changed more recently than this
    WEBHOOK_RETRY_HOURS=(int, 48),  # how long an event is retried before it is marked failed
    WEBHOOK_TIMEOUT_SECONDS=(float, 10.0),  # how long a receiver may take to answer
)
environ.Env.read_env(BASE_DIR / ".env")

# Core
DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise environ.ImproperlyConfigured(
            "SECRET_KEY is required unless DEBUG is on. In development, `make run` writes "
            "both to .env; in production, set a long random SECRET_KEY."
        )
    SECRET_KEY = "development-only-secret-key-not-for-production-use-0123456789"
# Like SECRET_KEY, required unless DEBUG (then derived from it, with a warning in the log).
FIELD_ENCRYPTION_KEYS = [k for k in env("FIELD_ENCRYPTION_KEYS") if k.strip()]
BLIND_INDEX_KEY = env("BLIND_INDEX_KEY")
if not (FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY) and not DEBUG:
    raise environ.ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY are required unless DEBUG is on: keys "
        "of their own for this site, kept outside the database and its backups (README: "
        "Encryption at rest)."
    )
for _key in [*FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY]:
    if _key:
        parse_key(_key)  # a malformed key stops the start, not the first letter
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
# The public address every absolute link is built on (advocacy/links.py): in development
# this machine on the port make run serves, so links in emails work wherever it runs.
PORT = env("PORT")
SITE_URL = (env("SITE_URL") or f"http://127.0.0.1:{PORT}").rstrip("/")
ORG_NAME = env("ORG_NAME")
ROOT_URLCONF = "advocacy.urls"
WSGI_APPLICATION = "advocacy.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Database
DATABASES = {"default": env.db("DATABASE_URL")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env("DATABASE_POOL"):
    # psycopg's pool, per process: a request borrows an open connection and gives it
    # back, with no health-check query before each request (a connection that broke
    # is dropped by the pool when it comes back). Sync workers serve one request at a
    # time; the spare connections are for threads (tests, streaming).
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "pool": {"min_size": 1, "max_size": 4, "timeout": 10, "max_idle": 300},
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them instead
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env("DATABASE_CONN_MAX_AGE")
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default has several writers at once (runserver's threads, the
    # delivery loop, a manage.py command): readers never block the writer (WAL), a
    # writer waits its turn instead of failing at once (timeout, in seconds), and a
    # transaction takes the write lock when it begins (IMMEDIATE), so two never
    # deadlock upgrading their read locks, which no timeout would cure.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }

# Apps
INSTALLED_APPS = [
    # Before the admin, so translated fields show side by side in its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "anymail",
    "axes",  # admin sign-in attempts, per username and address (see Security below)
    "campaigns",
    "letters",
    "privacy",
    "reports",
    "digest",
    "replies",
    "calls",
    "bilingual",
    "partners",
    "api",
    "webhooks",
    "rest_framework",
    "drf_spectacular",
    "csp",
]
MIDDLEWARE = [
    "advocacy.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "advocacy.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address (/en/, /fr/); old addresses without one
    # are redirected by the visitor's language (bilingual/middleware.py).
    "bilingual.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its page.
    "axes.middleware.AxesMiddleware",
]

# Templates
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
                "campaigns.context_processors.site",
            ],
        },
    },
]

# Languages: English (the default) and French, each under its own prefix.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Staff content falls back to English where the French is not written yet; public
# pages ask Campaign.offers() and never mix the two on a page.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr")
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

# Static and uploaded files: hashed names and long cache headers in production.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT"))
# nginx serves /media/ in front of gunicorn; without it, SERVE_MEDIA lets Django do it.
SERVE_MEDIA = env("SERVE_MEDIA")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
# Request bodies: one over MAX_REQUEST_BODY_BYTES is refused from its Content-Length before
# anything reads it (advocacy/middleware.py, before the CSRF check, which reads forms).
# Below it, uploads stay in memory: a body never touches the disk before it is checked.
MAX_REQUEST_BODY_BYTES = env("MAX_REQUEST_BODY_BYTES")
DATA_UPLOAD_MAX_MEMORY_SIZE = 2621440  # form fields other than files: Django's 2.5 MB
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES

# Cache: Redis when there is one (shared by every process), memory otherwise. Redis is
# never a dependency: an error or a wait past REDIS_TIMEOUT is a miss, and the process
# goes without it for a few seconds (advocacy/shared_cache.py); "local" is each
# process's own memory, where rate limits count meanwhile.
REDIS_URL = env("REDIS_URL")
REDIS_TIMEOUT = env("REDIS_TIMEOUT")
CACHES = {
    "default": {
        "BACKEND": "advocacy.shared_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_timeout": REDIS_TIMEOUT, "socket_connect_timeout": REDIS_TIMEOUT},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
}
# Anonymous campaign pages (campaigns/cache.py): at most this old; staff edits show at once.
CAMPAIGN_PAGE_CACHE_SECONDS = env("CAMPAIGN_PAGE_CACHE_SECONDS")
# Report figures are recomputed when older than this (the pages say when); 0: always.
REPORTS_CACHE_SECONDS = env("REPORTS_CACHE_SECONDS")
# New letters are folded into the counts this often (reports.tallies): how old a
# public count may be, besides the page caches' own age.
COUNTS_FOLD_SECONDS = env("COUNTS_FOLD_SECONDS")

# Email: SMTP from EMAIL_URL, an HTTP provider through anymail, or files on disk.
EMAIL_URL = env("EMAIL_URL")
EMAIL_PROVIDER = env("EMAIL_PROVIDER")
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"
if EMAIL_PROVIDER == "postmark":
    EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
elif EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
    if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":  # noqa: F821
        # Keeps per-recipient refusals that Django's SMTP backend discards.
        EMAIL_BACKEND = "letters.backends.SMTPBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_TIMEOUT = 20
ANYMAIL = {
    "POSTMARK_SERVER_TOKEN": env("POSTMARK_SERVER_TOKEN"),
    "POSTMARK_API_URL": env("POSTMARK_API_URL"),
    "WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET") or None,
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = env("SERVER_EMAIL")
MANAGERS = [(address, address) for address in env("MANAGERS")]

# Delivery: how long to retry, how long a worker's claim lasts, the pace.
DELIVERY_RETRY_HOURS = env("DELIVERY_RETRY_HOURS")
DELIVERY_LEASE_SECONDS = env("DELIVERY_LEASE_SECONDS")
DELIVERY_RATE_PER_MINUTE = env("DELIVERY_RATE_PER_MINUTE")
TARGET_HOURLY_CAP = env("TARGET_HOURLY_CAP")
DELIVERY_OFFICE_HOURS = env("DELIVERY_OFFICE_HOURS")  # in TIME_ZONE; empty: any time

# Open North's Represent API, for finding a supporter's MP.
REPRESENT_URL = env("REPRESENT_URL").rstrip("/")
REPRESENT_TIMEOUT = env("REPRESENT_TIMEOUT")
REPRESENT_RATE_PER_MINUTE = env("REPRESENT_RATE_PER_MINUTE")

# Celery: Redis as broker; without it the embedded delivery loop sends instead.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ACKS_LATE = True  # a task is acknowledged only once its work is recorded
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_IMPORTS = ["advocacy.tasks"]  # not an app, so not autodiscovered
# Publishing happens inside a supporter's request: when Redis is down or paused, give
# up within REDIS_TIMEOUT (the letter is stored; the sweeper sends it) rather than keep
# them waiting; one immediate retry reconnects a pooled connection Redis dropped.
# Workers wait longer (advocacy/celery.py).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_timeout": REDIS_TIMEOUT,
    "socket_connect_timeout": REDIS_TIMEOUT,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0,
    "interval_max": 0,
}
CELERY_BEAT_SCHEDULE = {
    # Public counts and report figures at most this many seconds behind the letters;
    # a fold left waiting in a queue is dropped, the next one does its work.
    "fold-counts": {
        "task": "reports.tasks.fold_counts",
        "schedule": float(COUNTS_FOLD_SECONDS),
        "options": {"expires": 10},
    },
    "reconcile-counts": {"task": "reports.tasks.reconcile_counts", "schedule": 86400.0},
    "sweep-deliveries": {"task": "letters.tasks.sweep", "schedule": 60.0},
    "advance-campaign-schedule": {"task": "campaigns.tasks.advance_schedule", "schedule": 60.0},
    "expire-unconfirmed-letters": {"task": "letters.tasks.expire_unconfirmed", "schedule": 900.0},
    "apply-retention-policy": {"task": "privacy.tasks.apply_retention", "schedule": 86400.0},
    "scrub-delivered-letters": {
        "task": "privacy.tasks.scrub_delivered_letters",
        "schedule": 3600.0,
    },
    "delete-unconfirmed-digest-signups": {
        "task": "digest.tasks.delete_unconfirmed",
        "schedule": 3600.0,
    },
    # Admin sign-in failures outlive their lock only by this period.
    "delete-expired-signin-records": {
        "task": "advocacy.tasks.delete_expired_signin_records",
        "schedule": 300.0,
    },
    "send-reply-questionnaires": {"task": "replies.tasks.send_questionnaires", "schedule": 900.0},
    "refresh-reply-figures": {"task": "replies.tasks.refresh_figures", "schedule": 300.0},
    # Webhook events the queue lost, or due again after a failed attempt.
    "sweep-webhooks": {
        "task": "webhooks.tasks.sweep",
        "schedule": 30.0,
        "options": {"expires": 30},  # a sweep left waiting is dropped: the next one does it
    },
}

# The read API (/api/v1/, the api app): API keys only (no session, so no CSRF), OSDI's
# HAL+JSON, read-only. Rows newer than API_SYNC_LAG_SECONDS wait (api/pagination.py).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.AnyKey"],
    "DEFAULT_RENDERER_CLASSES": [
        "api.renderers.HalJSONRenderer",
        "rest_framework.renderers.JSONRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Advocacy API",
    "DESCRIPTION": "Campaigns, letters and supporters in OSDI's shapes (HAL+JSON).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}
API_SYNC_LAG_SECONDS = env("API_SYNC_LAG_SECONDS")
# Outbound webhooks (the webhooks app): events stored with the change, posted by a worker,
# retried for WEBHOOK_RETRY_HOURS. Endpoints are https://, or http:// to this machine in
# development (and tests).
WEBHOOK_RETRY_HOURS = env("WEBHOOK_RETRY_HOURS")
WEBHOOK_TIMEOUT_SECONDS = env("WEBHOOK_TIMEOUT_SECONDS")
WEBHOOK_ALLOW_LOOPBACK_HTTP = DEBUG

# Security: safe unless DEBUG says otherwise.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT") and not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else env("SECURE_HSTS_SECONDS")
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"
# Only our own origin: no inline script, no third-party fonts, scripts or images; no
# page framed anywhere, except an embeddable action where its campaign allows
# (letters/embed.py replaces frame-ancestors per response). django-csp adds the nonce
# to style-src only on a response that used it: the admin's rich-text editor (Trix)
# injects one <style> element carrying it (admin/base_site.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
MIDDLEWARE.insert(1, "csp.middleware.CSPMiddleware")

# Abuse and privacy: IPs only as a salted hash, rate limits in the shared cache.
IP_HASH_SALT = env("IP_HASH_SALT") or "ip-hash:" + SECRET_KEY
TRUSTED_PROXY_COUNT = env("TRUSTED_PROXY_COUNT")
RATELIMIT_ENABLED = env("RATELIMIT_ENABLED")
# scope: (per IP, per email, window in seconds). "letter" counts letters stored (and
# so confirmation emails sent), never reviews, edits or riding searches; one IP may be
# a rally on one Wi-Fi or a phone carrier's NAT, so it gets hundreds. "form" counts
# co-signing requests and digest sign-ups made, and the POSTs to links in emails.
RATELIMITS = {
    "letter": (500, 5, 3600),
    "form": (500, 5, 3600),
    # A call's outcome: a phone bank in one hall reports many calls an hour.
    "call": (300, 0, 3600),
    # The access report's email (privacy.views.privacy_access): one per address at a time.
    "access": (100, 1, 900),
}
ANTIBOT_MIN_SECONDS = env("ANTIBOT_MIN_SECONDS")
LETTER_CONFIRMATION_HOURS = env("LETTER_CONFIRMATION_HOURS")
# Links in emails sent before links carried a random key (letters/signed_links.py) held
# the letter's public id: still accepted while this is on; turn it off once they are old.
LEGACY_LINK_TOKENS = env("LEGACY_LINK_TOKENS")
RETENTION_MONTHS = env("RETENTION_MONTHS")
# Never less than the confirmation link works (digest.services.unconfirmed_days).
DIGEST_UNCONFIRMED_DAYS = env("DIGEST_UNCONFIRMED_DAYS")
HOLD_DOMAINS = [d.lower().lstrip("@") for d in env("HOLD_DOMAINS")]
# Admin sign-in, throttled per username *and* address (django-axes): whoever guesses a
# staff member's password from elsewhere locks out only themselves, never the staff
# member at their own address. The lock lasts ADMIN_LOGIN_COOLOFF_MINUTES, longer if
# guessing goes on; a good password resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env("ADMIN_LOGIN_FAILURES")
AXES_COOLOFF_TIME = timedelta(minutes=env("ADMIN_LOGIN_COOLOFF_MINUTES"))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "advocacy.ratelimit.client_ip"  # behind TRUSTED_PROXY_COUNT proxies
AXES_LOCKOUT_CALLABLE = "advocacy.views.admin_locked_out"
AXES_VERBOSE = False  # its log lines name usernames and addresses (logs carry ids only)
AXES_DISABLE_ACCESS_LOG = True  # no row for each good sign-in
# No row for each failure either: a failure is kept only while it may lock (one row per
# username, address and browser), then deleted (advocacy.tasks).
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Not in the admin: a lock is lifted by waiting, or by `manage.py axes_reset_username NAME`.
AXES_ENABLE_ADMIN = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Logging: to the console, where the process manager collects it; ids only, never
# personal data or the capabilities in links (advocacy/log_filters.py).
LOG_REDACTED_LOGGERS = ["django.request", "django.server", "django.security"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "advocacy.log_filters.RedactSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "loggers": {name: {"filters": ["redact"]} for name in LOG_REDACTED_LOGGERS},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
}
