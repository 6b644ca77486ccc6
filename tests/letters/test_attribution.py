"""Where a letter's writer came from: kept with the letter through review and send,
cleaned of anything personal, never a reason to refuse a letter; and referrals."""

import re

import pytest
from django.urls import reverse

from letters.models import Letter
from tests.conftest import letter_data, make_letter

pytestmark = pytest.mark.django_db

TAGS = {
    "utm_source": "bccla-newsletter",
    "utm_medium": "email",
    "utm_campaign": "december",
    "referrer": "https://www.bccla.example/act/today?member=42",
    "embed": "1",
}


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def test_it_keeps_where_the_writer_came_from_through_review_and_send(client, campaign):
    review = client.post(reverse("letters:review", args=[campaign.slug]), letter_data(**TAGS))
    html = review.content.decode()
    carried = {name: hidden(html, name) for name in TAGS}
    assert carried["utm_source"] == "bccla-newsletter"

    client.post(reverse("letters:send", args=[campaign.slug]), letter_data(**carried))

    letter = Letter.objects.get()
    assert (letter.utm_source, letter.utm_medium, letter.utm_campaign) == (
        "bccla-newsletter",
        "email",
        "december",
    )
    assert letter.referrer_origin == "https://www.bccla.example"
    assert letter.embedded is True
    assert letter.partner_slug == ""


def test_it_keeps_the_partner_whose_link_brought_the_writer(client, campaign, partner):
    client.post(reverse("letters:send", args=[campaign.slug]), letter_data(partner="bccla", **TAGS))

    assert Letter.objects.get().partner_slug == "bccla"


def test_it_keeps_no_partner_that_does_not_exist(client, campaign, partner):
    client.post(reverse("letters:send", args=[campaign.slug]), letter_data(partner="made-up"))

    assert Letter.objects.get().partner_slug == ""


def test_it_keeps_nothing_personal_and_refuses_no_letter_for_its_tags(client, campaign):
    response = client.post(
        reverse("letters:send", args=[campaign.slug]),
        letter_data(
            utm_source="jane@example.com",
            utm_medium="line\nbreak\x00",
            utm_campaign="x" * 300,
            referrer="https://jane:secret@evil.example/",
            ref="<script>",
            embed="yes",
        ),
    )

    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.utm_source == ""
    assert letter.utm_medium == "line break"
    assert letter.utm_campaign == "x" * 100
    assert letter.referrer_origin == ""
    assert letter.referred_by == ""
    assert letter.embedded is False


def test_it_keeps_no_referrer_from_our_own_site(client, campaign):
    client.post(
        reverse("letters:send", args=[campaign.slug]),
        letter_data(referrer="http://testserver/en/campaigns/"),
    )

    assert Letter.objects.get().referrer_origin == ""


def test_it_puts_the_letter_s_referral_code_in_its_share_links(client, campaign):
    response = client.post(reverse("letters:send", args=[campaign.slug]), letter_data())
    letter = Letter.objects.get()

    html = client.get(response.url).content.decode()

    assert re.fullmatch(r"[A-Za-z0-9_-]{8}", letter.referral_code)
    shared = f"http://testserver/en/campaigns/stop-the-deportation/?ref={letter.referral_code}"
    assert f'value="{shared}"' in html
    assert "ref%3D" + letter.referral_code in html  # inside the share links' own URLs
    assert "jane" not in letter.referral_code.lower()


def test_it_tells_the_sharer_how_many_letters_followed_their_share(client, campaign):
    sharer = make_letter(campaign, email="sharer@example.com")
    for email in ("friend1@example.com", "friend2@example.com"):
        client.post(
            reverse("letters:send", args=[campaign.slug]),
            letter_data(email=email, ref=sharer.referral_code),
        )
    # Not counted: a letter someone else's share brought, and a rejected one.
    make_letter(campaign, email="other@example.com")
    make_letter(campaign, email="rejected@example.com")
    Letter.objects.of_address("rejected@example.com").update(
        referred_by=sharer.referral_code, state=Letter.State.REJECTED
    )

    html = client.get(reverse("letters:status", args=[sharer.public_id])).content.decode()

    assert "2 letters were written by people who followed your share" in html
    assert "friend" not in html


def test_it_says_when_no_letter_followed_the_share_yet(client, campaign):
    letter = make_letter(campaign)

    html = client.get(reverse("letters:status", args=[letter.public_id])).content.decode()

    assert "No letter has followed your share links yet" in html
