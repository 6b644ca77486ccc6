"""The letter form in a real browser: errors, editing, and the flow without JavaScript."""

import pytest
from playwright.sync_api import expect

from campaigns.models import Campaign
from letters.models import Letter
from tests.conftest import make_campaign, make_letter
from tests.e2e.conftest import PHONE, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_form(page, *, postal_code="K1A 0A6"):
    page.get_by_label("First name").fill("Jane")
    page.get_by_label("Last name").fill("Doe")
    page.get_by_label("Email").fill("jane@example.com")
    page.get_by_label("Postal code").fill(postal_code)


def test_it_moves_focus_to_the_error_summary_and_links_each_error_to_its_field(page, campaign):
    page.goto(campaign.get_absolute_url())
    fill_form(page, postal_code="12345")
    page.get_by_role("button", name="Review my letter").click()

    summary = page.locator("#error-summary")
    # expect() waits for the page and its script, however loaded the machine is.
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.title().startswith("Error:")
    assert_accessible(page)

    summary.get_by_role("link", name="Postal code: Enter a Canadian postal code").click()
    assert page.evaluate("document.activeElement.id") == "id_postal_code"
    assert page.get_by_label("Postal code").get_attribute("aria-invalid") == "true"


def test_it_keeps_what_was_typed_when_the_supporter_goes_back_to_edit(page, campaign):
    page.goto(campaign.get_absolute_url())
    fill_form(page)
    page.get_by_label("Your letter", exact=True).fill("My own words[, from {city}].")
    page.get_by_role("button", name="Review my letter").click()
    page.get_by_role("button", name="Edit").click()

    assert page.get_by_label("First name").input_value() == "Jane"
    assert (
        page.get_by_label("Your letter", exact=True).input_value() == "My own words[, from {city}]."
    )
    assert not Letter.objects.exists()


def test_it_works_without_javascript(browser, live_server, campaign):
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(campaign.get_absolute_url())
        fill_form(page)
        page.get_by_role("button", name="Review my letter").click()
        page.get_by_role("button", name="Send my letter").click()

        assert page.get_by_role("heading", level=1).inner_text().startswith("Thank you, Jane!")
        # The campaign's address with the letter's referral code.
        shared = page.get_by_label("Link to this campaign").input_value()
        assert shared.endswith(
            f"{campaign.get_absolute_url()}?ref={Letter.objects.get().referral_code}"
        )
    finally:
        context.close()
    assert Letter.objects.get().state == Letter.State.ACCEPTED


def test_it_records_a_letter_sent_from_the_supporters_own_mail(page, campaign):
    page.goto(campaign.get_absolute_url())
    fill_form(page)
    page.get_by_role("button", name="Review my letter").click()
    page.get_by_role("button", name="Send it from my own email instead").click()

    mailto = page.get_by_role("link", name="Open in my email app").get_attribute("href")
    assert mailto.startswith("mailto:john.mccallum@parl.gc.ca,ralph.goodale@parl.gc.ca?cc=")
    assert page.get_by_role("link", name="Open in Gmail").is_visible()
    assert_accessible(page)
    assert Letter.objects.get().state == Letter.State.OWN_CLIENT


def test_it_keeps_the_count_live_on_the_campaign_page(page, campaign):
    page.clock.install()
    page.goto(campaign.get_absolute_url())
    Campaign.objects.filter(pk=campaign.pk).update(letter_count=41)

    page.clock.fast_forward(31_000)

    expect(page.locator("#progress-label")).to_have_text("41 letters of 100")
    assert page.evaluate("document.querySelector('progress').value") == 41


def test_it_tells_a_second_signer_kindly_and_shows_the_next_action(page, campaign):
    make_letter(campaign)
    make_campaign(title="Next urgent action", slug="next-urgent", urgent=True)

    page.goto(campaign.get_absolute_url())
    fill_form(page)
    page.get_by_role("button", name="Review my letter").click()
    page.get_by_role("button", name="Send my letter").click()

    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "You have already written to this campaign"
    assert page.get_by_role("link", name="Next urgent action").is_visible()
    assert_accessible(page)
