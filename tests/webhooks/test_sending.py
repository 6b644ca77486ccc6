"""Events posted to a real HTTP server on loopback: signed, retried with backoff for
48 hours, marked failed after, never lost by a stopped worker, resendable."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_letter
from tests.processes import free_port
from tests.webhooks.conftest import make_endpoint
from tests.webhooks.receiver import Receiver
from webhooks import services, tasks
from webhooks.models import Endpoint, OutboxEvent

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_verify():
    """The receiver's recipe, exactly as README gives it."""
    text = README.read_text()
    section = text[text.index("### Webhooks") :]
    code = re.search(r"```python\n(.*?)```", section, re.S)[1]
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - our own README's recipe
    return namespace["verify"]


def test_it_posts_a_signed_event_the_readme_recipe_verifies(campaign, receiver):
    endpoint = make_endpoint(receiver.url, Endpoint.Event.LETTER_ACCEPTED)
    letter = make_letter(campaign)

    assert tasks.sweep() == 1

    [post] = receiver.received
    headers, body = post["headers"], post["body"]
    verify = readme_verify()
    assert verify(
        endpoint.secret, body, headers["X-Advocacy-Timestamp"], headers["X-Advocacy-Signature"]
    )
    # Another secret, another body or an old timestamp: refused.
    assert not verify(
        "wrong", body, headers["X-Advocacy-Timestamp"], headers["X-Advocacy-Signature"]
    )
    assert not verify(
        endpoint.secret,
        body + b" ",
        headers["X-Advocacy-Timestamp"],
        headers["X-Advocacy-Signature"],
    )
    old = str(int(headers["X-Advocacy-Timestamp"]) - 600)
    assert not verify(endpoint.secret, body, old, services.signature(endpoint.secret, old, body))
    assert headers["X-Advocacy-Event"] == "letter.accepted"
    assert post["path"] == "/hooks/advocacy"
    payload = json.loads(body)
    assert payload["data"]["outreach"]["identifier"] == f"advocacy:{letter.public_id}"
    assert headers["X-Advocacy-Event-Id"] == payload["id"]
    event = OutboxEvent.objects.get()
    assert event.state == OutboxEvent.State.DELIVERED and event.last_status == 200
    assert event.last_response == "answer 200" and event.delivered_at is not None


def test_it_retries_a_failing_receiver_until_it_answers_then_never_again(campaign, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    with Receiver(answers=[500, 500, 200]) as receiver:
        make_endpoint(receiver.url, Endpoint.Event.LETTER_ACCEPTED)
        make_letter(campaign)

        assert tasks.sweep() == 0  # 500: due again in a minute
        event = OutboxEvent.objects.get()
        assert event.state == "pending" and event.last_status == 500
        assert event.next_attempt_at == start + timedelta(minutes=1)
        assert tasks.sweep() == 0  # not due yet: nothing sent
        time_machine.move_to(start + timedelta(minutes=1), tick=False)
        assert tasks.sweep() == 0  # 500 again: due two minutes later
        time_machine.move_to(start + timedelta(minutes=3), tick=False)
        assert tasks.sweep() == 1  # 200
        for hours in (1, 24, 60):
            time_machine.move_to(start + timedelta(hours=hours), tick=False)
            assert tasks.sweep() == 0

    assert [json.loads(p["body"])["id"] for p in receiver.received] == [str(event.event_id)] * 3
    event.refresh_from_db()
    assert event.state == OutboxEvent.State.DELIVERED and event.attempts == 3


def test_it_marks_a_dead_receiver_failed_after_the_retry_window(campaign, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    dead = f"http://127.0.0.1:{free_port()}/hooks"  # nothing listens there
    make_endpoint(dead, Endpoint.Event.LETTER_ACCEPTED)
    make_letter(campaign)
    event = OutboxEvent.objects.get()

    tries = []
    while event.state == OutboxEvent.State.PENDING:
        time_machine.move_to(event.next_attempt_at, tick=False)
        tasks.sweep()
        event.refresh_from_db()
        tries.append(timezone.now() - start)

    assert event.state == OutboxEvent.State.FAILED
    assert event.last_status is None and "refused" in event.last_response.lower()
    # Retried, further and further apart, for 48 hours; not a moment more.
    assert tries[1] - tries[0] == timedelta(minutes=1)
    assert tries[-2] < timedelta(hours=48) <= tries[-1] + timedelta(hours=6)
    assert event.attempts == len(tries)
    time_machine.move_to(start + timedelta(days=5), tick=False)
    assert tasks.sweep() == 0 and OutboxEvent.objects.get().attempts == event.attempts


def test_it_keeps_the_last_answer_of_a_receiver_that_always_fails(campaign, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    with Receiver(answers=[503]) as receiver:
        make_endpoint(receiver.url, Endpoint.Event.LETTER_ACCEPTED)
        make_letter(campaign)
        for hours in range(0, 60, 3):
            time_machine.move_to(start + timedelta(hours=hours), tick=False)
            tasks.sweep()

    event = OutboxEvent.objects.get()
    assert event.state == OutboxEvent.State.FAILED
    assert event.last_status == 503 and event.last_response == "answer 503"


def test_it_loses_no_event_while_no_worker_runs(
    campaign, receiver, django_capture_on_commit_callbacks
):
    """The task queued after the commit never runs (the worker is stopped): the event
    waits in the outbox, due, and the sweeper posts it."""
    make_endpoint(receiver.url, Endpoint.Event.LETTER_ACCEPTED)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        make_letter(campaign)

    assert services.kick in queued  # what would have woken a worker
    assert receiver.received == []
    assert OutboxEvent.objects.due().count() == 1

    assert tasks.sweep() == 1
    assert len(receiver.received) == 1
    assert not OutboxEvent.objects.due().exists()


def test_it_takes_back_an_event_whose_worker_died_while_posting(campaign, receiver, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    make_endpoint(receiver.url, Endpoint.Event.LETTER_ACCEPTED)
    make_letter(campaign)
    [claimed] = services.claim_due()  # a worker claims it, then dies before posting

    assert tasks.sweep() == 0  # its lease holds: nobody posts it twice meanwhile
    time_machine.move_to(claimed.next_attempt_at, tick=False)
    assert tasks.sweep() == 1
    assert len(receiver.received) == 1


def test_it_posts_after_the_commit_never_inside_the_supporters_request(
    client, campaign, django_capture_on_commit_callbacks
):
    from letters import services as letters_services
    from tests.conftest import letter_data

    with Receiver(answers=[200], delay=3) as slow:
        make_endpoint(slow.url, Endpoint.Event.LETTER_ACCEPTED)
        response = client.post(reverse("letters:send", args=[campaign.slug]), letter_data())
        assert response.status_code == 302
        assert not OutboxEvent.objects.exists()  # the request stores the letter alone

        # The delivery worker accepts it: the event is stored in that transaction.
        with django_capture_on_commit_callbacks(execute=False) as queued:
            letters_services.create_awaited_deliveries()

        assert OutboxEvent.objects.count() == 1
        assert slow.received == []  # stored, not posted
        assert services.kick in queued


def test_it_lets_staff_with_the_permission_send_failed_events_again(
    client, campaign, receiver, organizer, time_machine
):
    from django.contrib.auth.models import Permission

    make_endpoint(receiver.url, Endpoint.Event.LETTER_ACCEPTED)
    make_letter(campaign)
    OutboxEvent.objects.update(state=OutboxEvent.State.FAILED, attempts=15, last_status=500)
    event = OutboxEvent.objects.get()
    changelist = reverse("admin:webhooks_outboxevent_changelist")
    post = {"action": "resend", "_selected_action": [event.pk]}
    client.force_login(organizer)
    organizer.user_permissions.add(Permission.objects.get(codename="view_outboxevent"))

    refused = client.post(changelist, post)
    assert refused.status_code == 403
    assert OutboxEvent.objects.get().state == OutboxEvent.State.FAILED

    organizer.user_permissions.add(Permission.objects.get(codename="resend_outboxevent"))
    client.post(changelist, post)

    event.refresh_from_db()
    assert event.state == OutboxEvent.State.PENDING and event.attempts == 0
    assert event.retry_until > timezone.now() + timedelta(hours=47)
    assert tasks.sweep() == 1 and len(receiver.received) == 1


@pytest.mark.parametrize(
    "url",
    ["http://crm.example.org/hooks", "ftp://crm.example.org/", "http://10.0.0.5/hooks"],
)
def test_it_refuses_an_endpoint_that_is_not_https(url, settings):
    from django.core.exceptions import ValidationError

    settings.WEBHOOK_ALLOW_LOOPBACK_HTTP = False
    endpoint = Endpoint(name="x", url=url, events=["letter.accepted"])

    with pytest.raises(ValidationError) as refused:
        endpoint.full_clean()

    assert "Enter an https:// address" in str(refused.value)


def test_it_accepts_loopback_http_only_in_development(settings):
    from django.core.exceptions import ValidationError

    endpoint = Endpoint(name="x", url="http://127.0.0.1:8001/hooks", events=["letter.accepted"])
    settings.WEBHOOK_ALLOW_LOOPBACK_HTTP = True
    endpoint.full_clean()
    settings.WEBHOOK_ALLOW_LOOPBACK_HTTP = False
    with pytest.raises(ValidationError):
        endpoint.full_clean()
