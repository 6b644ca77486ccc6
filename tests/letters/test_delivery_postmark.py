"""Sending through anymail's Postmark backend to a fake Postmark API on loopback.

The fake answers in Postmark's documented JSON: success with a MessageID,
ErrorCode 406 (inactive recipient), partial inactivity, and a server error.
"""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.utils import timezone

from letters import delivery
from letters.models import Delivery
from tests.conftest import make_letter, unwrite_organization

pytestmark = pytest.mark.django_db

GOODALE = "ralph.goodale@parl.gc.ca"
MCCALLUM = "john.mccallum@parl.gc.ca"
CAMPAIGN_CC = "campaign@example.org"
MESSAGE_ID = "0a129aee-e1cd-480d-b08d-4f48548ff48d"
OK = (
    200,
    {
        "To": f"Ralph Goodale <{GOODALE}>, John McCallum <{MCCALLUM}>",
        "SubmittedAt": "2014-02-17T07:25:01.4178645-05:00",
        "MessageID": MESSAGE_ID,
        "ErrorCode": 0,
        "Message": "OK",
    },
)
INACTIVE = (
    422,
    {
        "ErrorCode": 406,
        "Message": "You tried to send to recipient(s) that have been marked as inactive.\n"
        f"Found inactive addresses: {GOODALE}, {MCCALLUM}, {CAMPAIGN_CC}.\n"
        "Inactive recipients are ones that have generated a hard bounce or a spam complaint.",
    },
)
PARTLY_INACTIVE = (
    200,
    {
        "To": f"Ralph Goodale <{GOODALE}>, John McCallum <{MCCALLUM}>",
        "SubmittedAt": "2014-02-17T07:25:01.4178645-05:00",
        "MessageID": MESSAGE_ID,
        "ErrorCode": 0,
        "Message": f"Message OK, but will not deliver to these inactive addresses: {MCCALLUM}. "
        "Inactive recipients are ones that have generated a hard bounce or a spam complaint.",
    },
)
INVALID_ADDRESS = (
    422,
    {"ErrorCode": 300, "Message": f"Invalid 'To' address: '{MCCALLUM}'."},
)
SERVER_ERROR = (500, {"ErrorCode": 500, "Message": "Internal server error."})


class FakePostmark(BaseHTTPRequestHandler):
    answer = OK
    requests: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).requests.append((self.path, dict(self.headers), json.loads(body)))
        status, data = type(self).answer
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def postmark(settings):
    FakePostmark.answer, FakePostmark.requests = OK, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePostmark)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {
        **settings.ANYMAIL,
        "POSTMARK_SERVER_TOKEN": "server-token",
        "POSTMARK_API_URL": f"http://127.0.0.1:{server.server_port}/",
    }
    cache.clear()
    unwrite_organization()
    yield FakePostmark
    server.shutdown()
    server.server_close()


def states(letter) -> dict[str, tuple[str, str]]:
    return {d.address: (d.state, d.last_error) for d in letter.deliveries.all()}


def test_it_hands_the_letter_to_postmark_and_records_its_message_id(campaign, postmark):
    letter = make_letter(campaign)

    assert delivery.send_letter(letter.id) == 3

    ((path, headers, body),) = postmark.requests
    assert path == "/email"
    assert headers["X-Postmark-Server-Token"] == "server-token"
    assert body["From"] == "Jane Doe via ICLMG <letters@iclmg.example>"
    assert body["To"] == f"John McCallum <{MCCALLUM}>, Ralph Goodale <{GOODALE}>"
    assert body["Cc"] == CAMPAIGN_CC
    assert body["ReplyTo"] == "jane@example.com"
    assert set(letter.deliveries.values_list("state", "provider_message_id")) == {
        (Delivery.State.SENT, MESSAGE_ID)
    }


def test_it_stops_for_good_when_postmark_says_every_recipient_is_inactive(campaign, postmark):
    postmark.answer = INACTIVE
    letter = make_letter(campaign)

    assert delivery.send_letter(letter.id) == 0

    for state, error in states(letter).values():
        assert state == Delivery.State.FAILED
        assert error.startswith("The provider rejected this recipient")


def test_it_fails_only_the_inactive_recipient_and_sends_the_rest(campaign, postmark):
    postmark.answer = PARTLY_INACTIVE
    letter = make_letter(campaign)

    assert delivery.send_letter(letter.id) == 2

    result = states(letter)
    assert result[MCCALLUM][0] == Delivery.State.FAILED
    assert result[MCCALLUM][1].startswith("The provider rejected this recipient (inactive")
    assert result[GOODALE][0] == result[CAMPAIGN_CC][0] == Delivery.State.SENT


def test_it_retries_later_when_postmark_fails(campaign, postmark):
    postmark.answer = SERVER_ERROR
    letter = make_letter(campaign)
    now = timezone.now()

    assert delivery.send_letter(letter.id, now=now) == 0

    for state, error in states(letter).values():
        assert state == Delivery.State.QUEUED
        assert "500" in error
    postmark.answer = OK
    assert delivery.send_due(now=now + timedelta(minutes=5)) == 3
    assert len(postmark.requests) == 2


def test_it_fails_an_invalid_address_and_sends_the_others_without_it(campaign, postmark):
    postmark.answer = INVALID_ADDRESS
    letter = make_letter(campaign)
    now = timezone.now()

    assert delivery.send_letter(letter.id, now=now) == 0

    result = states(letter)
    assert result[MCCALLUM] == (Delivery.State.FAILED, "The provider found this address invalid.")
    assert result[GOODALE][0] == result[CAMPAIGN_CC][0] == Delivery.State.QUEUED
    postmark.answer = OK
    assert delivery.send_due(now=now + timedelta(minutes=5)) == 2
    assert postmark.requests[-1][2]["To"] == f"Ralph Goodale <{GOODALE}>"
