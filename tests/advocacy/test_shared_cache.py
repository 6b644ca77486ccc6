"""Redis is an optimization: the cache, the rate limits, the queue and the health check
on a private Redis that stops answering (paused) or goes away (killed)."""

import logging

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse

from advocacy import ratelimit
from advocacy.celery import app as celery_app
from advocacy.forms import review_stamp, spend_review_stamp
from advocacy.shared_cache import RedisCache, redis_available, redis_recovered
from letters.delivery import KICK_KEY
from letters.models import Delivery, Letter
from tests.conftest import created_deliveries, letter_data
from tests.letters.test_delivery_worker import use_broker
from tests.processes import PrivateRedis, free_port

pytestmark = pytest.mark.services


@pytest.fixture
def private_redis(redis_url):
    server = PrivateRedis().start()
    yield server
    server.stop()


def cache_on(url: str) -> RedisCache:
    return RedisCache(url, {"OPTIONS": {"socket_timeout": 0.2, "socket_connect_timeout": 0.2}})


def test_it_answers_a_miss_when_redis_is_down_and_raises_nothing():
    cache = cache_on(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there

    assert cache.get("page", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set("page", "html", 30) is None
    assert cache.add("counter", 1, 30) is False
    with pytest.raises(ValueError):
        cache.incr("counter")
    assert cache.count_many(["counter"], 30) is None
    assert cache.ping() is False
    assert not redis_available()


def test_it_leaves_a_paused_redis_alone_once_it_timed_out(private_redis, caplog):
    cache = cache_on(private_redis.url)
    cache.set("page", "old", 30)
    private_redis.pause()

    with caplog.at_level(logging.WARNING, logger="advocacy.shared_cache"):
        assert cache.get("page") is None  # timed out
    assert "Redis unavailable" in caplog.text
    private_redis.resume()
    # Redis answers again, but this process does not ask it for a few seconds.
    assert cache.get("page") is None
    assert not redis_available()
    assert cache.ping() is True, "a health check asks anyway, and finds it back"
    assert cache.get("page") == "old"


@pytest.fixture
def shared_cache_down(settings):
    """The site's shared cache on a Redis that is not there."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "advocacy.shared_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_timeout": 0.2, "socket_connect_timeout": 0.2},
        },
    }
    caches["local"].clear()


def test_it_counts_rate_limits_in_process_memory_while_redis_is_down(
    settings, abuse_checks, shared_cache_down
):
    settings.RATELIMITS = {**settings.RATELIMITS, "letter": (2, 100, 3600)}
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.5")

    answers = []
    for _ in range(3):
        answers.append(ratelimit.refused_for(request, "letter"))
        ratelimit.count(request, "letter")

    assert answers[:2] == [0, 0] and answers[2] > 0
    assert ratelimit.counters() is caches["local"]


def test_it_spends_a_review_stamp_in_memory_when_redis_fails_during_the_call(shared_cache_down):
    letter, visitor = "1:jane@example.com", "v" * 32
    stamp = review_stamp(letter=letter, visitor=visitor)

    assert spend_review_stamp(stamp, letter=letter, visitor=visitor), "not taken for a replay"
    assert not spend_review_stamp(stamp, letter=letter, visitor=visitor), "still single-use"


@pytest.fixture
def broker_down():
    """This process publishes to a broker that is not there (the test settings run tasks
    in-process unless told otherwise)."""
    saved = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    use_broker(f"redis://127.0.0.1:{free_port()}/0")
    yield
    use_broker(saved[1])
    celery_app.conf.task_always_eager = saved[0]


@pytest.mark.django_db
def test_it_stores_the_letter_and_leaves_it_to_the_sweeper_when_the_queue_is_down(
    client, campaign, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("letters:send", args=[campaign.slug]), letter_data())

    assert response.status_code == 302
    # Stored; the worker's pass (the sweeper's, with the queue down) creates its
    # deliveries, every one queued.
    letter = created_deliveries(Letter.objects.get())
    assert set(letter.deliveries.values_list("state", flat=True)) == {Delivery.State.QUEUED}
    assert not redis_available()


@pytest.mark.django_db
def test_it_wakes_a_worker_for_the_first_letter_after_the_queue_returns(
    client, campaign, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("letters:send", args=[campaign.slug]), letter_data())
    stored = Letter.objects.get()
    # Stored and accepted; nothing goes out while the queue is down.
    assert stored.state == Letter.State.ACCEPTED
    assert not stored.deliveries.exclude(state=Delivery.State.QUEUED).exists()
    # The queue is back (tasks run in this process) and this process asks Redis again.
    celery_app.conf.task_always_eager = True
    caches["default"].delete(KICK_KEY)  # what KICK_SECONDS does
    redis_recovered()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("letters:send", args=[campaign.slug]), letter_data(email="a@b.ca"))

    sent = Letter.objects.of_address("a@b.ca").get()
    assert set(sent.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}
    waiting = Letter.objects.of_address("jane@example.com").get()
    assert set(waiting.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}


@pytest.mark.django_db
def test_it_sends_a_confirmation_from_the_request_when_the_queue_is_down(
    client, campaign, broker_down, django_capture_on_commit_callbacks
):
    campaign.require_confirmation = True
    campaign.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("letters:send", args=[campaign.slug]), letter_data())

    assert response.status_code == 302
    assert Letter.objects.get().state == Letter.State.UNCONFIRMED
    assert [m.to for m in mail.outbox] == [["jane@example.com"]]


@pytest.mark.django_db
def test_it_says_degraded_not_down_while_redis_is_unavailable(client, settings, private_redis):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "advocacy.shared_cache.RedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": {"socket_timeout": 0.2, "socket_connect_timeout": 0.2},
        },
    }
    assert client.get("/healthz").content == b"ok"

    private_redis.pause()
    paused = client.get("/healthz")
    private_redis.kill()
    killed = client.get("/healthz")

    for response in (paused, killed):
        assert response.status_code == 200
        assert response.content.startswith(b"degraded: Redis unavailable")
        assert response["Cache-Control"].startswith("max-age=0")
