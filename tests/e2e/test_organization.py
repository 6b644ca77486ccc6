"""The organization's identity in a real browser: staff edit it in the admin, and every
page's header and footer show it at once; screenshots for the README."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from campaigns.models import Organization
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible
from tests.reports.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_it_shows_an_editor_s_change_to_the_identity_in_every_page_s_header_and_footer(page, demo):
    # Groups come from migrations, which a browser test's flush empties: the permissions.
    make_user("edith", "campaigns.view_organization", "campaigns.change_organization")
    page.set_viewport_size(DESKTOP)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("edith")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.goto("/admin/campaigns/organization/")

    assert page.get_by_label("Full name [en]:").input_value() == (
        "International Civil Liberties Monitoring Group"
    )
    page.get_by_label("Mailing address [en]:").fill("P.O. Box 1234, Station B\nOttawa ON  K1P 6R1")
    page.get_by_label("Contact email:").fill("contact@iclmg.example")
    page.screenshot(path=str(SCREENSHOTS / "admin-organization.png"), full_page=True)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.context.clear_cookies()  # an anonymous visitor, served the public pages
    page.goto("/")
    header = page.locator(".site-header")
    footer = page.locator(".site-footer address")
    name = "International Civil Liberties Monitoring Group"
    expect(header.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(footer).to_contain_text("P.O. Box 1234, Station B")
    expect(footer).to_contain_text("Ottawa ON K1P 6R1")
    expect(footer.get_by_role("link", name="contact@iclmg.example")).to_be_visible()
    assert_accessible(page)
    header.screenshot(path=str(SCREENSHOTS / "organization-header.png"))
    page.locator(".site-footer").screenshot(path=str(SCREENSHOTS / "organization-footer.png"))

    page.goto("/fr/")
    assert header.locator(".brand").inner_text().startswith("Coalition pour la surveillance")
    expect(footer).to_contain_text("Ottawa (Ontario)")

    page.set_viewport_size(PHONE)
    page.goto("/")
    # The short name on a phone, the logo beside it.
    expect(header.get_by_role("link", name="ICLMG", exact=True)).to_be_visible()
    assert header.locator(".brand__logo").is_visible()
    header.screenshot(path=str(SCREENSHOTS / "organization-header-phone.png"))
    assert Organization.objects.get().contact_email == "contact@iclmg.example"
