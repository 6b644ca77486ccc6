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
# Long enough for an organizer's CSV export of a million letters on a slow line
# (it streams, about 10 s on the server); short enough to reap a stuck worker.
timeout = 120
keepalive = 5
accesslog = "-"
# No client IP address, referrer or user agent in the logs (see the privacy page).
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(L)ss'
# Request lines without the secrets in links (advocacy/log_filters.py).
logger_class = "advocacy.gunicorn_log.RedactingLogger"
