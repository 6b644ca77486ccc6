import pytest

from tests.conftest import make_letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_prints_each_target_on_its_own_sheet_without_the_site_around_it(page, campaign):
    letter = make_letter(campaign)
    page.goto(f"/letters/{letter.public_id}/")
    page.get_by_role("link", name="Print this letter").click()

    page.emulate_media(media="print")

    letters = page.locator("article.print-page")
    assert letters.count() == 2
    assert page.locator(".site-header nav").is_hidden()
    assert page.locator(".print-help").is_hidden()
    assert letters.first.evaluate("e => getComputedStyle(e).breakAfter") == "page"
    recipient = letters.first.locator("address.recipient").inner_text()
    # Two spaces before the postal code, as Canada Post writes it.
    assert recipient.splitlines()[-1] == "Ottawa ON  K1A 0A6"
    pdf = page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF")


def test_it_asks_to_cosign_from_the_statement_page(page, statement):
    page.goto(statement.get_absolute_url())
    # The statement's page is the same for everyone (cached); the form has its own page.
    page.get_by_role("link", name="Ask to co-sign").click()
    form = page.locator("form", has=page.get_by_role("button", name="Ask to co-sign"))
    form.get_by_label("Organization").fill("Amnistie internationale")
    form.get_by_label("Contact person").fill("Élise Roy")
    form.get_by_label("Email").fill("elise@amnistie.example")
    page.get_by_role("button", name="Ask to co-sign").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for asking to co-sign"
    assert statement.cosigners.get(name="Amnistie internationale").status == "requested"


def test_it_keeps_the_sites_new_pages_accessible(page, statement, campaign):
    from django.core.management import call_command

    from tests.e2e.conftest import assert_accessible

    call_command("load_demo", stdout=None)
    letter = make_letter(campaign)
    for url in (
        statement.get_absolute_url(),
        "/campaigns/stop-harkat-deportation/",
        "/achievements/",
        "/digest/",
        f"/campaigns/{statement.slug}/print/",
        f"/campaigns/{statement.slug}/cosign/",
        f"/letters/{letter.public_id}/print/",
        f"/letters/{letter.public_id}/thanks/",
    ):
        page.goto(url)
        assert_accessible(page)
