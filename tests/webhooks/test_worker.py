"""Webhooks with the real parts: a Celery worker process on Redis and PostgreSQL posts
events to an HTTP server on loopback, while supporters' letters go through the web."""

import json
import time

import pytest
from django.urls import reverse

from letters import tasks as letters_tasks
from tests.conftest import letter_data
from tests.letters.test_delivery_worker import wait_until
from tests.webhooks.conftest import make_endpoint
from tests.webhooks.receiver import Receiver
from webhooks import services, tasks
from webhooks.models import Endpoint, OutboxEvent

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_it_has_a_worker_post_events_while_a_slow_receiver_never_delays_a_letter(
    client,
    campaign,
    broker,
    sink,
    workers,
):
    with Receiver(answers=[200], delay=2.0) as slow:
        endpoint = make_endpoint(slow.url, Endpoint.Event.LETTER_ACCEPTED)
        workers(broker_url=broker, smtp_port=sink.port)

        started = time.monotonic()
        response = client.post(reverse("letters:send", args=[campaign.slug]), letter_data())
        took = time.monotonic() - started

        assert response.status_code == 302
        assert took < 1.5, f"the letter waited {took:.1f} s"
        wait_until(lambda: len(slow.received) == 1, timeout=60, what="the event")
        wait_until(
            lambda: OutboxEvent.objects.filter(state="delivered").exists(),
            timeout=30,
            what="the event marked delivered",
        )

    post = slow.received[0]
    headers = post["headers"]
    expected = services.signature(endpoint.secret, headers["X-Advocacy-Timestamp"], post["body"])
    assert headers["X-Advocacy-Signature"] == expected
    assert json.loads(post["body"])["type"] == "letter.accepted"


def test_it_loses_no_event_to_a_stopped_worker(client, campaign, broker, sink, workers):
    with Receiver() as receiver:
        make_endpoint(receiver.url, Endpoint.Event.LETTER_ACCEPTED)
        first = workers(broker_url=broker, smtp_port=sink.port)
        first.kill()  # stopped: the task published after the letter's commit is never run

        response = client.post(reverse("letters:send", args=[campaign.slug]), letter_data())
        assert response.status_code == 302
        assert receiver.received == []
        # The letter's event is stored with its deliveries, by the delivery worker.
        assert not OutboxEvent.objects.exists()

        workers(broker_url=broker, smtp_port=sink.port)
        wait_until(
            lambda: len(receiver.received) >= 1,
            timeout=60,
            what="the event",
            beat=lambda: (letters_tasks.sweep.delay(), tasks.sweep.delay()),
        )

    assert len({json.loads(p["body"])["id"] for p in receiver.received}) == 1
