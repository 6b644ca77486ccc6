import logging
import os

from celery import Celery, bootsteps, signals
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


ACK_AGAIN_SECONDS = 5.0  # how often a worker looks for acknowledgements Redis missed


class AckAgain(bootsteps.StartStopStep):
    """Acknowledge again the tasks whose acknowledgement Redis missed.

    A task is acknowledged once its work is done (acks_late). If Redis is away just
    then, Celery logs "Couldn't ack" and moves on, but the channel goes on counting the
    message against the prefetch limit. Once as many are lost as the limit allows (two:
    concurrency 2, prefetch 1) the worker never asks Redis for a task again, and nothing
    tells it so, as its connections heal by themselves: after an outage the sweeps
    waited in Redis, unread, and the letters with them (tests/test_redis_outage.py).
    """

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def __init__(self, parent, **kwargs):
        super().__init__(parent, **kwargs)
        self.timer_entry = None

    def start(self, c):
        self.timer_entry = c.timer.call_repeatedly(ACK_AGAIN_SECONDS, ack_lost_messages, (c,))

    def stop(self, c):
        if self.timer_entry is not None:
            self.timer_entry.cancel()
            self.timer_entry = None

    shutdown = stop


def ack_lost_messages(consumer) -> int:
    """Acknowledge what the task channel still counts as unacknowledged while this worker
    holds no task at all (none waiting, running or due later): each is a task that ran
    and whose acknowledgement failed. Returns how many."""
    from celery.worker import state

    channel = getattr(consumer.task_consumer, "channel", None)
    qos = getattr(channel, "qos", None)
    unacked = getattr(qos, "_delivered", None)  # kombu's virtual transports, Redis's among them
    rate_limited = any(bucket and bucket.contents for bucket in consumer.task_buckets.values())
    if not unacked or state.requests or rate_limited:
        return 0
    acked = 0
    for tag in [tag for tag in unacked if tag not in qos._dirty]:
        try:
            channel.basic_ack(tag)
        except consumer.connection_errors + consumer.channel_errors:
            break  # Redis is still away: the next round tries again
        acked += 1
    if acked:
        log.warning("Acknowledged %d task(s) again: Redis had missed their acknowledgement", acked)
    return acked


app.steps["consumer"].add(AckAgain)


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
