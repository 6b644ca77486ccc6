"""The honeypot and the minimum fill time on the letter form: the time is signed into
the review page (the campaign page is the same for everyone), bound to the browser
and the letter, and checked when the letter is sent."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from letters.models import Letter
from tests.conftest import letter_data, review_stamp_for, signed_start

pytestmark = pytest.mark.django_db


def review(client, campaign, **overrides) -> dict:
    """The review page's answer: the hidden fields the send step needs."""
    page = client.post(reverse("letters:review", args=[campaign.slug]), letter_data(**overrides))
    assert page.status_code == 200, page.content.decode()[:500]
    html = page.content.decode()
    return {
        "started": hidden(html, "started"),
        "csrfmiddlewaretoken": hidden(html, "csrfmiddlewaretoken"),
    }


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


def send(client, campaign, **overrides):
    return client.post(reverse("letters:send", args=[campaign.slug]), letter_data(**overrides))


@pytest.fixture
def browser():
    """A browser that enforces CSRF like a real one."""
    return Client(enforce_csrf_checks=True)


def test_it_sends_a_letter_from_someone_who_read_the_review(browser, campaign, abuse_checks):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fields = review(browser, campaign)
        clock.shift(timedelta(seconds=20))
        response = send(browser, campaign, **fields)

    assert response.status_code == 302
    assert Letter.objects.count() == 1


def test_it_shows_the_review_again_when_send_follows_it_too_fast(browser, campaign, abuse_checks):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fields = review(browser, campaign)
        clock.shift(timedelta(seconds=1))
        response = send(browser, campaign, **fields)

        page = response.content.decode()
        assert response.status_code == 200
        assert "That was very fast" in page
        assert "Review your letter" in page
        assert not Letter.objects.exists()
        # The same time is kept: a moment later the same page sends.
        assert hidden(page, "started") == fields["started"]
        clock.shift(timedelta(seconds=3))
        again = {**fields, "csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken")}
        assert send(browser, campaign, **again).status_code == 302


def test_it_refuses_a_form_with_the_honeypot_filled(client, campaign, abuse_checks):
    started = review_stamp_for(client, campaign)
    response = send(client, campaign, started=started, website="http://spam.example")

    assert b"Please leave the last field empty" in response.content
    assert not Letter.objects.exists()


def test_it_refuses_the_honeypot_even_with_the_time_check_off(client, campaign):
    send(client, campaign, website="buy now")
    assert not Letter.objects.exists()


@pytest.mark.parametrize(
    "alter",
    [
        lambda stamp: "",
        lambda stamp: "12345",
        lambda stamp: stamp[:-2] + "xx",  # signature altered
        lambda stamp: stamp.replace(stamp.split(":")[0], "MTIz"),  # time altered
    ],
    ids=["missing", "junk", "signature", "time"],
)
def test_it_refuses_a_missing_or_altered_time_and_offers_the_review_with_a_fresh_one(
    client, campaign, abuse_checks, alter
):
    started = alter(review_stamp_for(client, campaign))
    response = send(client, campaign, started=started)

    page = response.content.decode()
    assert response.status_code == 200
    assert "This form expired or was altered" in page
    assert "Review your letter" in page
    assert not Letter.objects.exists()
    assert hidden(page, "started") not in ("", started)


def test_it_refuses_a_time_another_browser_was_given(browser, campaign, abuse_checks):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        alices = review(browser, campaign)
        mallory = Client(enforce_csrf_checks=True)
        own_token = review(mallory, campaign)["csrfmiddlewaretoken"]
        clock.shift(timedelta(seconds=20))
        response = send(mallory, campaign, started=alices["started"], csrfmiddlewaretoken=own_token)

    assert b"This form expired or was altered" in response.content
    assert not Letter.objects.exists()


def test_it_stores_one_letter_at_most_with_one_time(browser, campaign, abuse_checks):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fields = review(browser, campaign)
        clock.shift(timedelta(seconds=20))
        assert send(browser, campaign, **fields).status_code == 302

        other = send(browser, campaign, email="someone.else@example.com", **fields)
        again = send(browser, campaign, **fields)

    assert b"This form expired or was altered" in other.content
    assert b"This review was already used to send a letter" in again.content
    assert list(Letter.objects.values_list("email", flat=True)) == ["jane@example.com"]


def test_it_refuses_a_replayed_review_stamp_even_where_one_letter_per_email_would_not(
    browser, campaign, abuse_checks
):
    """Own-mail letters nobody proved hold no place in one letter per email: a stamp
    replayed there would store letter after letter. It is spent with the first."""
    own_mail = reverse("letters:own_client", args=[campaign.slug])
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fields = review(browser, campaign)
        clock.shift(timedelta(seconds=20))
        first = browser.post(own_mail, {**letter_data(), **fields})
        replays = [browser.post(own_mail, {**letter_data(), **fields}) for _ in range(3)]

    assert first.status_code == 302
    for replay in replays:
        page = replay.content.decode()
        assert replay.status_code == 200
        assert "This review was already used to send a letter" in page
        assert 'value="Jane"' in page  # the review again, with what they typed
        assert hidden(page, "started") not in ("", fields["started"])  # and a fresh stamp
    assert Letter.objects.count() == 1
    assert Letter.objects.get().state == Letter.State.OWN_CLIENT


def test_it_keeps_a_review_stamp_single_use_with_the_shared_page_cache(
    browser, campaign, abuse_checks
):
    """The campaign page comes from the shared cache, the same for everyone; the stamp
    comes with each visitor's review, and a second review gives a new one."""
    abuse_checks.CAMPAIGN_PAGE_CACHE_SECONDS = 30
    browser.get(reverse("campaigns:detail", args=[campaign.slug]))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first, second = review(browser, campaign), review(browser, campaign)
        clock.shift(timedelta(seconds=20))
        assert send(browser, campaign, **first).status_code == 302

    assert first["started"] != second["started"]
    assert b"This review was already used" in send(browser, campaign, **first).content


def test_it_gives_the_time_with_the_review_not_with_the_page(client, campaign, abuse_checks):
    page = client.get(reverse("campaigns:detail", args=[campaign.slug])).content.decode()
    assert re.search(r'<div class="hp" aria-hidden="true">.*name="website"', page, re.S)
    assert not re.search(r'name="started" value=', page)
    assert "csrfmiddlewaretoken" not in page

    fields = review(client, campaign)
    assert fields["started"] and fields["csrfmiddlewaretoken"]


def test_it_keeps_the_first_reviews_time_through_edit(client, campaign, abuse_checks):
    first = review(client, campaign)["started"]
    url = reverse("letters:review", args=[campaign.slug])

    edit = client.post(url, letter_data(started=first, edit="1")).content.decode()
    assert hidden(edit, "started") == first
    again = client.post(url, letter_data(started=first, body="My own words.")).content.decode()
    assert hidden(again, "started") == first


def test_it_accepts_a_time_only_from_this_site(client, campaign, abuse_checks, settings):
    settings.SECRET_KEY = "another-site-secret-key-0123456789-abcdefghijklmnop"
    foreign = review_stamp_for(client, campaign)
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
