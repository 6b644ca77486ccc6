"""Redis is an optimization, never a dependency of a letter, with real processes:
gunicorn (production settings, two sync workers), a Celery worker, PostgreSQL, an SMTP
server (aiosmtpd) and a private Redis that is paused (SIGSTOP) and then killed while
supporters send 50 letters, each from an address of its own."""

import http.client
import re
import statistics
import time
import urllib.parse

import pytest
from django.urls import reverse

from advocacy.celery import app as celery_app
from letters.models import Delivery, Letter
from tests.conftest import letter_data, show_log_if_failed
from tests.letters.smtp_sink import SMTPSink
from tests.letters.test_delivery_worker import (
    Worker,
    all_sent,
    beat,
    check_each_arrived_once,
    use_broker,
    wait_until,
)
from tests.processes import Gunicorn, PrivateRedis, collect_static, production_env

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


class Supporter:
    """One person in a browser, on an address of their own (127.0.0.n: loopback answers
    on all of them), with the cookies the site gives them."""

    def __init__(self, port: int, n: int):
        self.port, self.address, self.n = port, f"127.0.0.{n}", n
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.address, 0)
        )
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        content = response.read().decode()
        seconds = time.monotonic() - started
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        conn.close()
        return response, content, seconds


def review_then_send(people: list[Supporter], campaign) -> list[tuple[int, float, str]]:
    """Each person reviews their letter; a second later (the signed time's minimum),
    sends it and opens the thank-you page: (send status, send seconds, thank-you page)."""
    forms = []
    for person in people:
        form = letter_data(email=f"supporter{person.n}@example.com", first_name=f"Sam{person.n}")
        _, page, _ = person.request("POST", reverse("letters:review", args=[campaign.slug]), form)
        hidden = dict(re.findall(r'name="(csrfmiddlewaretoken|started)" value="([^"]*)"', page))
        forms.append(form | hidden)
    time.sleep(1.1)
    results = []
    for person, form in zip(people, forms, strict=True):
        sent, _, seconds = person.request(
            "POST", reverse("letters:send", args=[campaign.slug]), form
        )
        thanks = ""
        if sent.status == 302:
            _, thanks, _ = person.request("GET", sent.getheader("Location"))
        results.append((sent.status, seconds, thanks))
    return results


def pages_served(port: int, campaign) -> bool:
    visitor = Supporter(port, 250)
    home = visitor.request("GET", reverse("campaigns:home"))
    page = visitor.request("GET", campaign.get_absolute_url())
    return (
        home[0].status == 200
        and campaign.title in home[1]
        and page[0].status == 200
        and "Review my letter" in page[1]
    )


def healthz(port: int) -> str:
    return Supporter(port, 251).request("GET", "/healthz")[1]


@pytest.fixture
def stack(request, tmp_path_factory, tmp_path):
    redis_server = PrivateRedis().start()
    sink = SMTPSink().start()
    static = collect_static(tmp_path_factory.getbasetemp() / "collected-static")
    env = production_env(
        REDIS_URL=redis_server.url,
        EMAIL_URL=f"smtp://127.0.0.1:{sink.port}",
        STATIC_ROOT=str(static),
        ANTIBOT_MIN_SECONDS="1",
    )
    gunicorn = worker = None
    for log in ("gunicorn.log", "worker.log"):
        show_log_if_failed(request, tmp_path / log)
    try:
        gunicorn = Gunicorn(env, log=tmp_path / "gunicorn.log", workers=2).start()
        worker = Worker(
            broker_url=redis_server.url, smtp_port=sink.port, log=tmp_path / "worker.log"
        ).start()
        yield {"redis": redis_server, "sink": sink, "gunicorn": gunicorn}
    finally:
        if worker:
            worker.stop()
        if gunicorn:
            gunicorn.stop()
        sink.stop()
        redis_server.stop()


def test_it_stores_answers_and_delivers_every_letter_once_through_a_redis_outage(campaign, stack):
    port = stack["gunicorn"].port
    people = [Supporter(port, n) for n in range(10, 60)]

    healthy = review_then_send(people[:10], campaign)
    assert healthz(port) == "ok"

    stack["redis"].pause()
    assert pages_served(port, campaign)
    paused = review_then_send(people[10:30], campaign)
    assert pages_served(port, campaign)
    assert healthz(port).startswith("degraded: Redis unavailable")

    stack["redis"].kill()
    assert pages_served(port, campaign)
    killed = review_then_send(people[30:], campaign)
    assert pages_served(port, campaign)
    assert healthz(port).startswith("degraded: Redis unavailable")

    for status, _, thanks in healthy + paused + killed:
        assert status == 302
        assert "Your letter is on its way." in thanks
    assert Letter.objects.count() == 50
    # Each letter has its deliveries (two ministers and the campaign's Cc), or awaits
    # them: the worker's wake-up went with Redis, and the sweeper creates them.
    awaiting = Letter.objects.filter(awaiting_deliveries=True).count()
    assert Delivery.objects.count() == 3 * (50 - awaiting)

    stack["redis"].start()  # back, and empty: whatever was queued in it is gone
    saved = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    use_broker(stack["redis"].url)
    try:
        wait_until(all_sent(150), timeout=150, what="the sweeper", beat=beat)
    finally:
        use_broker(saved[1])
        celery_app.conf.task_always_eager = saved[0]

    assert check_each_arrived_once(stack["sink"]) == 0
    assert stack["sink"].count() == 50
    paused_seconds = [seconds for _, seconds, _ in paused]
    print(
        f"\nsending with Redis paused: median {statistics.median(paused_seconds) * 1000:.0f} ms, "
        f"slowest {max(paused_seconds) * 1000:.0f} ms"
    )
    # Most pay nothing; the first request of each process pays REDIS_TIMEOUT (0.3 s) or two.
    assert statistics.median(paused_seconds) < 1
