"""Events are stored in the outbox in the transaction of the change they report."""

import pytest
from django.db import transaction

from campaigns.models import CoSigner
from campaigns.services import decide_cosigners
from digest.models import Subscriber
from digest.services import confirm_subscription
from letters import delivery, services
from letters.models import Letter
from tests.conftest import make_letter
from tests.webhooks.conftest import make_endpoint
from webhooks.models import Endpoint, OutboxEvent

pytestmark = pytest.mark.django_db
URL = "https://crm.example.org/hooks"


def _events(kind: str) -> list[OutboxEvent]:
    return list(OutboxEvent.objects.filter(event=kind).order_by("id"))


def test_it_stores_a_letter_accepted_event_with_the_letter(campaign):
    endpoint = make_endpoint(URL, Endpoint.Event.LETTER_ACCEPTED)

    letter = make_letter(campaign)

    [event] = _events(Endpoint.Event.LETTER_ACCEPTED)
    assert event.endpoint == endpoint and event.state == OutboxEvent.State.PENDING
    data = event.payload["data"]["outreach"]
    assert data["identifier"] == f"advocacy:{letter.public_id}"
    assert data["advocacy_campaign"]["title"] == "Stop the deportation"
    assert data["_links"]["self"]["href"].endswith(f"/api/v1/outreaches/{letter.public_id}/")
    assert event.payload["type"] == "letter.accepted"
    assert event.payload["id"] == str(event.event_id)
    # No personal data in it.
    assert "jane" not in str(event.payload).lower() and "K1A" not in str(event.payload)


def test_it_stores_nothing_when_the_change_is_rolled_back(campaign):
    make_endpoint(URL)

    with pytest.raises(RuntimeError), transaction.atomic():
        make_letter(campaign)
        raise RuntimeError

    assert not Letter.objects.exists() and not OutboxEvent.objects.exists()


def test_it_stores_an_event_only_for_endpoints_that_want_it_and_are_active(campaign):
    wants = make_endpoint(URL, Endpoint.Event.LETTER_ACCEPTED, name="wants")
    make_endpoint(URL, Endpoint.Event.COSIGNER_APPROVED, name="other events")
    make_endpoint(URL, Endpoint.Event.LETTER_ACCEPTED, name="inactive", is_active=False)

    make_letter(campaign)

    assert [e.endpoint for e in OutboxEvent.objects.all()] == [wants]


def test_it_gives_every_endpoint_the_same_event_id(campaign):
    make_endpoint(URL, name="one")
    make_endpoint(URL, name="two")

    make_letter(campaign)

    events = _events(Endpoint.Event.LETTER_ACCEPTED)
    assert len(events) == 2 and events[0].event_id == events[1].event_id


def test_it_reports_a_letter_accepted_after_confirmation_not_before(campaign):
    make_endpoint(URL, Endpoint.Event.LETTER_ACCEPTED)
    campaign.require_confirmation = True
    campaign.save()

    letter = make_letter(campaign)
    assert not OutboxEvent.objects.exists()
    services.confirm_letter(letter)

    assert len(_events(Endpoint.Event.LETTER_ACCEPTED)) == 1


def test_it_reports_deliveries_changing_state_without_the_supporters_address(campaign, mailoutbox):
    make_endpoint(URL, Endpoint.Event.DELIVERY_CHANGED)
    letter = make_letter(campaign, send_copy=True)

    delivery.send_due()

    events = _events(Endpoint.Event.DELIVERY_CHANGED)
    assert {e.payload["data"]["delivery_state"] for e in events} == {"sent"}
    recipients = [r for e in events for r in e.payload["data"]["recipients"]]
    assert {r["kind"] for r in recipients} == {"to", "cc", "copy"}
    assert {"kind": "copy"} in recipients
    assert "jane@example.com" not in str([e.payload for e in events])
    assert events[0].payload["data"]["outreach"]["identifier"] == f"advocacy:{letter.public_id}"


def test_it_reports_a_provider_saying_a_letter_was_delivered(campaign, mailoutbox):
    make_endpoint(URL, Endpoint.Event.DELIVERY_CHANGED)
    letter = make_letter(campaign)
    delivery.send_due()
    target = letter.deliveries.get(target__email="ralph.goodale@parl.gc.ca")
    OutboxEvent.objects.all().delete()

    delivery.record_delivery_event(
        message_id=target.provider_message_id,
        recipient="ralph.goodale@parl.gc.ca",
        event_type="delivered",
    )

    [event] = _events(Endpoint.Event.DELIVERY_CHANGED)
    assert event.payload["data"]["delivery_state"] == "delivered"
    assert event.payload["data"]["recipients"] == [
        {"kind": "to", "title": "Minister of Public Safety", "name": "Ralph Goodale"}
    ]


def test_it_reports_a_confirmed_subscriber_without_their_email(db):
    from django.utils import timezone

    make_endpoint(URL, Endpoint.Event.SUBSCRIBER_CONFIRMED)
    subscriber = Subscriber.objects.create(
        email="reader@example.com", consent_text="Yes", consented_at=timezone.now()
    )

    confirm_subscription(subscriber)
    confirm_subscription(subscriber)  # a second click changes nothing

    [event] = _events(Endpoint.Event.SUBSCRIBER_CONFIRMED)
    assert (
        event.payload["data"]["subscriber"]["identifier"] == f"advocacy:subscriber-{subscriber.pk}"
    )
    assert "reader@example.com" not in str(event.payload)


def test_it_reports_each_approved_cosigner(statement):
    make_endpoint(URL, Endpoint.Event.COSIGNER_APPROVED)
    CoSigner.objects.create(campaign=statement, name="Amnesty", url="https://amnesty.example")
    CoSigner.objects.create(campaign=statement, name="BCCLA")

    decide_cosigners(CoSigner.objects.all(), approve=True)
    decide_cosigners(CoSigner.objects.all(), approve=True)  # already approved: no new event

    events = _events(Endpoint.Event.COSIGNER_APPROVED)
    assert sorted(e.payload["data"]["cosigner"]["organization"] for e in events) == [
        "Amnesty",
        "BCCLA",
    ]


def test_it_stores_the_letter_even_when_the_event_cannot_be_stored(campaign, monkeypatch):
    from webhooks import signals

    make_endpoint(URL, Endpoint.Event.LETTER_ACCEPTED)

    def broken(letter):
        raise ValueError("a bug in building the payload")

    monkeypatch.setattr(signals, "_outreach", broken)

    letter = make_letter(campaign)

    assert Letter.objects.get() == letter and letter.state == Letter.State.ACCEPTED
    assert letter.deliveries.count() == 3
    assert not OutboxEvent.objects.exists()


def test_it_costs_a_letter_no_query_when_no_endpoint_listens(campaign):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import letter_data

    template = campaign.letter_templates.first()
    services.submit_letter(campaign, template=template, **letter_data(email="warm@example.com"))
    data = letter_data(email="second@example.com", postal_code="K1A 0A6")

    # The endpoints' list comes from the cache: nothing of webhooks reaches the database.
    with CaptureQueriesContext(connection) as queries:
        services.submit_letter(campaign, template=template, **data)

    assert queries.captured_queries
    assert not [q["sql"] for q in queries.captured_queries if "webhooks_" in q["sql"]]
