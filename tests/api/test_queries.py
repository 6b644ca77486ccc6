"""Query budgets: a page of the API costs the same few queries whatever its size."""

import pytest

from tests.api.conftest import auth, make_key
from tests.conftest import make_letter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("letters", [2, 20])
def test_it_reads_a_page_of_outreaches_in_a_fixed_number_of_queries(
    client, campaign, partner, letters, django_assert_num_queries
):
    from partners.services import record_consent

    for i in range(letters):
        letter = make_letter(campaign, email=f"s{i}@example.com")
        record_consent(letter, partner=partner)
    key, secret = make_key(scopes=("counts", "letters"))
    client.get("/api/v1/", **auth(secret))  # the key's last use is written once a minute

    # The key, the letters, their deliveries to targets, their consents.
    with django_assert_num_queries(4):
        page = client.get("/api/v1/outreaches/?per_page=100", **auth(secret))

    assert len(page.json()["_embedded"]["osdi:outreaches"]) == letters


@pytest.mark.parametrize("letters", [2, 20])
def test_it_reads_a_page_of_people_in_a_fixed_number_of_queries(
    client, campaign, letters, django_assert_num_queries
):
    for i in range(letters):
        make_letter(campaign, email=f"s{i}@example.com")
    key, secret = make_key(scopes=("people",))
    client.get("/api/v1/", **auth(secret))

    # The key, the people, and the export log's line.
    with django_assert_num_queries(3):
        page = client.get("/api/v1/people/?per_page=100", **auth(secret))

    assert len(page.json()["_embedded"]["osdi:people"]) == letters


def test_it_reads_a_page_of_campaigns_in_a_fixed_number_of_queries(
    client, campaign, closed_campaign, django_assert_num_queries
):
    key, secret = make_key(scopes=("counts",))
    client.get("/api/v1/", **auth(secret))

    # The key, the campaigns, their model letters, their targets.
    with django_assert_num_queries(4):
        page = client.get("/api/v1/advocacy_campaigns/", **auth(secret))

    assert len(page.json()["_embedded"]["osdi:advocacy_campaigns"]) == 2
