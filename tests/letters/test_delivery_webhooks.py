"""Postmark's tracking webhook, as anymail receives it, changing a delivery's state.

The payloads in tests/fixtures/postmark/ are Postmark's documented examples; each
test fills in the message id and recipient of one of our deliveries.
"""

import base64
import json
from pathlib import Path

import pytest
from django.urls import reverse

from letters import delivery
from letters.models import Delivery
from tests.conftest import make_letter

pytestmark = pytest.mark.django_db

PAYLOADS = Path(__file__).resolve().parent.parent / "fixtures" / "postmark"
GOODALE = "ralph.goodale@parl.gc.ca"
MESSAGE_ID = "883953f4-6105-42a2-a16a-77a8eac79483"


def payload(name: str, *, recipient: str = GOODALE, message_id: str = MESSAGE_ID) -> str:
    data = json.loads((PAYLOADS / f"{name}.json").read_text())
    data["MessageID"] = message_id
    data["Recipient" if "Recipient" in data else "Email"] = recipient
    return json.dumps(data)


def auth(secret: str = "hook:test-secret") -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def post(client, body: str, **headers):
    url = reverse("anymail:postmark_tracking_webhook")
    return client.post(url, body, content_type="application/json", **headers)


@pytest.fixture
def sent_letter(campaign, mailoutbox):
    """A letter handed to Postmark, which gave the message MESSAGE_ID."""
    letter = make_letter(campaign)
    delivery.send_letter(letter.id)
    letter.deliveries.update(provider_message_id=MESSAGE_ID)
    return letter


def state_of(letter, address: str = GOODALE) -> str:
    return next(d for d in letter.deliveries.all() if d.address == address).state


def test_it_marks_a_delivery_delivered(client, sent_letter):
    response = post(client, payload("delivery"), **auth())

    assert response.status_code == 200
    assert state_of(sent_letter) == Delivery.State.DELIVERED
    assert state_of(sent_letter, "john.mccallum@parl.gc.ca") == Delivery.State.SENT


def test_it_marks_a_bounce_and_flags_the_target_for_staff(client, sent_letter, minister_goodale):
    response = post(client, payload("bounce"), **auth())

    assert response.status_code == 200
    assert state_of(sent_letter) == Delivery.State.BOUNCED
    minister_goodale.refresh_from_db()
    assert minister_goodale.bounced_at.isoformat().startswith("2019-11-05T16:33:54")
    assert minister_goodale.bounce_reason.startswith("The server was unable to deliver")


def test_it_marks_a_spam_complaint(client, sent_letter):
    response = post(client, payload("spam_complaint"), **auth())

    assert response.status_code == 200
    assert state_of(sent_letter) == Delivery.State.COMPLAINED


def test_it_answers_a_repeated_event_without_changing_anything_more(client, sent_letter):
    post(client, payload("bounce"), **auth())
    before = list(Delivery.objects.values_list("id", "state", "updated_at"))

    assert post(client, payload("bounce"), **auth()).status_code == 200
    assert post(client, payload("delivery"), **auth()).status_code == 200

    assert list(Delivery.objects.values_list("id", "state", "updated_at")) == before
    assert state_of(sent_letter) == Delivery.State.BOUNCED


def test_it_ignores_an_event_about_a_message_it_never_sent(client, sent_letter):
    response = post(client, payload("bounce", message_id="not-ours"), **auth())

    assert response.status_code == 200
    assert set(sent_letter.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}


@pytest.mark.parametrize("headers", [{}, auth("hook:wrong-secret"), auth("intruder:test-secret")])
def test_it_refuses_a_post_without_the_secret(client, sent_letter, minister_goodale, headers):
    response = post(client, payload("bounce"), **headers)

    assert response.status_code == 400
    assert state_of(sent_letter) == Delivery.State.SENT
    minister_goodale.refresh_from_db()
    assert minister_goodale.bounced_at is None
