"""The privacy page says who the privacy officer is, what is encrypted, how long each
kind of data is kept (read from the settings that enforce it), and how to ask."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from campaigns.models import Campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_named(organization):
    organization.privacy_officer_en = "Olive Martin, privacy officer"
    organization.privacy_officer_fr = "Olive Martin, responsable de la protection"
    organization.privacy_officer_email = "privacy@iclmg.example"
    organization.save()
    return organization


def page(client, language="en") -> str:
    with translation.override(language):
        url = reverse("privacy:page")
    return client.get(url).content.decode()


def test_it_names_the_privacy_officer_in_both_languages(client, officer_named):
    english = page(client)
    assert "Olive Martin, privacy officer" in english
    assert 'href="mailto:privacy@iclmg.example"' in english

    french = page(client, "fr")
    assert "Olive Martin, responsable de la protection" in french
    assert "Notre responsable de la protection des renseignements personnels" in french


def test_it_falls_back_to_the_contact_email_without_an_officer(client, organization):
    assert 'href="mailto:info@iclmg.example"' in page(client)


def test_it_shows_retention_from_the_settings(client, settings, campaign):
    settings.RETENTION_MONTHS = 18
    settings.LETTER_CONFIRMATION_HOURS = 36
    settings.DIGEST_UNCONFIRMED_DAYS = 21
    settings.AXES_COOLOFF_TIME = timedelta(minutes=20)
    Campaign.objects.filter(pk=campaign.pk).update(scrub_after_days=28)

    english = page(client)

    assert "are erased 18 months after your letter" in english
    assert "is deleted after 36 hours" in english
    assert "Stop the deportation: 28 days" in english
    assert "works for 7 days" in english
    assert "A sign-up you never confirm is deleted after 21 days." in english
    assert "kept 20 minutes to lock out password guessing, then deleted" in english
    french = page(client, "fr")
    assert "sont effacés 18 mois après votre lettre" in french
    assert "fonctionne 7 jours" in french
    assert "Une inscription que vous ne confirmez jamais est supprimée après 21 jours." in french
    assert "gardés 20 minutes pour bloquer" in french


def test_it_never_promises_less_than_the_digest_confirmation_link_lasts(client, settings):
    settings.DIGEST_UNCONFIRMED_DAYS = 3

    assert "A sign-up you never confirm is deleted after 14 days." in page(client)


def test_it_says_what_is_encrypted_and_how_to_ask(client):
    english = page(client)
    assert "What is encrypted" in english
    assert "the subject and text of your letter" in english
    assert "the email addresses and names of the News Digest" in english
    assert "You can also ask our privacy officer" in english
    assert "Ce qui est chiffré" in page(client, "fr")
