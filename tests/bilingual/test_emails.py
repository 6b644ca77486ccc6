"""Emails to supporters in the language of their letter or sign-up; the digest in theirs."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from campaigns.models import Campaign, LetterTemplate
from digest import services
from digest.models import Subscriber
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db


def french(name: str, *args) -> str:
    with translation.override("fr"):
        return reverse(name, args=args)


def test_it_confirms_a_french_sign_up_in_french(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            french("digest:signup"), {"email": "lea@example.com", "name": "Léa", "consent": "on"}
        )

    subscriber = Subscriber.objects.get()
    assert subscriber.language == "fr"
    assert subscriber.consent_text.startswith("Oui, envoyez-moi le bulletin hebdomadaire")
    (message,) = mail.outbox
    assert message.subject == "Confirmez votre abonnement au bulletin de ICLMG"
    assert "/fr/digest/confirm/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/fr/digest/")


def confirmed(email: str, language: str) -> Subscriber:
    return Subscriber.objects.create(
        email=email,
        status=Subscriber.Status.CONFIRMED,
        consent_text="yes",
        consented_at=timezone.now(),
        language=language,
    )


def test_it_sends_each_subscriber_the_digest_in_their_language():
    confirmed("ann@example.com", "en")
    confirmed("lea@example.com", "fr")

    sent = services.send_issue(
        subject="News Digest, week 48",
        text="The news.",
        html="<p>The news.</p>",
        french={
            "subject": "Bulletin, semaine 48",
            "text": "Les nouvelles.",
            "html": "<p>Les nouvelles.</p>",
        },
    )

    assert sent == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["ann@example.com"].subject == "News Digest, week 48"
    assert by_address["ann@example.com"].body.startswith("The news.")
    lea = by_address["lea@example.com"]
    assert lea.subject == "Bulletin, semaine 48"
    assert lea.body.startswith("Les nouvelles.")
    assert "Se désabonner en un clic : http://testserver/fr/digest/unsubscribe/" in lea.body


def test_it_sends_the_english_edition_when_there_is_no_french_one():
    confirmed("lea@example.com", "fr")

    services.send_issue(subject="Week 48", text="The news.", html="<p>The news.</p>")

    (message,) = mail.outbox
    assert message.subject == "Week 48"


def test_it_takes_both_editions_from_the_command(tmp_path):
    confirmed("ann@example.com", "en")
    confirmed("lea@example.com", "fr")
    for name, text in [
        ("en.txt", "News"),
        ("en.html", "<p>News</p>"),
        ("fr.txt", "Nouvelles"),
        ("fr.html", "<p>Nouvelles</p>"),
    ]:
        (tmp_path / name).write_text(text, encoding="utf-8")

    call_command(
        "send_digest",
        "--subject", "Week 48", "--text", tmp_path / "en.txt", "--html", tmp_path / "en.html",
        "--subject-fr", "Semaine 48",
        "--text-fr", tmp_path / "fr.txt", "--html-fr", tmp_path / "fr.html",
    )  # fmt: skip

    assert sorted(m.subject for m in mail.outbox) == ["Semaine 48", "Week 48"]


def test_it_signs_up_a_french_letters_writer_for_the_french_digest(
    client, campaign, django_capture_on_commit_callbacks
):
    Campaign.objects.filter(pk=campaign.pk).update(languages="en fr", title_fr="Arrêtez")
    LetterTemplate.objects.filter(campaign=campaign).update(subject_fr="Objet", body_fr="Texte.")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            french("letters:send", campaign.slug),
            letter_data(subject="Objet", body="Texte.", language="fr", news_opt_in="on"),
        )

    subscriber = Subscriber.objects.get()
    assert subscriber.language == "fr"
    assert subscriber.consent_text == "Oui, envoyez-moi des nouvelles de ICLMG."


def test_it_asks_for_confirmation_in_the_letters_language(
    client, campaign, django_capture_on_commit_callbacks
):
    Campaign.objects.filter(pk=campaign.pk).update(
        languages="en fr", title_fr="Arrêtez l'expulsion", require_confirmation=True
    )
    LetterTemplate.objects.filter(campaign=campaign).update(subject_fr="Objet", body_fr="Texte.")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            french("letters:send", campaign.slug),
            letter_data(subject="Objet", body="Texte.", language="fr"),
        )

    (message,) = mail.outbox
    assert message.subject == "Veuillez confirmer votre lettre : Arrêtez l'expulsion"
    assert "/fr/letters/confirm/" in message.body
    assert (
        "Effacer vos renseignements personnels : http://testserver/fr/privacy/erase/"
        in message.body
    )
