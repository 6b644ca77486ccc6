"""The honeypot and the minimum fill time on the letter form."""

import re

import pytest
from django.urls import reverse

from advocacy.forms import antibot_token
from letters.models import Letter
from tests.conftest import letter_data, signed_start

pytestmark = pytest.mark.django_db


def send(client, campaign, **overrides):
    return client.post(reverse("letters:send", args=[campaign.slug]), letter_data(**overrides))


def test_it_sends_a_letter_from_someone_who_took_their_time(client, campaign, abuse_checks):
    assert send(client, campaign, started=signed_start(60)).status_code == 302
    assert Letter.objects.count() == 1


def test_it_refuses_a_form_sent_faster_than_people_type(client, campaign, abuse_checks):
    response = send(client, campaign, started=signed_start(1))

    assert response.status_code == 200
    assert b"That was very fast" in response.content
    assert not Letter.objects.exists()


def test_it_refuses_a_form_with_the_honeypot_filled(client, campaign, abuse_checks):
    response = send(client, campaign, started=signed_start(), website="http://spam.example")

    assert b"Please leave the last field empty" in response.content
    assert not Letter.objects.exists()


def test_it_refuses_the_honeypot_even_with_the_time_check_off(client, campaign):
    send(client, campaign, website="buy now")
    assert not Letter.objects.exists()


@pytest.mark.parametrize(
    "started",
    [
        "",
        "12345",
        signed_start()[:-2] + "xx",  # signature altered
        signed_start().replace(signed_start().split(":")[0], "MTIz"),  # time altered
    ],
)
def test_it_refuses_a_missing_or_altered_start_time_and_offers_a_fresh_one(
    client, campaign, abuse_checks, started
):
    response = send(client, campaign, started=started)

    assert response.status_code == 200
    assert b"This form expired or was altered" in response.content
    assert not Letter.objects.exists()
    fresh = re.search(rb'name="started" value="([^"]+)"', response.content).group(1).decode()
    assert fresh != started


def test_it_hides_the_honeypot_from_people_and_carries_the_time_through_review(
    client, campaign, abuse_checks
):
    page = client.get(reverse("campaigns:detail", args=[campaign.slug])).content.decode()
    assert re.search(r'<div class="hp" aria-hidden="true">.*name="website"', page, re.S)
    assert re.search(r'type="hidden" name="started" value="[^"]+"', page)

    started = signed_start()
    review = client.post(
        reverse("letters:review", args=[campaign.slug]), letter_data(started=started)
    )
    assert f'name="started" value="{started}"' in review.content.decode()


def test_it_accepts_a_token_only_from_this_site(client, campaign, abuse_checks, settings):
    settings.SECRET_KEY = "another-site-secret-key-0123456789-abcdefghijklmnop"
    foreign = antibot_token(now=0)
    settings.SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"
    assert b"expired or was altered" in send(client, campaign, started=foreign).content


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("campaigns:cosign", {"name": "Org", "contact_name": "Sam", "contact_email": "s@x.org"}),
        ("digest:signup", {"email": "s@x.org", "consent": "on"}),
    ],
)
def test_it_puts_the_honeypot_and_the_time_on_the_other_public_forms(
    client, statement, abuse_checks, url_name, data
):
    from digest.models import Subscriber

    url = reverse(url_name, args=[statement.slug] if url_name.startswith("campaigns") else [])
    cosigners = statement.cosigners.count()
    page = client.get(url).content.decode()
    assert re.search(r'<div class="hp" aria-hidden="true">.*name="website"', page, re.S)
    assert 'name="started"' in page

    for bad in [{"website": "spam"}, {"started": signed_start(0)}, {"started": "forged"}]:
        response = client.post(url, {"started": signed_start(), **data, **bad})
        assert response.status_code == 200
        assert (
            b"robots" in response.content
            or b"very fast" in response.content
            or (b"expired or was altered" in response.content)
        )
    assert not Subscriber.objects.exists()
    assert statement.cosigners.count() == cosigners
