"""Issue 21: the letter id sat readable inside the unsubscribe and erase tokens, and
reached the targets in a header. Links now carry a random key, signed per purpose."""

import base64
import contextlib
import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from letters import delivery
from letters.models import Delivery, Letter
from letters.signed_links import LEGACY_SALTS, letter_from_token, make_token
from tests.conftest import make_letter

pytestmark = pytest.mark.django_db

PURPOSES = ["confirm", "unsubscribe", "erase"]


def readable_parts(token: str) -> list[bytes]:
    """Whatever a reader could decode from a token: each part, as base64 or as is."""
    parts = []
    for part in re.split(r"[:.]", token):
        parts.append(part.encode())
        with contextlib.suppress(ValueError):
            parts.append(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return parts


def names_the_letter(data: bytes, letter: Letter) -> bool:
    ids = [str(letter.public_id), letter.public_id.hex, letter.public_id.bytes]
    return any((i.encode() if isinstance(i, str) else i) in data for i in ids)


@pytest.mark.parametrize("purpose", PURPOSES)
def test_it_keeps_the_letter_id_out_of_the_unsubscribe_erase_and_confirm_tokens(campaign, purpose):
    letter = make_letter(campaign)

    token = make_token(letter, purpose)

    assert not any(names_the_letter(part, letter) for part in readable_parts(token))
    assert token.split(":")[0] == letter.link_key  # random, and nothing else
    assert letter_from_token(token, purpose) == letter


def test_it_refuses_an_unsubscribe_token_as_an_erase_token(client, campaign):
    letter = make_letter(campaign)

    token = make_token(letter, "unsubscribe")

    assert letter_from_token(token, "erase") is None
    response = client.post(reverse("privacy:erase", args=[token]))
    assert response.status_code == 404
    letter.refresh_from_db()
    assert letter.email == "jane@example.com"


def test_it_still_opens_links_in_emails_sent_before_link_keys(client, campaign, settings):
    """README: old links keep working while LEGACY_LINK_TOKENS is on (the default)."""
    letter = make_letter(campaign)
    old = signing.dumps(str(letter.public_id), salt=LEGACY_SALTS["unsubscribe"])

    page = client.get(reverse("privacy:unsubscribe", args=[old]))

    assert page.status_code == 200
    settings.LEGACY_LINK_TOKENS = False
    assert client.get(reverse("privacy:unsubscribe", args=[old])).status_code == 404


def test_it_gives_a_letter_stored_before_link_keys_its_key_with_its_first_link(campaign):
    letter = make_letter(campaign)
    Letter.objects.filter(pk=letter.pk).update(link_key=None)
    letter.refresh_from_db()

    token = make_token(letter, "erase")

    letter.refresh_from_db()
    assert letter.link_key and token.startswith(letter.link_key + ":")
    assert make_token(letter, "erase") == token
    assert letter_from_token(token, "erase") == letter


def test_it_sends_the_targets_no_letter_id_in_any_header(campaign):
    letter = make_letter(campaign, send_copy=True)
    Delivery.objects.update(state=Delivery.State.QUEUED)

    delivery.send_letter(letter.id)

    for message in mail.outbox:
        headers = message.message().as_bytes().split(b"\n\n", 1)[0]
        assert not names_the_letter(headers, letter)
        assert message.extra_headers["X-Letter-Ref"] == letter.mail_ref
        assert message.metadata == {"letter": letter.mail_ref}
    assert len(mail.outbox) == 2  # the targets' message and Jane's copy
