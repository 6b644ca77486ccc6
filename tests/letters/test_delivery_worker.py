"""The delivery guarantees against the real parts: a Celery worker process on
Redis, PostgreSQL, and an SMTP server (aiosmtpd) that records every message.

Letters go in through the web form. The test plays Celery beat: it sends the
sweep task to the worker every few seconds while it waits. Where time has to
pass (a retry's backoff, a dead worker's lease), the test moves those rows'
times into the past instead of sleeping through them.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from advocacy.celery import app as celery_app
from letters import tasks
from letters.models import Delivery, Letter, mail_ref
from tests.conftest import letter_data, show_log_if_failed
from tests.letters.smtp_sink import SMTPSink, free_port
from tests.processes import RedisRelay

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {"ralph.goodale@parl.gc.ca", "john.mccallum@parl.gc.ca"}
CAMPAIGN_CC = "campaign@example.org"

# The worker's secret: the X-Letter-Ref it puts on messages is made with it.
WORKER_SECRET_KEY = "worker-test-secret-key-not-for-production-0123456789"


def wait_until(condition, *, timeout: float, what: str, beat=None, every: float = 3.0) -> float:
    """Poll until condition() holds; call beat() every few seconds meanwhile. Returns seconds."""
    start = last_beat = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        if beat and time.monotonic() - last_beat >= every:
            beat()
            last_beat = time.monotonic()
        time.sleep(0.2)
    states = dict(Counter(Delivery.objects.values_list("state", flat=True)))
    # Never tried (no worker took a task) or tried and put off (a retry's backoff).
    unsent = Delivery.objects.exclude(state=Delivery.State.SENT)
    attempts = dict(Counter(unsent.values_list("attempts", flat=True)))
    errors = set(unsent.exclude(last_error="").values_list("last_error", flat=True)[:3])
    pytest.fail(
        f"timed out after {timeout:.0f} s waiting for {what}; deliveries: {states}; "
        f"attempts of the unsent: {attempts}, their errors: {errors or 'none'}"
    )


class Worker:
    """`celery -A advocacy worker` in its own process group, on production settings."""

    def __init__(self, *, broker_url: str, smtp_port: int, log: Path):
        db = settings.DATABASES["default"]
        self.name = f"delivery-test-{uuid.uuid4().hex[:8]}"  # its PostgreSQL sessions carry it
        password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)},
            "DJANGO_SETTINGS_MODULE": "advocacy.settings",
            "SECRET_KEY": WORKER_SECRET_KEY,
            # The test database pytest-django created, not the development one.
            "DATABASE_URL": f"postgres://{quote(db['USER'])}{password}@{db['HOST']}:{db['PORT']}"
            f"/{db['NAME']}?application_name={self.name}",
            "REDIS_URL": broker_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "EMAIL_PROVIDER": "",
            # Several tests send hundreds of letters to the same two ministers
            # within the hour: the pace has tests of its own.
            "DELIVERY_RATE_PER_MINUTE": "0",
            "TARGET_HOURLY_CAP": "0",
            "DELIVERY_OFFICE_HOURS": "",
        }
        self.log = log
        self.proc = None

    def start(self) -> "Worker":
        self.log.write_text("")
        self._log_file = self.log.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "advocacy",
                "worker",
                "--loglevel=INFO",
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"delivery-test-{uuid.uuid4().hex[:8]}@%h",
            ],  # fmt: skip
            cwd=ROOT,
            env=self.env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the pool children die with it
        )
        wait_until(lambda: self._ready(), timeout=60, what=f"the worker (log: {self.log})")
        return self

    def _ready(self) -> bool:
        if self.proc.poll() is not None:
            pytest.fail(f"the worker exited: {self.log.read_text()[-2000:]}")
        return " ready." in self.log.read_text()

    def kill(self) -> None:
        """SIGKILL the worker and its pool children at once: no cleanup, no acks."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._log_file.close()


@pytest.fixture
def workers(request, tmp_path):
    started: list[Worker] = []

    def start(*, broker_url: str, smtp_port: int) -> Worker:
        log = tmp_path / f"worker-{len(started)}.log"
        show_log_if_failed(request, log)
        worker = Worker(broker_url=broker_url, smtp_port=smtp_port, log=log).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def use_broker(url: str) -> None:
    """Make this process publish tasks to a real broker (the test settings run them eagerly)."""
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = url
    # Drop the cached pools; kombu keeps one per URL, reused when the URL comes back.
    celery_app._pool = None
    if "amqp" in celery_app.__dict__:
        celery_app.amqp._producer_pool = None


def use_shared_cache(settings, url: str) -> None:
    """The web side's cache on the same Redis as the workers', as in production: a
    stored letter wakes a worker through a flag they share (letters.delivery.kick)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "advocacy.shared_cache.RedisCache",  # production's, Redis errors as misses
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def broker(redis_url, postgres, settings):
    saved = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    use_broker(redis_url)
    use_shared_cache(settings, redis_url)
    yield redis_url
    use_broker(saved[1])
    celery_app.conf.task_always_eager = saved[0]


@pytest.fixture
def sink():
    sink = SMTPSink()
    yield sink
    sink.stop()


def submit(client, campaign, count: int, *, prefix: str) -> list:
    """Supporters send letters through the web form; every other one asks for a copy."""
    responses = []
    for i in range(count):
        data = letter_data(email=f"{prefix}{i}@example.com", first_name=f"Supporter{i}")
        if i % 2:
            data["send_copy"] = "on"
        responses.append(client.post(reverse("letters:send", args=[campaign.slug]), data))
    return responses


def expected_deliveries(letter_count: int) -> int:
    return letter_count * 3 + letter_count // 2  # two targets and a Cc each, half a copy


def all_sent(count: int):
    def check():
        states = Delivery.objects.values_list("state", flat=True)
        return len(states) == count and set(states) == {Delivery.State.SENT}

    return check


def beat():
    tasks.sweep.delay()


def check_each_arrived_once(sink: SMTPSink, *, duplicates_allowed_for=frozenset()) -> int:
    """Every letter reached its targets and Cc once, every asked-for copy reached the
    supporter once, with the right headers. Returns the number of duplicate hand-offs."""
    by_message_id = defaultdict(list)
    for received in sink.messages():
        by_message_id[received.message["Message-ID"]].append(received)
    by_letter = defaultdict(list)
    for copies in by_message_id.values():
        by_letter[copies[0].message["X-Letter-Ref"]].append(copies[0])
    duplicates = {mid: len(c) - 1 for mid, c in by_message_id.items() if len(c) > 1}
    assert set(duplicates) <= set(duplicates_allowed_for), duplicates

    letters = list(Letter.objects.all())
    assert len(by_letter) == len(letters)
    for letter in letters:
        received = by_letter[mail_ref(letter.public_id, secret=WORKER_SECRET_KEY)]
        to_targets = [r for r in received if letter.email not in r.recipients]
        copies = [r for r in received if letter.email in r.recipients]
        assert len(to_targets) == 1, letter.email
        assert len(copies) == int(letter.send_copy), letter.email
        (message,) = [r.message for r in to_targets]
        assert set(to_targets[0].recipients) == TARGETS | {CAMPAIGN_CC}
        assert {a.addr_spec for a in message["To"].addresses} == TARGETS
        assert message["Cc"] == CAMPAIGN_CC
        assert message["Reply-To"] == letter.email
        assert message["From"].addresses[0].display_name.startswith(letter.first_name)
        if copies:
            assert copies[0].recipients == [letter.email]
    return sum(duplicates.values())


def test_it_delivers_200_letters_from_the_web_form_each_exactly_once(
    client, campaign, broker, workers, sink
):
    sink.start()
    workers(broker_url=broker, smtp_port=sink.port)

    started = time.monotonic()
    responses = submit(client, campaign, 200, prefix="supporter")
    submitted = time.monotonic() - started
    waited = wait_until(all_sent(expected_deliveries(200)), timeout=90, what="200 letters")

    assert all(r.status_code == 302 for r in responses)
    assert check_each_arrived_once(sink) == 0
    assert sink.count() == 300
    print(f"\n200 letters: submitted in {submitted:.1f} s, all sent {waited:.1f} s later")


def test_it_delivers_everything_once_the_mail_server_comes_back(
    client, campaign, broker, workers, sink
):
    workers(broker_url=broker, smtp_port=sink.port)  # nothing listens on the port yet

    submit(client, campaign, 60, prefix="early")
    wait_until(
        lambda: (
            not Letter.objects.filter(awaiting_deliveries=True).exists()
            and not Delivery.objects.filter(attempts=0).exists()
            and not Delivery.objects.exclude(state=Delivery.State.QUEUED).exists()
        ),
        timeout=60,
        what="the worker to try every letter once",
    )
    assert "ConnectionRefusedError" in Delivery.objects.first().last_error

    sink.start()  # the mail server is back
    submit(client, campaign, 40, prefix="late")
    wait_until(
        lambda: (
            Delivery.objects.filter(state=Delivery.State.SENT).count() == expected_deliveries(40)
        ),
        timeout=60,
        what="the letters submitted after the outage",
    )
    # The clock moves past the retries' backoff.
    Delivery.objects.filter(state=Delivery.State.QUEUED).update(next_attempt_at=timezone.now())
    wait_until(all_sent(expected_deliveries(100)), timeout=60, what="the retries", beat=beat)

    assert check_each_arrived_once(sink) == 0
    early = [
        d for d in Delivery.objects.select_related("letter") if d.letter.email.startswith("early")
    ]
    assert {d.attempts for d in early} == {2}


def test_it_loses_nothing_when_the_worker_is_killed_mid_batch(
    client, campaign, broker, workers, sink
):
    sink.start()
    submit(client, campaign, 120, prefix="batch")  # queued in Redis; no worker yet
    first = workers(broker_url=broker, smtp_port=sink.port)
    wait_until(lambda: sink.count() >= 40, timeout=60, what="the batch to get going")

    first.kill()
    # A commit the worker wrote just before it died may still be in its socket:
    # wait until PostgreSQL has closed the dead worker's sessions, then look.
    wait_until(lambda: sessions_of(first) == 0, timeout=30, what="the dead worker's sessions")
    in_flight = list(Delivery.objects.filter(state=Delivery.State.SENDING).select_related("letter"))
    unsent = Delivery.objects.exclude(state=Delivery.State.SENT).count()
    assert unsent > 0, "the worker finished before it was killed"

    workers(broker_url=broker, smtp_port=sink.port)
    # The clock moves past the dead worker's leases.
    Delivery.objects.filter(pk__in=[d.pk for d in in_flight]).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    wait_until(all_sent(expected_deliveries(120)), timeout=120, what="the rest", beat=beat)

    # The one window the guarantee leaves open: the server took a message and
    # the worker died before recording it. Only a message of a claim the dead
    # worker held may come twice, under the same Message-ID, which mailboxes
    # fold into one.
    held = in_flight_addresses(in_flight)
    window = {
        r.message["Message-ID"]
        for r in sink.messages()
        if held.get(r.message["X-Letter-Ref"], set()) & {a.lower() for a in r.recipients}
    }
    duplicates = check_each_arrived_once(sink, duplicates_allowed_for=window)
    print(
        f"\nkilled with {unsent} deliveries unsent, {len(in_flight)} in flight; "
        f"{duplicates} duplicate hand-off(s) in the crash window"
    )


def in_flight_addresses(deliveries: list[Delivery]) -> dict[str, set[str]]:
    """The addresses of the given deliveries, by the X-Letter-Ref their messages carry
    (the Message-ID names nothing, so a message is matched by letter and recipient)."""
    found: dict[str, set[str]] = defaultdict(set)
    for d in deliveries:
        found[mail_ref(d.letter.public_id, secret=WORKER_SECRET_KEY)].add(d.address.lower())
    return found


def sessions_of(worker: Worker) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [worker.name]
        )
        return cursor.fetchone()[0]


@pytest.fixture
def private_redis():
    """A Redis of this test's own, on a free port: the shared one is never stopped."""
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no"]
    servers = []

    def start():
        servers.append(subprocess.Popen(command, stdout=subprocess.DEVNULL))
        client = redis.Redis(port=port, socket_connect_timeout=1)
        wait_until(lambda: _pings(client), timeout=10, what="the private Redis")

    def stop():
        servers[-1].terminate()
        servers[-1].wait(timeout=10)

    start()
    yield {"url": f"redis://127.0.0.1:{port}/0", "port": port, "start": start, "stop": stop}
    if servers[-1].poll() is None:
        stop()


def _pings(client) -> bool:
    try:
        return client.ping()
    except redis.RedisError:
        return False


def test_it_stores_letters_while_redis_is_down_and_sends_them_when_it_returns(
    client, campaign, redis_url, postgres, private_redis, workers, sink, settings
):
    saved = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    use_broker(private_redis["url"])
    use_shared_cache(settings, private_redis["url"])
    try:
        sink.start()
        workers(broker_url=private_redis["url"], smtp_port=sink.port)
        submit(client, campaign, 10, prefix="before")
        wait_until(all_sent(expected_deliveries(10)), timeout=60, what="the first letters")

        private_redis["stop"]()
        started = time.monotonic()
        responses = submit(client, campaign, 20, prefix="outage")
        per_submission = (time.monotonic() - started) / 20
        for response in responses:
            assert response.status_code == 302
            thanks = client.get(response.url)
            assert "Your letter is on its way." in thanks.content.decode()
        assert Letter.objects.count() == 30
        outage = [lt for lt in Letter.objects.all() if lt.email.startswith("outage")]
        # Stored, their worker's wake-up lost: the sweeper creates their deliveries.
        assert all(lt.awaiting_deliveries for lt in outage)
        assert not Delivery.objects.filter(letter__in=outage).exists()

        private_redis["start"]()  # back, empty: whatever was queued is gone
        wait_until(all_sent(expected_deliveries(30)), timeout=90, what="the sweeper", beat=beat)
        assert check_each_arrived_once(sink) == 0
        print(f"\nwith Redis down, a submission took {per_submission * 1000:.0f} ms")
    finally:
        use_broker(saved[1])
        celery_app.conf.task_always_eager = saved[0]


def test_it_takes_tasks_again_after_redis_missed_their_acknowledgements(
    client, campaign, postgres, private_redis, workers, sink, settings
):
    """A task whose acknowledgement fails (Redis away at that moment) still counted
    against the worker's prefetch limit: after two, the worker never took a task again,
    though Redis answered; after an outage, letters waited for good."""
    relay = RedisRelay(private_redis["port"]).start()  # between the worker and Redis
    saved = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    use_broker(private_redis["url"])
    use_shared_cache(settings, private_redis["url"])
    try:
        sink.start()
        workers(broker_url=relay.url, smtp_port=sink.port)
        relay.cut_on("ZREM")  # what acknowledging a task sends
        for n in range(2):  # concurrency 2, prefetch 1: the worker's whole limit
            submit(client, campaign, 1, prefix=f"unacknowledged{n}-")
            wait_until(lambda n=n: relay.cut > n, timeout=60, what="the task's acknowledgement")
        relay.cut_on("")

        submit(client, campaign, 1, prefix="after")
        wait_until(all_sent(3 * 3), timeout=60, what="the letter after")
        assert check_each_arrived_once(sink) == 0
    finally:
        relay.stop()
        use_broker(saved[1])
        celery_app.conf.task_always_eager = saved[0]
