"""Test settings: the one place that pins test values. Nothing leaves the machine."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
# Fixed keys, in the environment so that a worker the tests start reads the same.
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "dGVzdC1maWVsZC1rZXktbm90LWZvci1wcm9kdWN0aW8=")
os.environ.setdefault("BLIND_INDEX_KEY", "dGVzdC1pbmRleC1rZXktbm90LWZvci1wcm9kdWN0aW8=")

from advocacy.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_PROVIDER = ""
ANYMAIL = {"POSTMARK_SERVER_TOKEN": "", "WEBHOOK_SECRET": "hook:test-secret"}
SITE_URL = "http://testserver"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
SECURE_SSL_REDIRECT = False
REPRESENT_URL = "http://127.0.0.1:9"  # closed port: a test that forgets its fake server fails fast
# Tasks run in-process unless a test starts a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = False
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
}
# This process publishes to a real Redis in the worker tests: a machine loaded by other
# work must not make it give up on a Redis that answers (production: REDIS_TIMEOUT).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "socket_timeout": 5,
    "socket_connect_timeout": 5,
}
# Nothing printed, but the same redaction as production: tests/test_logs.py reads the records.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": LOGGING["filters"],  # noqa: F405
    "loggers": LOGGING["loggers"],  # noqa: F405
}
# Tests sign in with Client.login(), which gives django-axes no request: it is off but
# in tests/advocacy/test_admin_login.py.
AXES_ENABLED = False
# Abuse checks off by default so flow tests need no tokens; tests of the checks turn them on.
RATELIMIT_ENABLED = False
ANTIBOT_MIN_SECONDS = 0
# Pages rendered afresh, so a test may change a row with update() and look again;
# tests/campaigns/test_page_cache.py turns the cache on.
CAMPAIGN_PAGE_CACHE_SECONDS = 0
# Report figures computed afresh on every request; tests/reports/test_figures_cache.py
# turns the cache on.
REPORTS_CACHE_SECONDS = 0
# The API shows rows the moment they are stored; tests/api/test_sync.py turns the lag on.
API_SYNC_LAG_SECONDS = 0
# Webhook receivers in tests are http.server on loopback.
WEBHOOK_ALLOW_LOOPBACK_HTTP = True
