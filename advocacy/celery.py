import logging
import os

from celery import Celery, signals
from celery import Task as CeleryTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advocacy.settings")

log = logging.getLogger(__name__)


class Task(CeleryTask):
    """Publishing never fails a request: the queue (Redis) is an optimization.

    While Redis is unavailable (see advocacy/shared_cache.py) a task is not
    published at all, and a failed publish is logged, not raised: what the
    queue would have done is done by the sweeper (letters' deliveries), or now,
    in this process, for tasks marked `run_here_when_queue_down` (a confirmation
    email has no sweeper to send it later).
    """

    run_here_when_queue_down = False

    def apply_async(self, args=None, kwargs=None, **options):
        from .shared_cache import redis_available, redis_failed

        if self.app.conf.task_always_eager:
            return super().apply_async(args, kwargs, **options)
        if redis_available():
            try:
                return super().apply_async(args, kwargs, **options)
            except Exception as exc:  # noqa: BLE001 - kombu, redis and socket errors alike
                redis_failed(exc)
        if self.run_here_when_queue_down:
            log.warning("Queue unavailable: running %s in this process", self.name)
            self(*(args or ()), **(kwargs or {}))
        else:
            log.warning("Queue unavailable: %s not published; the sweeper takes over", self.name)
        return None


app = Celery("advocacy", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.celeryd_init.connect
def _patient_worker(conf=None, **kwargs):
    # REDIS_TIMEOUT is short so a paused Redis costs a supporter little; a worker has
    # nobody waiting on it, and a time-out would only make it reconnect for nothing.
    conf.broker_transport_options = {
        **conf.broker_transport_options,
        "socket_timeout": 10,
        "socket_connect_timeout": 10,
    }


@signals.worker_init.connect
def _load_before_forking(**kwargs):
    # The pool's processes are forked from this one: what it loads now they inherit,
    # instead of each importing every view behind the URLconf (a letter's links are
    # reversed) and compiling the email templates on its first letter, 0.7 s each.
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - evaluated for its imports
    for name in ("letters/email/letter.html", "letters/email/copy.txt"):
        get_template(name)
