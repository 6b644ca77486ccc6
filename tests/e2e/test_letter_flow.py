"""The whole letter flow in a real browser, with axe-core checking every page."""

from pathlib import Path

import pytest
from django.core import mail

from campaigns.models import LetterTemplate
from letters.models import Delivery, Letter
from tests.conftest import make_campaign, skip_or_fail
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture
def harkat(minister_goodale, minister_mccallum):
    """An urgent campaign like ICLMG's for Mohamed Harkat: two ministers, a Cc to the campaign."""
    campaign = make_campaign(
        title="Stop the deportation of Mohamed Harkat",
        slug="justice-for-mohamed-harkat",
        summary="Ask the ministers to let Mohamed Harkat stay in Canada.",
        story=(
            "<p>Mohamed Harkat has lived under a <strong>security certificate</strong> for "
            "over twenty years, on secret evidence he has never been allowed to see.</p>"
            "<p>Deporting him to Algeria would expose him to a serious risk of torture.</p>"
        ),
        urgent=True,
        goal=5000,
        letter_count=1287,
        appeal_text="Our work is funded by supporters like you.",
        appeal_url="https://iclmg.example/donate",
    )
    template = LetterTemplate.objects.create(
        campaign=campaign,
        subject="Let Mohamed Harkat stay in Canada",
        body=(
            "As a resident of {city}, I ask you to stop the deportation of Mohamed Harkat.\n\n"
            "Secret evidence has no place in Canadian justice. I urge {target_names} to act."
        ),
        cc_addresses="harkat@iclmg.example",
    )
    template.targets.set([minister_goodale, minister_mccallum])
    make_campaign(title="Repeal Bill C-51", slug="repeal-c-51", summary="Write to your MP.")
    return campaign


def assert_accessible(page) -> None:
    """axe-core, injected from node_modules, finds no violation on the page."""
    if not AXE.exists():
        skip_or_fail("axe-core is missing: run `npm install` (make install does)")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    ]
    assert details == [], f"{page.url}: " + "; ".join(details)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_sends_a_letter_from_the_home_page_to_both_ministers(page, harkat, viewport):
    page.set_viewport_size(viewport)
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name=harkat.title).click()

    assert page.get_by_role("heading", level=1).inner_text() == harkat.title
    assert page.get_by_text("Ralph Goodale").first.is_visible()
    assert page.get_by_text("harkat@iclmg.example").first.is_visible()
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
    page.get_by_label("Send me a copy").check()
    page.get_by_role("button", name="Review my letter").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Review your letter"
    review = page.locator(".message").first.inner_text()
    assert "Jane Doe via ICLMG <letters@iclmg.example>" in review
    assert "harkat@iclmg.example" in review
    assert "As a resident of Ottawa" in review
    assert_accessible(page)
    if viewport == DESKTOP:
        page.screenshot(path=str(SCREENSHOTS / "review-page.png"), full_page=True)

    page.get_by_role("button", name="Send my letter").click()

    assert page.get_by_role("heading", level=1).inner_text().startswith("Thank you, Jane!")
    assert "one of 1,288 people" in page.content()
    assert page.get_by_role("link", name="Share on Bluesky").is_visible()
    assert_accessible(page)
    if viewport == DESKTOP:
        page.screenshot(path=str(SCREENSHOTS / "thank-you-page.png"), full_page=True)
    else:
        page.screenshot(path=str(SCREENSHOTS / "thank-you-page-phone.png"))

    letter = Letter.objects.get()
    messages = [m for m in mail.outbox if m.extra_headers["X-Letter-ID"] == str(letter.public_id)]
    to_targets = next(m for m in messages if m.cc)
    assert to_targets.from_email == "Jane Doe via ICLMG <letters@iclmg.example>"
    assert to_targets.reply_to == ["jane@example.com"]
    assert to_targets.to == [
        "John McCallum <john.mccallum@parl.gc.ca>",
        "Ralph Goodale <ralph.goodale@parl.gc.ca>",
    ]
    assert to_targets.cc == ["harkat@iclmg.example"]
    assert to_targets.subject == "Let Mohamed Harkat stay in Canada"
    assert to_targets.body.startswith("Dear Minister McCallum and Minister Goodale,")
    assert "As a resident of Ottawa, I ask you" in to_targets.body
    assert "I urge Minister McCallum and Minister Goodale to act." in to_targets.body
    assert to_targets.body.endswith("Jane Doe\nOttawa\nK1A 0A6")
    copy = next(m for m in messages if not m.cc)
    assert copy.to == ["Jane Doe <jane@example.com>"]

    page.get_by_role("link", name="See what happens to your letter").click()
    assert page.get_by_role("cell", name="Ralph Goodale (To)").is_visible()
    assert set(letter.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}
