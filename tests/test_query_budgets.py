"""Query budgets of the busiest pages: a regression in the number of queries shows in CI.

The campaign page's cached path (no query at all) is in tests/campaigns/test_page_cache.py.
"""

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from reports.tallies import fold_counts
from tests.conftest import letter_data, make_campaign, make_letter, unwrite_organization

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    unwrite_organization()


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
    # Campaign, model letter, its targets, achievement, appeal, whether it has a call
    # script, the response wall's tallies and replies, and the close time for the cache's
    # expiry; the next visitors are served from the cache (tests/campaigns/test_page_cache.py).
    with django_assert_max_num_queries(9):
        response = client.get(reverse("campaigns:detail", args=[campaign.slug]))

    assert response.status_code == 200


def test_it_stores_a_letter_in_a_bounded_number_of_queries(
    client, campaign, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.post(reverse("letters:send", args=[campaign.slug]), letter_data())

    assert response.status_code == 302
    fold_counts()
    campaign.refresh_from_db()
    assert campaign.letter_count == 1


def test_it_reviews_and_stores_a_letter_without_reading_the_campaign_again(
    client, campaign, settings, django_assert_num_queries
):
    """The campaign, its model letter and targets come from the version-keyed cache:
    a submission is the letter and its deliveries, and nothing about the campaign."""
    settings.CAMPAIGN_PAGE_CACHE_SECONDS = 30
    client.get(campaign.get_absolute_url())  # the first visitor fills the cache

    with django_assert_num_queries(0):
        review = client.post(reverse("letters:review", args=[campaign.slug]), letter_data())
    # The letter alone, in the test's savepoint pair (in production one INSERT that
    # commits by itself): its deliveries are the delivery worker's.
    with django_assert_num_queries(3):
        sent = client.post(reverse("letters:send", args=[campaign.slug]), letter_data())

    assert review.status_code == 200 and sent.status_code == 302


def test_it_stores_a_letter_with_one_round_trip_to_the_cache(
    client, campaign, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Besides the database, the wake-up of a delivery worker. The campaign comes from
    this process's memory (the review put it there); the news box's wording (the
    organization's name) is read only where a form is shown, and the send shows none."""
    from django.core.cache import caches

    settings.CAMPAIGN_PAGE_CACHE_SECONDS = 30
    shared, asked = caches["default"], []
    for name in ("get", "get_many", "add", "set", "incr", "delete", "delete_many"):
        method = getattr(shared, name)
        monkeypatch.setattr(
            shared, name, lambda *a, _m=method, _n=name, **k: asked.append(_n) or _m(*a, **k)
        )

    with time_machine.travel(timezone.now(), tick=False):
        client.post(reverse("letters:review", args=[campaign.slug]), letter_data())
        asked.clear()
        with django_capture_on_commit_callbacks() as after_commit:
            sent = client.post(reverse("letters:send", args=[campaign.slug]), letter_data())

    assert sent.status_code == 302
    assert asked == []
    assert [f.__name__ for f in after_commit] == ["kick"]  # one add() to the cache


def test_it_shows_a_staff_edit_to_the_next_submission(client, campaign, settings):
    settings.CAMPAIGN_PAGE_CACHE_SECONDS = 30
    client.get(campaign.get_absolute_url())
    campaign.sending_paused = True
    campaign.save()  # a staff edit: the cached campaign is stale at once

    response = client.post(reverse("letters:send", args=[campaign.slug]), letter_data())

    assert response.status_code == 200  # refused: paused


def test_it_folds_any_number_of_letters_in_a_few_statements_per_campaign(
    campaign, django_assert_max_num_queries
):
    from reports.tallies import fold_counts

    for i in range(30):
        make_letter(campaign, email=f"s{i}@example.com")

    # The lock, the letters, the campaign's counters, the tallies (one upsert each for
    # places, sources and referrals: none here), the signers (read, row, update), the
    # deliveries (read, their letters, one update per state move, tallies read and
    # upsert), and the savepoint pair.
    with django_assert_max_num_queries(15):
        assert fold_counts() == 30


def test_it_sends_a_batch_in_the_same_few_queries_however_many_letters(
    campaign, mailoutbox, django_assert_num_queries, monkeypatch
):
    from letters import delivery

    monkeypatch.setattr(delivery, "RECORD_SECONDS", 60)  # a quick batch, however slow CI is
    for i in range(10):
        make_letter(campaign, email=f"s{i}@example.com", send_copy=i % 2 == 0)

    # Whether letters await their deliveries; the claim; the letters' deliveries, the
    # letters, their campaigns, model letters and targets, each row read once; the pace;
    # then, once every message is out, one statement records the outcomes and one moves
    # the letters' modified time (the API's sync), in one transaction.
    with django_assert_num_queries(10):
        assert delivery.send_due() == 35

    assert len(mailoutbox) == 15


@pytest.mark.parametrize("letters", [2, 10])
def test_it_creates_a_batchs_deliveries_in_the_same_few_queries_however_many_letters(
    campaign, letters, django_assert_num_queries
):
    from letters import services

    for i in range(letters):
        services.submit_letter(
            campaign,
            template=campaign.letter_templates.first(),
            **letter_data(email=f"s{i}@example.com", send_copy=i % 2 == 0),
        )

    # Whether letters await; then, in one transaction (the test's savepoint pair), the
    # letters taken, read with their MPs; their campaigns, model letters and targets,
    # each read once; the unproven letters of their addresses set aside; their
    # deliveries in one insert.
    with django_assert_num_queries(10):
        assert services.create_awaited_deliveries().letters == letters


@pytest.mark.parametrize("letters", [2, 10])
def test_it_sends_new_letters_in_the_same_few_queries_however_many(
    campaign, letters, mailoutbox, django_assert_num_queries, monkeypatch
):
    from letters import delivery, services

    monkeypatch.setattr(delivery, "RECORD_SECONDS", 60)  # a quick batch, however slow CI is
    for i in range(letters):
        services.submit_letter(
            campaign,
            template=campaign.letter_templates.first(),
            **letter_data(email=f"s{i}@example.com", send_copy=i % 2 == 0),
        )

    # Creating their deliveries, claimed (the ten queries above); the claim of others due
    # again, for the batch's room left (none); the outcomes recorded, as above. Their
    # deliveries, letters and targets are not read again.
    with django_assert_num_queries(14):
        assert delivery.send_batch().sent == letters * 3 + (letters + 1) // 2

    assert len(mailoutbox) == letters + (letters + 1) // 2
    assert not delivery.send_batch().sent


def test_it_puts_off_a_batch_the_mail_server_refuses_in_the_same_few_queries(
    campaign, settings, django_assert_num_queries
):
    from letters import delivery
    from letters.models import Delivery
    from tests.letters.smtp_sink import HangUp, smtp_settings

    for i in range(10):
        make_letter(campaign, email=f"s{i}@example.com")

    with HangUp() as server:
        smtp_settings(settings, server.port)
        # Letters awaiting deliveries, the claim, the five reads and the pace; the first
        # letter's failure is recorded before anything else is tried, the other nine are
        # put off together.
        with django_assert_num_queries(10):
            assert delivery.send_due() == 0

    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.QUEUED}


def test_it_renders_the_embedded_action_in_a_few_queries_then_from_the_cache(
    client, campaign, partner, settings, django_assert_max_num_queries
):
    settings.CAMPAIGN_PAGE_CACHE_SECONDS = 30
    url = reverse("letters:embed", args=[campaign.slug])
    # Campaign, model letter, its targets, the organization's name for the news box, and
    # the close time for the cache's expiry; then nothing: the frame is the same for all.
    with django_assert_max_num_queries(5):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get(url, {"utm_source": "newsletter"}).status_code == 200
    # A partner's frame is rendered each time (its consent box names the partner): the
    # partner, and the close time.
    with django_assert_max_num_queries(2):
        assert client.get(url, {"partner": partner.slug}).status_code == 200


def test_it_shows_a_partner_its_page_in_a_few_queries(
    client, campaign, partner, django_assert_max_num_queries
):
    from django.contrib.auth.models import User

    for n in range(5):
        client.post(
            reverse("letters:send", args=[campaign.slug]),
            letter_data(email=f"p{n}@example.com", partner="bccla", partner_consent="on"),
        )
    staff = User.objects.create_user("pat")
    partner.staff.add(staff)
    client.force_login(staff)

    # Session, user, the partner, its staff check, letters per campaign, consents per
    # campaign, the campaigns, and the language links' look for a campaign of that slug.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("partners:detail", args=[partner.slug]))

    assert response.context["total"]["letters"] == 5


@pytest.fixture
def letters_in_two_campaigns(campaign, client):
    """Letters from the form, in two campaigns, from a newsletter and a friend's share."""
    other = make_campaign(title="Repeal C-51", slug="repeal-c51")
    other.letter_templates.create(subject="Repeal", body="Repeal it.")
    for n, target in enumerate([campaign, campaign, campaign, other]):
        client.post(
            reverse("letters:send", args=[target.slug]),
            letter_data(email=f"s{n}@example.com", utm_source="newsletter", ref="abc"),
        )
    fold_counts()  # the counting job
    return campaign


def test_it_recomputes_the_reports_pages_from_the_tallies_in_a_few_queries(
    client, organizer, letters_in_two_campaigns, settings, django_assert_max_num_queries
):
    """Recomputed on every request here (REPORTS_CACHE_SECONDS is 0), the report pages
    read the maintained tallies, never the letters: a few small reads, whatever the
    number of letters."""
    assert settings.REPORTS_CACHE_SECONDS == 0
    client.force_login(organizer)
    index = reverse("reports:index")
    page = reverse("reports:campaign", args=[letters_in_two_campaigns.slug])
    client.get(index)  # the session and permissions, as for a returning organizer

    # Session, user, permissions; a savepoint (with its work_mem), the campaigns, the
    # letter tallies per campaign and in all, the delivery tallies, the signers, and the
    # export form's campaigns.
    with django_assert_max_num_queries(13) as index_queries:
        assert client.get(index).status_code == 200
    # Session, user, permissions, the campaign; tallies per day, per place and their
    # ridings, per target and their targets; calls, replies; sources and referrers.
    with django_assert_max_num_queries(15) as page_queries:
        response = client.get(page)

    assert response.context["summary"].letters == 3
    assert response.context["sources"][0]["letters"] == 3
    for queries in (index_queries, page_queries):
        assert not [q for q in queries.captured_queries if "letters_letter" in q["sql"]]
