"""Incremental sync: pages by cursor in modified order, filters on modified_date."""

from datetime import timedelta

import pytest
from django.utils import timezone

from letters import delivery
from tests.api.conftest import auth, make_key
from tests.conftest import make_letter

pytestmark = pytest.mark.django_db


def _ids(page: dict) -> list[str]:
    return [o["identifiers"][0] for o in page["_embedded"]["osdi:outreaches"]]


def _get(client, url: str, secret: str) -> dict:
    response = client.get(url, **auth(secret))
    assert response.status_code == 200, response.content
    return response.json()


def test_it_returns_each_letter_exactly_once_across_pages_while_letters_keep_arriving(
    client, campaign, settings, time_machine
):
    settings.API_SYNC_LAG_SECONDS = 5
    clock = timezone.now()
    time_machine.move_to(clock, tick=False)
    written = []

    def letters_arrive(n: int) -> None:
        nonlocal clock
        for _ in range(n):
            clock += timedelta(seconds=1)
            time_machine.move_to(clock, tick=False)
            written.append(make_letter(campaign, email=f"s{len(written)}@example.com"))

    letters_arrive(7)
    clock += timedelta(seconds=10)  # past the lag: all seven are there to read
    key, secret = make_key(scopes=("letters",))
    seen = []
    url = "/api/v1/outreaches/?per_page=3"
    while True:
        clock += timedelta(seconds=1)
        time_machine.move_to(clock, tick=False)
        page = _get(client, url, secret)
        seen += _ids(page)
        letters_arrive(2)  # while the client reads the next page
        if "next" not in page["_links"]:
            break
        url = page["_links"]["next"]["href"]
    # Later, the client resumes where the last page ended, until it catches up.
    letters_arrive(1)
    clock += timedelta(seconds=10)
    time_machine.move_to(clock, tick=False)
    url = page["_links"]["resume"]["href"]
    while url:
        page = _get(client, url, secret)
        seen += _ids(page)
        url = page["_links"].get("next", {}).get("href")

    assert len(seen) == len(set(seen))
    assert sorted(seen) == sorted(f"advocacy:{letter.public_id}" for letter in written)
    assert len(written) > 7 + 4  # letters did arrive during the sync


def test_it_shows_a_letter_again_once_its_deliveries_change(client, campaign, mailoutbox):
    key, secret = make_key(scopes=("letters",))
    letter = make_letter(campaign)
    first = _get(client, "/api/v1/outreaches/", secret)
    assert [t["delivery_state"] for t in first["_embedded"]["osdi:outreaches"][0]["targets"]] == [
        "queued",
        "queued",
    ]

    delivery.send_due()
    again = _get(client, first["_links"]["resume"]["href"], secret)

    assert _ids(again) == [f"advocacy:{letter.public_id}"]
    targets = again["_embedded"]["osdi:outreaches"][0]["targets"]
    assert [t["delivery_state"] for t in targets] == ["sent", "sent"]
    assert (
        again["_embedded"]["osdi:outreaches"][0]["modified_date"]
        > (first["_embedded"]["osdi:outreaches"][0]["modified_date"])
    )


def test_it_holds_back_the_newest_rows_so_a_late_commit_is_not_skipped(
    client, campaign, settings, time_machine
):
    """A letter stamped before a page was read but committed after it still comes."""
    settings.API_SYNC_LAG_SECONDS = 5
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    key, secret = make_key(scopes=("letters",))
    early = make_letter(campaign, email="early@example.com")
    time_machine.move_to(start + timedelta(seconds=6), tick=False)
    page = _get(client, "/api/v1/outreaches/", secret)
    assert _ids(page) == [f"advocacy:{early.public_id}"]
    # Stamped 3 seconds before that read, committed only now.
    late = make_letter(campaign, email="late@example.com", now=start + timedelta(seconds=3))

    time_machine.move_to(start + timedelta(seconds=20), tick=False)
    page = _get(client, page["_links"]["resume"]["href"], secret)

    assert _ids(page) == [f"advocacy:{late.public_id}"]


def test_it_filters_by_modified_date_as_osdi_writes_it(client, campaign, time_machine):
    start = timezone.now().replace(microsecond=0)
    time_machine.move_to(start, tick=False)
    old = make_letter(campaign, email="old@example.com")
    time_machine.move_to(start + timedelta(hours=1), tick=False)
    new = make_letter(campaign, email="new@example.com")
    key, secret = make_key(scopes=("letters",))
    middle = (start + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ")

    after = _get(client, f"/api/v1/outreaches/?filter=modified_date gt '{middle}'", secret)
    before = _get(client, f"/api/v1/outreaches/?filter=modified_date lt '{middle}'", secret)

    assert _ids(after) == [f"advocacy:{new.public_id}"]
    assert _ids(before) == [f"advocacy:{old.public_id}"]


@pytest.mark.parametrize(
    "query, message",
    [
        ("filter=modified_date gt yesterday", "filter must look like"),
        ("filter=created_date gt '2026-01-01'", "filter must look like"),
        ("after=12.x", "after is not a cursor this API gave out."),
        ("per_page=1000", "per_page must be a whole number from 1 to 100."),
        ("campaign=abc", "campaign must be a campaign's number."),
    ],
)
def test_it_refuses_a_malformed_query_plainly(client, campaign, query, message):
    key, secret = make_key(scopes=("letters",))

    response = client.get(f"/api/v1/outreaches/?{query}", **auth(secret))

    assert response.status_code == 400
    assert response.json()["detail"].startswith(message)


def test_it_lists_one_campaigns_letters_from_its_link(client, campaign, closed_campaign):
    letter = make_letter(campaign)
    key, secret = make_key(scopes=("counts", "letters"))
    campaigns = _get(client, "/api/v1/advocacy_campaigns/", secret)
    ours = next(
        c
        for c in campaigns["_embedded"]["osdi:advocacy_campaigns"]
        if c["title"] == "Stop the deportation"
    )

    page = _get(client, ours["_links"]["osdi:outreaches"]["href"], secret)
    other = next(
        c for c in campaigns["_embedded"]["osdi:advocacy_campaigns"] if c["title"] != ours["title"]
    )
    empty = _get(client, other["_links"]["osdi:outreaches"]["href"], secret)

    assert _ids(page) == [f"advocacy:{letter.public_id}"]
    assert _ids(empty) == []
