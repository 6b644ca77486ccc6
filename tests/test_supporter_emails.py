"""Every email the site sends a supporter says who sent it (Canada's anti-spam law):
the organization's full name, its mailing address, a contact, and the link to stop
our emails, in the supporter's language, in the text and in the HTML."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from campaigns.models import Campaign, LetterTemplate
from digest import services as digest_services
from digest.models import Subscriber
from letters.emails import readable_address
from letters.models import Letter
from replies import services as reply_services
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db

SUPPORTER = "jane@example.com"
IDENTITY = {
    "en": {
        "full_name": "International Civil Liberties Monitoring Group",
        "address": ["1 Example Street, Suite 100", "Ottawa ON  K1A 0B1"],
        "contact_url": "https://iclmg.example/contact/",
        "sent_by": "Sent by International",
        "stop": "Stop emails from us",
        "unsubscribe": "Unsubscribe in one click",
    },
    "fr": {
        "full_name": "Coalition pour la surveillance internationale des libertés civiles",
        "address": ["100-1, rue Exemple", "Ottawa (Ontario)  K1A 0B1"],
        "contact_url": "https://iclmg.example/fr/contact/",
        "sent_by": "Envoyé par Coalition",
        "stop": "Ne plus recevoir nos courriels",
        "unsubscribe": "Se désabonner en un clic",
    },
}
KINDS = {"letter confirmation", "letter copy", "questionnaire", "digest confirmation", "digest"}


@pytest.fixture
def bilingual(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(
        languages="en fr", title_fr="Arrêtez l'expulsion", require_confirmation=True
    )
    LetterTemplate.objects.filter(campaign=campaign).update(subject_fr="Objet", body_fr="Texte.")
    campaign.refresh_from_db()
    return campaign


def kind_of(message) -> str:
    tags = set(message.tags)
    if "confirmation" in tags:
        return "letter confirmation"
    if "questionnaire" in tags:
        return "questionnaire"
    if "digest-confirm" in tags:
        return "digest confirmation"
    if "digest-issue" in tags:
        return "digest"
    if any(t.startswith("campaign-") for t in tags) and SUPPORTER in message.to[0]:
        return "letter copy"
    return "to the targets"


def every_supporter_email(client, campaign, language, capture) -> dict:
    """One of each email a supporter receives, from the flows that send them."""
    with translation.override(language):
        send_url = reverse("letters:send", args=[campaign.slug])
        signup_url = reverse("digest:signup")
    letter = {"subject": "Objet", "body": "Texte."} if language == "fr" else {}
    with capture(execute=True):
        client.post(send_url, letter_data(language=language, send_copy="on", **letter))
    confirm = re.search(r"http://testserver(/\w\w/letters/confirm/[^/\s]+/)", last_body())[1]
    with capture(execute=True):
        client.post(confirm)
        client.post(signup_url, {"email": SUPPORTER, "name": "Jane", "consent": "on"})
    Subscriber.objects.update(status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now())
    digest_services.send_issue(
        subject="News Digest",
        text="The news.",
        html="<p>The news.</p>",
        french={"subject": "Bulletin", "text": "Les nouvelles.", "html": "<p>Les nouvelles.</p>"},
    )
    letter = Letter.objects.get()
    reply_services.send_due_questionnaires(
        now=timezone.now() + timedelta(days=campaign.reply_check_days + 1)
    )
    from django.core import mail

    found = {}
    for message in mail.outbox:
        found.setdefault(kind_of(message), message)
    found.pop("to the targets")
    assert letter.language == language
    return found


def last_body() -> str:
    from django.core import mail

    return mail.outbox[-1].body


@pytest.mark.parametrize("language", ["en", "fr"])
def test_it_signs_every_supporter_email_with_the_organization_s_identity(
    client, bilingual, organization, language, django_capture_on_commit_callbacks
):
    emails = every_supporter_email(client, bilingual, language, django_capture_on_commit_callbacks)

    expected = IDENTITY[language]
    assert set(emails) == KINDS
    for kind, message in emails.items():
        html = unescape(message.alternatives[0][0])
        for part, shown in (("text", message.body), ("HTML", html)):
            where = f"{kind} ({language}, {part})"
            assert expected["sent_by"] in shown, where
            assert expected["full_name"] in shown, where
            assert all(line in shown for line in expected["address"]), where
            assert "info@iclmg.example" in shown, where
            assert expected["contact_url"] in shown, where
            # The way out, in the same footer.
            assert re.search(r"/(privacy|digest)/unsubscribe/", shown), where
        stop = expected["unsubscribe"] if kind.startswith("digest") else expected["stop"]
        assert stop in html, f"{kind} ({language})"
        assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/"), kind


def test_it_leaves_the_identity_out_of_the_letter_its_targets_read(
    client, bilingual, organization, django_capture_on_commit_callbacks
):
    every_supporter_email(client, bilingual, "en", django_capture_on_commit_callbacks)
    from django.core import mail

    [to_targets] = [m for m in mail.outbox if kind_of(m) == "to the targets"]
    assert "1 Example Street" not in to_targets.body
    assert to_targets.from_email == "Jane Doe via ICLMG <letters@iclmg.example>"


def test_it_names_the_french_organization_as_the_sender_of_french_emails(
    client, bilingual, organization, django_capture_on_commit_callbacks
):
    emails = every_supporter_email(client, bilingual, "fr", django_capture_on_commit_callbacks)

    assert emails["letter confirmation"].from_email == "CSILC <letters@iclmg.example>"
    assert emails["digest"].from_email == "CSILC <letters@iclmg.example>"
    assert readable_address(emails["letter copy"].from_email) == (
        "Jane Doe par l’entremise de CSILC <letters@iclmg.example>"
    )
