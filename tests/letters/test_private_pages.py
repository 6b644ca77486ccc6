"""A supporter's own pages are never stored by a browser or a shared cache."""

import pytest
from django.urls import reverse
from django.utils import timezone

from digest import emails as digest_emails
from digest.models import Subscriber
from letters import signed_links
from letters.models import Letter
from tests.conftest import make_letter

pytestmark = pytest.mark.django_db


def path(url: str) -> str:
    return url.removeprefix("http://testserver")


def test_it_sends_no_store_on_every_page_of_a_letter_and_its_links(client, campaign):
    letter = make_letter(campaign)
    unconfirmed = make_letter(campaign, email="later@example.com")
    Letter.objects.filter(pk=unconfirmed.pk).update(state=Letter.State.UNCONFIRMED)
    subscriber = Subscriber.objects.create(
        email="reader@example.com", consent_text="Yes", consented_at=timezone.now()
    )
    pages = [
        reverse("letters:thanks", args=[letter.public_id]),
        reverse("letters:status", args=[letter.public_id]),
        reverse("letters:print", args=[letter.public_id]),
        path(signed_links.confirm_url(unconfirmed)),
        path(signed_links.erase_url(letter)),
        path(signed_links.unsubscribe_url(letter)),
        path(digest_emails.confirm_url(subscriber)),
        path(digest_emails.unsubscribe_url(subscriber)),
    ]

    for url in pages:
        response = client.get(url)

        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
