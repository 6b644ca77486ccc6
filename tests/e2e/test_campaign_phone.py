"""The campaign page on a phone: the form starts within the second screen, and the
model letter is shown once; on a desktop the form stays in its column beside the story."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from campaigns.models import Campaign
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# A sentence of the Harkat model letter, to count where the letter is shown.
LETTER_SENTENCE = "ask you to honour Canada’s obligations under the Convention Against"


@pytest.fixture
def harkat(db):
    call_command("load_demo", stdout=StringIO())
    return Campaign.objects.get(slug="stop-harkat-deportation")


def top_of(locator) -> float:
    """Where an element starts, in pixels from the top of the page."""
    return locator.evaluate("e => e.getBoundingClientRect().top + window.scrollY")


def visible_tags(locator) -> list[str]:
    """The tag of each element the locator finds that is shown on the page."""
    return [
        locator.nth(i).evaluate("e => e.tagName")
        for i in range(locator.count())
        if locator.nth(i).is_visible()
    ]


def test_it_starts_the_form_within_the_second_screen_of_a_phone(page, harkat):
    page.set_viewport_size(PHONE)
    page.goto(harkat.get_absolute_url())

    first_field = page.get_by_label("First name")
    assert first_field.is_visible()
    assert top_of(first_field) < 2 * PHONE["height"], top_of(first_field)
    # The whole form, up to its button, within four screens (it was near eight).
    button = page.get_by_role("button", name="Review my letter")
    assert top_of(button) < 4 * PHONE["height"], top_of(button)
    assert_accessible(page)
    page.screenshot(
        path=str(SCREENSHOTS / "campaign-page-phone-form.png"),
        clip={"x": 0, "y": 0, "width": PHONE["width"], "height": 2 * PHONE["height"]},
    )


def test_it_shows_the_model_letter_once_and_folds_the_readable_copy(page, harkat):
    page.set_viewport_size(PHONE)
    page.goto(harkat.get_absolute_url())

    folded = page.locator("details.model-letter")

    # Once on the screen: in the form's text box; the copy with its blanks explained is folded.
    assert visible_tags(page.get_by_text(LETTER_SENTENCE)) == ["TEXTAREA"]
    assert folded.get_attribute("open") is None
    folded.get_by_text("Read the whole letter").click()
    assert visible_tags(page.get_by_text(LETTER_SENTENCE)) == ["TEXTAREA", "P"]


def test_it_keeps_the_form_beside_the_story_on_a_desktop(page, harkat):
    page.set_viewport_size(DESKTOP)
    page.goto(harkat.get_absolute_url())

    form = page.locator(".letter-form").bounding_box()
    story = page.locator(".story").bounding_box()
    first_field = page.get_by_label("First name")
    assert form["x"] >= story["x"] + story["width"]
    assert abs(form["y"] - story["y"]) < 40  # side by side, from the same line
    assert top_of(first_field) < DESKTOP["height"]
