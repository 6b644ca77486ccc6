"""A letter that comes through a partner's link may carry the writer's consent to be
shared with that partner: a box naming the partner, unchecked unless they check it."""

import pytest
from django.urls import reverse

from partners.models import PartnerConsent
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db

WORDING = (
    "Yes, share my name, email, postal code and city with BC Civil Liberties Association, "
    "who may contact me."
)


def _box(page: str) -> str:
    start = page.find('name="partner_consent"')
    return page[page.rfind("<input", 0, start) : page.find("</label>", start)] if start > 0 else ""


def test_it_shows_the_box_only_on_a_partners_link(client, campaign, partner):
    plain = client.get(campaign.get_absolute_url()).content.decode()
    linked = client.get(campaign.get_absolute_url() + "?partner=bccla").content.decode()
    unknown = client.get(campaign.get_absolute_url() + "?partner=nobody").content.decode()

    assert 'name="partner_consent"' not in plain and 'name="partner"' not in plain
    assert 'name="partner_consent"' not in unknown
    box = _box(linked)
    assert box and "checked" not in box
    assert WORDING in linked
    assert '<input type="hidden" name="partner" value="bccla"' in linked


def test_it_names_the_partner_in_french_on_the_french_page(client, campaign, partner):
    from django.utils import translation

    campaign.languages, campaign.slug_fr = "en fr", "arretez"
    campaign.title_fr, campaign.summary_fr = "Arrêtez", "Écrivez."
    campaign.save()
    campaign.letter_templates.update(subject_fr="Sujet", body_fr="Corps de la lettre.")
    with translation.override("fr"):
        url = campaign.get_absolute_url()

    page = client.get(url + "?partner=bccla")

    assert page.status_code == 200
    assert (
        "Oui, transmettez mon nom, mon courriel, mon code postal et ma ville à "
        "Association des libertés civiles de la C.-B., qui pourra me contacter."
    ) in page.content.decode()


def test_it_carries_the_choice_through_the_review(client, campaign, partner):
    data = letter_data(partner="bccla", partner_consent="on")

    review = client.post(reverse("letters:review", args=[campaign.slug]), data)

    page = review.content.decode()
    assert '<input type="hidden" name="partner" value="bccla"' in page
    assert '<input type="hidden" name="partner_consent" value="True"' in page


def test_it_records_the_consent_with_the_words_shown_and_the_time(client, campaign, partner):
    response = client.post(
        reverse("letters:send", args=[campaign.slug]),
        letter_data(partner="bccla", partner_consent="True"),
    )

    assert response.status_code == 302
    consent = PartnerConsent.objects.get()
    assert consent.partner == partner
    assert consent.letter.email == "jane@example.com"
    assert consent.wording == WORDING
    assert consent.given_at == consent.letter.created_at


def test_it_records_nothing_when_the_box_is_left_unchecked(client, campaign, partner):
    response = client.post(
        reverse("letters:send", args=[campaign.slug]),
        letter_data(partner="bccla", partner_consent="False"),
    )

    assert response.status_code == 302
    assert not PartnerConsent.objects.exists()


def test_it_ignores_a_consent_to_a_partner_that_does_not_exist(client, campaign):
    response = client.post(
        reverse("letters:send", args=[campaign.slug]),
        letter_data(partner="nobody", partner_consent="on"),
    )

    assert response.status_code == 302
    assert not PartnerConsent.objects.exists()


def test_it_keeps_the_choice_when_the_form_comes_back_with_an_error(client, campaign, partner):
    data = letter_data(partner="bccla", partner_consent="on", postal_code="nope")

    response = client.post(reverse("letters:review", args=[campaign.slug]), data)

    box = _box(response.content.decode())
    assert "checked" in box
