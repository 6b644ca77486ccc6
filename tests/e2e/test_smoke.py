import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_opens_a_campaign_from_the_home_page(page, campaign):
    page.goto("/")
    page.get_by_role("link", name=campaign.title).click()

    assert page.get_by_role("heading", level=1).inner_text() == campaign.title
