import re

import pytest
from playwright.sync_api import expect

from campaigns.models import Campaign
from tests.reports.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def pick_target(page, inline, name: str) -> None:
    inline.locator(".field-targets .select2-selection").click()
    page.locator(".select2-search__field").last.fill(name.split()[0])
    page.locator(".select2-results__option", has_text=name).click()


def test_it_lets_an_editor_publish_a_new_campaign_through_the_admin(
    page, editor, minister_goodale, minister_mccallum
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, editor.username)

    page.goto("/admin/campaigns/campaign/add/")
    page.get_by_label("Title [en]:").press_sequentially("Free Mohamed now")
    expect(page.get_by_label("Slug:", exact=True)).to_have_value("free-mohamed-now")
    page.get_by_label("Summary [en]:").fill("He has waited in detention for two years.")

    story = page.locator("trix-editor[input='id_story_en']")
    source = page.locator("#id_story_en")
    toolbar = page.locator(f"#{story.get_attribute('toolbar')}")
    bold = toolbar.get_by_role("button", name="Bold")
    story.click()
    page.keyboard.type("He was detained ")
    expect(source).to_have_value(re.compile("detained"))
    bold.click()
    expect(bold).to_have_class(re.compile("trix-active"))
    page.keyboard.type("without charge")
    expect(source).to_have_value(re.compile("<strong>without charge</strong>"))

    page.get_by_label("Status:").select_option("published")

    # The model letter's fields are there from the start: no "Add another" to find.
    letter = page.locator("#letter_templates-0")
    letter.get_by_label("Subject [en]:").fill("Release Mohamed, {first_name} asks")
    letter.get_by_label("Body [en]:").fill("I write from {city}: release him.")
    pick_target(page, letter, "Ralph Goodale")
    pick_target(page, letter, "John McCallum")

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    campaign = Campaign.objects.get(slug="free-mohamed-now")
    assert campaign.status == Campaign.Status.PUBLISHED
    assert "<strong>without charge</strong>" in campaign.story
    assert campaign.letter_templates.get().targets.count() == 2

    page.goto("/")
    page.get_by_role("link", name="Free Mohamed now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Free Mohamed now")
    expect(page.locator(".story strong")).to_have_text("without charge")
    expect(page.get_by_text("Ralph Goodale, Minister of Public Safety")).to_be_visible()


def test_it_takes_an_organizer_from_the_admin_to_a_campaigns_report_by_links(page, campaign):
    # An organizer's permissions by name: the role groups do not outlive the flush of
    # an earlier browser test's database.
    organizer = make_user("olive", "campaigns.view_campaign", "campaigns.view_reports")
    organizer.set_password("correct horse battery staple")
    organizer.save()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, organizer.username)

    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Campaign reports")

    page.go_back()
    # The model's row in the index (the app's caption is a "Campaigns" link too).
    page.get_by_role("rowheader").get_by_role("link", name="Campaigns", exact=True).first.click()
    row = page.get_by_role("row").filter(has_text=campaign.title)
    row.get_by_role("link", name="Report", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(campaign.title)
    assert page.url.endswith(f"/reports/campaigns/{campaign.slug}/")
