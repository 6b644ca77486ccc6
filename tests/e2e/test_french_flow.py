"""The letter flow in French, in a real browser: home → the Harkat campaign → a French
letter → review → send, received by a real SMTP server; axe-core on every page."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from campaigns.models import Campaign
from letters.models import Letter
from tests.e2e.conftest import DESKTOP, assert_accessible
from tests.letters.smtp_sink import SMTPSink, smtp_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def harkat(db):
    call_command("load_demo", stdout=StringIO())
    return Campaign.objects.get(slug="stop-harkat-deportation")


@pytest.fixture
def sink(settings):
    sink = SMTPSink().start()
    smtp_settings(settings, sink.port)
    yield sink
    sink.stop()


def test_it_sends_a_french_letter_from_the_french_home_page(page, harkat, sink):
    page.set_viewport_size(DESKTOP)
    page.goto("/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_accessible(page)
    page.get_by_role(
        "link", name="Non à l’expulsion de Mohamed Harkat vers la torture"
    ).first.click()

    assert page.url.endswith("/fr/campaigns/non-a-l-expulsion-de-mohamed-harkat/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Non à l’expulsion de Mohamed Harkat vers la torture"
    )
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "campaign-page-fr.png"), full_page=True)

    page.get_by_label("Prénom").fill("Jeanne")
    page.get_by_label("Nom de famille").fill("Tremblay")
    page.get_by_label("Courriel").fill("jeanne@example.com")
    page.get_by_label("Code postal").fill("j8x1c6")
    page.get_by_label("Ville (facultatif)").fill("Gatineau")
    assert page.get_by_label("Français").is_checked()
    page.get_by_label("M’envoyer une copie").check()
    page.get_by_role("button", name="Relire ma lettre").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Relisez votre lettre"
    review = page.locator(".message").first.inner_text()
    assert "Monsieur le Ministre," in review
    assert "Jeanne Tremblay par l’entremise de CSILC" in review
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer ma lettre").click()

    assert page.get_by_role("heading", level=1).inner_text().startswith("Merci, Jeanne!")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_accessible(page)

    letter = Letter.objects.get()
    assert letter.language == "fr"
    received = {tuple(r.recipients): r.message for r in sink.messages()}
    to_targets = next(m for rcpt, m in received.items() if "ralph.goodale@parl.gc.ca" in rcpt)
    # (a long encoded subject may come back folded, with the fold's space in front)
    assert (
        to_targets["Subject"].strip() == "Soustrayez Mohamed Harkat à l’expulsion vers la torture"
    )
    text = to_targets.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith("Monsieur le Ministre,\n\nVotre gouvernement a annoncé")
    assert "où il pourra vivre avec sa femme et sa famille." in text
    assert (
        "Veuillez agréer mes salutations distinguées.\nJeanne Tremblay\nGatineau\nJ8X 1C6" in text
    )
    copy = next(m for rcpt, m in received.items() if rcpt == ("jeanne@example.com",))
    assert copy["Subject"].strip().startswith("Votre lettre : Soustrayez Mohamed Harkat")
    copy_text = copy.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert copy_text.startswith("Voici une copie de la lettre que vous avez envoyée.")
    assert f"/fr/letters/{letter.public_id}/" in copy_text
    assert "/fr/privacy/erase/" in copy_text and "/fr/privacy/unsubscribe/" in copy_text
    assert "Effacer vos renseignements personnels" in copy_text


def test_it_finds_no_accessibility_violation_on_the_other_french_pages(page, harkat):
    statement = Campaign.objects.get(slug="uphold-the-right-to-dissent")
    Campaign.objects.filter(slug="oversight-of-national-security-agencies").update(languages="en")
    for path in [
        "/fr/achievements/",
        "/fr/digest/",
        "/fr/privacy/",
        f"/fr/campaigns/{statement.slug_fr}/",
        f"/fr/campaigns/{statement.slug_fr}/cosign/",
        "/fr/campaigns/oversight-of-national-security-agencies/",  # offered in English only
    ]:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == "fr", path
        assert_accessible(page)
