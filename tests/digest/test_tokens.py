"""The digest's links name no one: a random key, signed with the time for one purpose
(issue 21's tokens; its address used to be readable inside, compressed)."""

import base64
import contextlib
import re
import zlib
from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from digest.models import Subscriber
from digest.tokens import CONFIRM_MAX_AGE, CONFIRM_SALT, UNSUBSCRIBE_SALT, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber():
    return Subscriber.objects.create(
        email="jane@example.com", consent_text="Yes.", consented_at=timezone.now()
    )


def readable(token: str) -> bytes:
    """Everything a reader could decode from a token's parts: as they are, as base64,
    and as zlib inside base64 (how signing.dumps compresses)."""
    found = []
    for part in re.split(r"[:.]", token):
        found.append(part.encode())
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except ValueError:
            continue
        found.append(raw)
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompress(raw))
    return b"\n".join(found)


@pytest.mark.parametrize("salt", [CONFIRM_SALT, UNSUBSCRIBE_SALT])
def test_it_keeps_the_subscribers_address_and_id_out_of_the_digest_links(subscriber, salt):
    token = make_token(subscriber, salt=salt)

    assert b"jane@example.com" not in readable(token)
    assert token.split(":")[0] == subscriber.link_key
    old = signing.dumps([subscriber.pk, subscriber.email], salt=salt, compress=True)
    assert b"jane@example.com" in readable(old)  # what links carried before


def test_it_unsubscribes_by_the_new_link_and_not_by_the_other_purposes(client, subscriber):
    confirm = make_token(subscriber, salt=CONFIRM_SALT)

    refused = client.post(reverse("digest:unsubscribe", args=[confirm]))
    done = client.post(
        reverse("digest:unsubscribe", args=[make_token(subscriber, salt=UNSUBSCRIBE_SALT)])
    )

    assert refused.status_code == 400
    assert done.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_it_still_opens_digest_links_sent_before_link_keys(client, subscriber, settings):
    old = signing.dumps([subscriber.pk, subscriber.email], salt=UNSUBSCRIBE_SALT, compress=True)

    assert client.get(reverse("digest:unsubscribe", args=[old])).status_code == 200
    settings.LEGACY_LINK_TOKENS = False
    assert client.get(reverse("digest:unsubscribe", args=[old])).status_code == 400


def test_it_lets_a_confirmation_link_expire_after_two_weeks(client, subscriber):
    token = make_token(subscriber, salt=CONFIRM_SALT)
    later = timezone.now() + timedelta(seconds=CONFIRM_MAX_AGE + 60)

    with time_machine.travel(later, tick=False):
        response = client.get(reverse("digest:confirm", args=[token]))

    assert response.status_code == 400
