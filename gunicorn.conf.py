"""Production gunicorn settings (see README, "Deploying")."""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Sync workers: the pages are short CPU-bound renders; two per core hides I/O waits.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
worker_class = "sync"
# Recycle workers now and then so a slow leak never grows for days.
max_requests = 10000
max_requests_jitter = 1000
# Import the site once in the master: a recycled worker is then a fork, not a fresh
# import of Django (at a viral page's rate each worker recycles every half minute).
# A deploy restarts gunicorn; HUP alone would keep the old code.
preload_app = True


def when_ready(server):
    """In the master, once the site is imported and before any worker is forked: what
    Django would otherwise do on each worker's first request, its URLs (which import
    every view, about a second of CPU) and the French and English catalogues. Every
    worker, recycled ones included, then starts warm, and no request waits a second
    behind a fresh worker in a spike. Nothing here opens a database or Redis connection
    (a forked worker must not share one)."""
    if not server.cfg.preload_app:
        return
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - imports the URL modules and their views
    for code, _name in settings.LANGUAGES:
        translation.activate(code)
    translation.deactivate()


# Long enough for an organizer's CSV export of a million letters on a slow line
# (it streams, about 10 s on the server); short enough to reap a stuck worker.
timeout = 120
keepalive = 5
# No access log of gunicorn's own: nginx in front (deploy/nginx.conf.template) logs every
# request that reaches gunicorn, and a second line for each cost the letter submission a
# seventh of its rate. Without nginx in front: GUNICORN_CMD_ARGS="--access-logfile -".
accesslog = None
# No client IP address, referrer or user agent in the logs (see the privacy page).
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(L)ss'
# Request lines without the secrets in links (advocacy/log_filters.py).
logger_class = "advocacy.gunicorn_log.RedactingLogger"
