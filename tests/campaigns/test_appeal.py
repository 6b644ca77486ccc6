import pytest
from django.urls import reverse

from campaigns.models import SiteAppeal
from tests.conftest import make_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal(db):
    return SiteAppeal.objects.create(
        title="Since you're here…",
        text="<p>We take no government money.</p>",
        url="https://iclmg.example/donate/",
        enabled=True,
    )


def test_it_shows_the_appeal_on_campaign_thanks_and_achievements_pages(client, appeal, campaign):
    letter = make_letter(campaign)

    for url in (
        campaign.get_absolute_url(),
        reverse("letters:thanks", args=[letter.public_id]),
        reverse("campaigns:achievements"),
    ):
        html = client.get(url).content.decode()
        assert "Since you&#x27;re here…" in html, url
        assert "<p>We take no government money.</p>" in html, url
        assert 'href="https://iclmg.example/donate/"' in html, url


def test_it_hides_the_appeal_when_staff_turn_it_off(client, appeal, campaign):
    appeal.enabled = False
    appeal.save()

    for url in (campaign.get_absolute_url(), reverse("campaigns:achievements")):
        assert "We take no government money" not in client.get(url).content.decode()


def test_it_shows_nothing_before_staff_write_an_appeal(client, campaign):
    assert 'class="appeal' not in client.get(campaign.get_absolute_url()).content.decode()


def test_it_lets_a_campaign_turn_the_appeal_off(client, appeal, campaign):
    campaign.show_appeal = False
    campaign.save()
    letter = make_letter(campaign)

    assert (
        "We take no government money"
        not in client.get(campaign.get_absolute_url()).content.decode()
    )
    assert (
        "We take no government money"
        not in client.get(reverse("letters:thanks", args=[letter.public_id])).content.decode()
    )
    assert (
        "We take no government money"
        in client.get(reverse("campaigns:achievements")).content.decode()
    )


def test_it_replaces_the_sites_appeal_with_a_campaigns_own(client, appeal, campaign):
    campaign.appeal_text = "The Harkat family gets no legal aid. Help with the legal fees."
    campaign.appeal_url = "https://www.justiceforharkat.example"
    campaign.save()

    html = client.get(campaign.get_absolute_url()).content.decode()

    assert "The Harkat family gets no legal aid." in html
    assert 'href="https://www.justiceforharkat.example"' in html
    assert "We take no government money" not in html
    assert 'href="https://iclmg.example/donate/"' not in html
