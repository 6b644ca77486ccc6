"""A letter in the supporter's language, and bilingual letters that meet each target in theirs."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from campaigns.models import Campaign, LetterTemplate, Target
from letters.models import Delivery, Letter
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db

FRENCH_SUBJECT = "Laissez rester le voisin de {first_name}"
FRENCH_BODY = "J'écris de {city} pour vous demander d'arrêter cette expulsion."
ENGLISH_BODY = "I write[ from {city}] to ask you to stop this deportation."


@pytest.fixture
def bilingual(campaign, minister_goodale, minister_mccallum):
    Campaign.objects.filter(pk=campaign.pk).update(
        languages="en fr", title_fr="Arrêtez l'expulsion", summary_fr="Écrivez aux ministres."
    )
    LetterTemplate.objects.filter(campaign=campaign).update(
        subject_fr=FRENCH_SUBJECT, body_fr=FRENCH_BODY
    )
    Target.objects.filter(pk=minister_goodale.pk).update(salutation_fr="Monsieur le Ministre")
    Target.objects.filter(pk=minister_mccallum.pk).update(salutation_fr="Monsieur le Ministre")
    campaign.refresh_from_db()
    return campaign


def url(name: str, campaign, language: str) -> str:
    with translation.override(language):
        return reverse(name, args=[campaign.slug])


def french_letter(**overrides) -> dict:
    values = {"subject": FRENCH_SUBJECT, "body": FRENCH_BODY, "language": "fr", "city": "Gatineau"}
    return letter_data(**(values | overrides))


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """Post the letter form's send step and let the letter go out, as the worker would."""

    def post(path: str, data: dict):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data)

    return post


def sent_to_targets(letter) -> mail.EmailMessage:
    return next(
        m for m in mail.outbox if m.extra_headers["X-Letter-Ref"] == letter.mail_ref and m.cc
    )


def test_it_offers_the_model_letter_in_the_pages_language(client, bilingual):
    html = client.get(bilingual_url := url("campaigns:detail", bilingual, "fr")).content.decode()

    assert bilingual_url.startswith("/fr/")
    assert "J&#x27;écris de {city}" in html
    assert 'name="language" value="fr"' in html and "checked" in html
    assert '<span lang="en">English</span>' in html


def test_it_sends_a_french_letter_with_a_french_greeting_and_signature(send, bilingual):
    response = send(url("letters:send", bilingual, "fr"), french_letter())

    letter = Letter.objects.get()
    assert letter.language == "fr" and not letter.edited
    assert response["Location"] == f"/fr/letters/{letter.public_id}/thanks/"
    message = sent_to_targets(letter)
    assert message.subject == "Laissez rester le voisin de Jane"
    assert message.body.startswith("Monsieur le Ministre,\n\nJ'écris de Gatineau pour vous")
    assert message.body.endswith(
        "Veuillez agréer mes salutations distinguées.\nJane Doe\nGatineau\nK1A 0A6"
    )
    assert "Dear" not in message.body


def test_it_switches_an_unedited_letter_to_the_language_the_supporter_chose(client, bilingual):
    # The form came from the English page, with the English model letter; the supporter
    # chose French without touching the text.
    data = letter_data(
        subject="Let {first_name}'s neighbour stay", body=ENGLISH_BODY, language="fr"
    )

    response = client.post(url("letters:review", bilingual, "en"), data)

    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "J&#x27;écris de Ottawa pour vous demander" in html
    assert response["Content-Language"] == "fr"


def test_it_keeps_an_edited_letter_as_typed_whatever_the_language(send, bilingual):
    send(
        url("letters:send", bilingual, "en"),
        letter_data(body="My own words, from {city}.", language="fr"),
    )

    letter = Letter.objects.get()
    assert letter.language == "fr" and letter.edited
    assert letter.body == "My own words, from {city}."


@pytest.fixture
def send_bilingual(bilingual):
    LetterTemplate.objects.filter(campaign=bilingual).update(send_bilingual=True)
    return bilingual


def test_it_sends_an_unedited_letter_in_both_languages_the_supporters_first(send, send_bilingual):
    send(url("letters:send", send_bilingual, "fr"), french_letter())

    message = sent_to_targets(Letter.objects.get())
    french, english = message.body.split("\n\n* * *\n\n")
    assert french.startswith("Monsieur le Ministre,\n\nJ'écris de Gatineau")
    assert english.startswith(
        "Dear Minister McCallum and Minister Goodale,\n\nI write from Gatineau"
    )
    assert english.endswith("Sincerely,\nJane Doe\nGatineau\nK1A 0A6")
    assert message.subject == "Laissez rester le voisin de Jane / Let Jane's neighbour stay"
    html = message.alternatives[0][0]
    assert '<div lang="fr"' in html and '<div lang="en"' in html


def test_it_sends_an_edited_letter_only_in_the_supporters_language(send, send_bilingual):
    send(
        url("letters:send", send_bilingual, "fr"),
        french_letter(body="Mes propres mots, de {city}."),
    )

    message = sent_to_targets(Letter.objects.get())
    assert "* * *" not in message.body
    assert "Dear" not in message.body
    assert message.body.startswith("Monsieur le Ministre,\n\nMes propres mots, de Gatineau.")


def test_it_shows_both_versions_on_the_review_exactly_as_sent(client, send_bilingual):
    response = client.post(url("letters:review", send_bilingual, "fr"), french_letter())

    html = response.content.decode()
    assert '<div class="letter-text">Monsieur le Ministre,' in html
    assert '<div class="letter-text" lang="en">Dear Minister McCallum and Minister Goodale,' in html


def test_it_leaves_out_a_version_no_target_needs(send, send_bilingual):
    # Both ministers' offices prefer French: a French letter reaches them in French only.
    Target.objects.update(language="fr")

    send(url("letters:send", send_bilingual, "fr"), french_letter())

    assert "* * *" not in sent_to_targets(Letter.objects.get()).body


def test_it_sends_the_supporters_copy_in_the_letters_language(send, bilingual):
    send(url("letters:send", bilingual, "fr"), french_letter(send_copy="on"))

    letter = Letter.objects.get()
    copy = next(
        m for m in mail.outbox if m.extra_headers["X-Letter-Ref"] == letter.mail_ref and not m.cc
    )
    assert copy.subject == "Votre lettre : Laissez rester le voisin de Jane"
    assert copy.body.startswith("Voici une copie de la lettre que vous avez envoyée.")
    assert f"/fr/letters/{letter.public_id}/" in copy.body
    assert "/fr/privacy/erase/" in copy.body and "/fr/privacy/unsubscribe/" in copy.body
    assert copy.extra_headers["List-Unsubscribe"].startswith("<http://testserver/fr/privacy/")
    assert letter.deliveries.filter(kind=Delivery.Kind.COPY).exists()
