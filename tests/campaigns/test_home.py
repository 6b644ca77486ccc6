from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_campaign

pytestmark = pytest.mark.django_db


def test_it_lists_open_campaigns_but_not_drafts(client, campaign, draft_campaign):
    response = client.get(reverse("campaigns:home"))

    assert response.status_code == 200
    assert campaign.title.encode() in response.content
    assert draft_campaign.title.encode() not in response.content


def test_it_leaves_closed_campaigns_off_the_list(client, campaign, closed_campaign):
    response = client.get(reverse("campaigns:home"))

    assert closed_campaign.title.encode() not in response.content


def test_it_puts_urgent_actions_first_then_the_newest(client, db):
    now = timezone.now()
    make_campaign(title="Old", slug="old", publish_at=now - timedelta(days=9))
    make_campaign(title="New", slug="new", publish_at=now - timedelta(days=1))
    make_campaign(title="Urgent", slug="urgent", urgent=True, publish_at=now - timedelta(days=30))

    response = client.get(reverse("campaigns:home"))

    titles = [c.title for c in response.context["page"].object_list]
    assert titles == ["Urgent", "New", "Old"]


def test_it_shows_each_card_with_its_count_badge_and_closing_date(client, db):
    make_campaign(
        title="Urgent",
        slug="urgent",
        urgent=True,
        letter_count=1287,
        close_at=timezone.now() + timedelta(days=3),
    )

    html = client.get(reverse("campaigns:home")).content.decode()

    assert "1,287 letters sent" in html
    assert '<p class="badge">Urgent</p>' in html
    assert "Closes " in html


def test_it_paginates_with_numbered_links(client, db):
    now = timezone.now()
    for i in range(25):
        make_campaign(title=f"Action {i}", slug=f"action-{i}", publish_at=now - timedelta(hours=i))

    response = client.get(reverse("campaigns:home"), {"page": 2})

    html = response.content.decode()
    assert "Page 2 of 3" in html
    assert 'href="?page=1" rel="prev"' in html
    assert 'href="?page=3" rel="next"' in html
    assert '<span aria-current="page">2</span>' in html
    assert "Action 10" in html and "Action 9<" not in html


def test_it_reads_the_page_in_two_queries_however_many_campaigns(
    client, db, django_assert_num_queries
):
    for i in range(12):
        make_campaign(title=f"Action {i}", slug=f"action-{i}", letter_count=i)

    with django_assert_num_queries(2):  # the count for the pager, then one page of cards
        client.get(reverse("campaigns:home"))
