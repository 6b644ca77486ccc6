"""A supporter writes to "your MP" in a real browser; the message goes to that MP."""

import re
from io import StringIO

import pytest

from campaigns.models import Campaign
from tests.e2e.conftest import assert_accessible
from tests.represent_fake import BAINS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THANKS = re.compile("Your letter is on its way")


def fill_in_the_letter(page, campaign, postal_code):
    page.goto(f"/campaigns/{campaign.slug}/")
    form = page.locator(".letter-form")  # a statement's page has a co-signing form too
    form.get_by_label("First name").fill("Jane")
    form.get_by_label("Last name").fill("Doe")
    form.get_by_label("Email").fill("jane@example.com")
    form.get_by_label("Postal code").fill(postal_code)
    page.get_by_role("button", name="Review my letter").click()


def test_it_sends_the_letter_to_the_mp_for_the_postal_code(
    page, mp_campaign, bc_mps, represent, mailoutbox
):
    represent.postcode("V7A5J9", centroid=[BAINS])

    fill_in_the_letter(page, mp_campaign, "v7a 5j9")

    found = page.locator(".mp-found")
    assert found.inner_text() == (
        "Your letter will go to: Parm Bains, MP for Richmond East—Steveston"
    )
    assert "Parm Bains <parm.bains@parl.gc.ca>" in page.locator(".headers").first.inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Send my letter").click()
    page.get_by_role("heading", name=THANKS).wait_for()

    assert len(mailoutbox) == 1
    assert "Parm Bains <parm.bains@parl.gc.ca>" in mailoutbox[0].to
    assert "Ralph Goodale <ralph.goodale@parl.gc.ca>" in mailoutbox[0].to


def test_it_lets_the_supporter_find_their_riding_when_represent_is_down(
    page, mp_campaign, bc_mps, represent, mailoutbox
):
    represent.fail("/postcodes/V6Z2A9/", 503)

    fill_in_the_letter(page, mp_campaign, "V6Z 2A9")

    assert page.get_by_text("We could not look up your MP just now.").is_visible()
    page.get_by_label("Search by riding or MP name").fill("vancouver")
    page.get_by_label("Search by riding or MP name").press("Enter")
    page.get_by_label("Hedy Fry, MP for Vancouver Centre").check()
    assert page.get_by_role("radio").count() == 1
    assert_accessible(page)
    page.get_by_role("button", name="See my letter to this MP").click()
    assert "Hedy Fry <hedy.fry@parl.gc.ca>" in page.locator(".headers").first.inner_text()
    page.get_by_role("button", name="Send my letter").click()
    page.get_by_role("heading", name=THANKS).wait_for()

    assert len(mailoutbox) == 1
    assert "Hedy Fry <hedy.fry@parl.gc.ca>" in mailoutbox[0].to
    assert represent.postcode_requests("V6Z2A9") == 1


def test_it_sends_the_tell_your_mp_letter_from_k2p_with_represent_unreachable(page, mailoutbox):
    """The demo as `make run` loads it; Represent is a closed port (the test settings')."""
    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    campaign = Campaign.objects.get(slug="uphold-the-right-to-dissent")

    fill_in_the_letter(page, campaign, "K2P 1L4")

    page.get_by_role("heading", name="Choose your MP").wait_for()
    assert page.get_by_text("We could not look up your MP just now.").is_visible()
    radios = page.get_by_role("radio")
    assert 1 < radios.count() <= 12
    first = page.locator(".mp-pick label").first.inner_text()
    assert first == "Yasir Naqvi, MP for Ottawa Centre (Liberal)"
    assert_accessible(page)
    page.get_by_label("Yasir Naqvi, MP for Ottawa Centre").check()
    page.get_by_role("button", name="See my letter to this MP").click()

    page.get_by_role("heading", name="Review your letter").wait_for()
    letter = page.locator(".letter-text").inner_text()
    assert letter.startswith("Dear Yasir Naqvi, MP,\n\nAs your constituent, I am writing")
    assert "Please let me know where you stand on this motion." in letter
    assert letter.endswith("Jane Doe\nK2P 1L4")
    assert "Yasir Naqvi <yasir.naqvi@parl.gc.ca>" in page.locator(".headers").first.inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Send my letter").click()
    page.get_by_role("heading", name=THANKS).wait_for()

    assert [m.to for m in mailoutbox] == [["Yasir Naqvi <yasir.naqvi@parl.gc.ca>"]]
    assert mailoutbox[0].body == letter
