"""Query budgets of the busiest pages: a regression in the number of queries shows in CI.

The campaign page's cached path (no query at all) is in tests/campaigns/test_page_cache.py.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.conftest import letter_data, make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def test_it_lists_campaigns_on_the_home_page_in_two_queries(
    client, campaign, closed_campaign, django_assert_max_num_queries
):
    for n in range(12):
        make_campaign(title=f"Campaign {n}", slug=f"campaign-{n}", letter_count=n)

    # The page of campaigns and the paginator's count; counts come from letter_count.
    with django_assert_max_num_queries(2):
        response = client.get(reverse("campaigns:home"))

    assert response.status_code == 200


def test_it_renders_a_campaign_page_for_its_first_visitor_in_a_few_queries(
    client, campaign, settings, django_assert_max_num_queries
):
    settings.CAMPAIGN_PAGE_CACHE_SECONDS = 30
    # Campaign, model letter, its targets, achievement, appeal, and the close time for
    # the cache's expiry; the next visitors are served from the cache
    # (tests/campaigns/test_page_cache.py).
    with django_assert_max_num_queries(6):
        response = client.get(reverse("campaigns:detail", args=[campaign.slug]))

    assert response.status_code == 200


def test_it_stores_a_letter_in_a_bounded_number_of_queries(
    client, campaign, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.post(reverse("letters:send", args=[campaign.slug]), letter_data())

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.letter_count == 1
