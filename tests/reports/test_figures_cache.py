"""The report pages keep their figures for REPORTS_CACHE_SECONDS and say when they were computed."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.tallies import fold_counts
from tests.conftest import make_letter, unwrite_organization
from tests.reports.conftest import NOW

pytestmark = pytest.mark.django_db

INDEX = reverse("reports:index")
CAMPAIGN = reverse("reports:campaign", args=["stop-the-deportation"])


@pytest.fixture
def cached_figures(settings):
    settings.REPORTS_CACHE_SECONDS = 60
    cache.clear()
    unwrite_organization()
    yield settings
    cache.clear()


def letters_on_index(response) -> int:
    rows = {r.campaign.slug: r for r in response.context["rows"]}
    return rows["stop-the-deportation"].letters


def test_it_says_when_the_figures_were_computed(client, organizer, report_data, frozen_clock):
    """Even computed afresh (the test settings), the page gives the time, local."""
    client.force_login(organizer)

    for url in (INDEX, CAMPAIGN):
        assert "Figures as of 15:00" in client.get(url).content.decode()


def test_it_shows_the_figures_as_of_their_time_until_they_are_a_minute_old(
    client, organizer, report_data, cached_figures
):
    client.force_login(organizer)
    with time_machine.travel(NOW, tick=False) as clock:
        first = client.get(INDEX)
        make_letter(report_data["a"], email="new@example.com")
        fold_counts()  # the counting job, a few seconds later
        clock.move_to(NOW + timedelta(seconds=59))
        within = client.get(INDEX)
        clock.move_to(NOW + timedelta(seconds=61))
        after = client.get(INDEX)

    assert letters_on_index(first) == letters_on_index(within) == 4
    assert "Figures as of 15:00" in within.content.decode()
    assert "recomputed when over 60 seconds old" in within.content.decode()
    assert letters_on_index(after) == 5
    assert "Figures as of 15:01" in after.content.decode()


def test_it_keeps_a_campaign_page_as_of_its_time_until_a_minute_old(
    client, organizer, report_data, cached_figures
):
    client.force_login(organizer)
    with time_machine.travel(NOW, tick=False) as clock:
        first = client.get(CAMPAIGN)
        make_letter(report_data["a"], email="new@example.com")
        fold_counts()  # the counting job, a few seconds later
        clock.move_to(NOW + timedelta(seconds=30))
        within = client.get(CAMPAIGN)
        clock.move_to(NOW + timedelta(seconds=61))
        after = client.get(CAMPAIGN)

    assert first.context["summary"].letters == within.context["summary"].letters == 4
    assert "Figures as of 15:00" in within.content.decode()
    assert after.context["summary"].letters == 5
    assert "Figures as of 15:01" in after.content.decode()


def test_it_keeps_each_period_apart(client, organizer, report_data, cached_figures, frozen_clock):
    client.force_login(organizer)

    whole = client.get(INDEX)
    period = client.get(INDEX, {"from": "2026-03-04", "to": "2026-03-09"})
    campaign_period = client.get(CAMPAIGN, {"from": "2026-03-04", "to": "2026-03-09"})

    assert letters_on_index(whole) == 4
    assert letters_on_index(period) == 2
    assert campaign_period.context["summary"].letters == 2


def test_it_counts_no_letter_while_the_figures_are_fresh(
    client, organizer, report_data, cached_figures, frozen_clock
):
    client.force_login(organizer)
    client.get(INDEX)
    client.get(CAMPAIGN)

    for url in (INDEX, CAMPAIGN):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert not [q for q in queries if "letters_" in q["sql"]]
        # session, user, two permission lookups, the campaign (or the export form's list)
        assert len(queries) <= 5
