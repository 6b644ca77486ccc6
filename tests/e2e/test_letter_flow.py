"""The whole letter flow in a real browser, with axe-core checking every page."""

from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from campaigns.models import Campaign
from letters.models import Delivery, Letter
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture
def harkat(db):
    """The demo's urgent Harkat campaign: two ministers, a Cc to the family's campaign address."""
    call_command("load_demo", stdout=StringIO())
    campaign = Campaign.objects.get(slug="stop-harkat-deportation")
    Campaign.objects.filter(pk=campaign.pk).update(letter_count=1043)
    campaign.refresh_from_db()
    return campaign


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_sends_a_letter_from_the_home_page_to_both_ministers(page, harkat, viewport):
    page.set_viewport_size(viewport)
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name=harkat.title).click()

    assert page.get_by_role("heading", level=1).inner_text() == harkat.title
    assert page.get_by_text("Ralph Goodale").first.is_visible()
    assert page.get_by_text("A copy goes to letharkatstay@gmail.com").is_visible()
    assert_accessible(page)
    if viewport == DESKTOP:
        page.screenshot(path=str(SCREENSHOTS / "campaign-page.png"), full_page=True)
    else:
        page.screenshot(path=str(SCREENSHOTS / "campaign-page-phone.png"))

    page.get_by_label("First name").fill("Jane")
    page.get_by_label("Last name").fill("Doe")
    page.get_by_label("Email").fill("jane@example.com")
    page.get_by_label("Postal code").fill("k1a0a6")
    page.get_by_label("City (optional)").fill("Ottawa")
    letter_field = page.get_by_label("Your letter", exact=True)
    letter_field.fill(
        "As a resident of {city}, I care about this.\n\n" + letter_field.input_value()
    )
    page.get_by_label("Send me a copy").check()
    page.get_by_role("button", name="Review my letter").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Review your letter"
    review = page.locator(".message").first.inner_text()
    assert "Jane Doe via ICLMG <letters@iclmg.example>" in review
    assert "letharkatstay@gmail.com" in review
    assert "As a resident of Ottawa, I care about this." in review
    assert_accessible(page)
    if viewport == DESKTOP:
        page.screenshot(path=str(SCREENSHOTS / "review-page.png"), full_page=True)

    page.get_by_role("button", name="Send my letter").click()

    assert page.get_by_role("heading", level=1).inner_text().startswith("Thank you, Jane!")
    assert "one of 1,044 people" in page.content()
    assert page.get_by_role("link", name="Share on Bluesky").is_visible()
    assert_accessible(page)
    if viewport == DESKTOP:
        page.screenshot(path=str(SCREENSHOTS / "thank-you-page.png"), full_page=True)
    else:
        page.screenshot(path=str(SCREENSHOTS / "thank-you-page-phone.png"))

    letter = Letter.objects.get()
    messages = [m for m in mail.outbox if m.extra_headers["X-Letter-Ref"] == letter.mail_ref]
    to_targets = next(m for m in messages if m.cc)
    assert to_targets.from_email == "Jane Doe via ICLMG <letters@iclmg.example>"
    assert to_targets.reply_to == ["jane@example.com"]
    assert to_targets.to == [
        "John McCallum <john.mccallum@parl.gc.ca>",
        "Ralph Goodale <ralph.goodale@parl.gc.ca>",
    ]
    assert to_targets.cc == ["letharkatstay@gmail.com"]
    assert to_targets.subject == "Please exempt Mohamed Harkat from deportation to torture"
    assert to_targets.body.startswith(
        "Dear Minister McCallum and Minister Goodale,\n\n"
        "As a resident of Ottawa, I care about this.\n\n"
        "Your government has announced"
    )
    assert "where he can live with his wife and family." in to_targets.body
    assert to_targets.body.endswith("Sincerely,\nJane Doe\nOttawa\nK1A 0A6")
    copy = next(m for m in messages if not m.cc)
    assert copy.to == ["Jane Doe <jane@example.com>"]

    page.get_by_role("link", name="See what happens to your letter").click()
    assert page.get_by_role("cell", name="Ralph Goodale (To)").is_visible()
    assert_accessible(page)
    assert set(letter.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}
