from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign

pytestmark = pytest.mark.django_db


def test_it_shows_the_story_the_letter_its_targets_and_the_form(client, campaign):
    response = client.get(campaign.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Stop the deportation</h1>" in html
    assert "<p>The story.</p>" in html
    assert "<strong>Ralph Goodale</strong>, Minister of Public Safety" in html
    assert "<strong>John McCallum</strong>, Minister of Immigration" in html
    assert "A copy goes to campaign@example.org" in html
    assert 'action="/en/campaigns/stop-the-deportation/review/"' in html
    assert '<label for="id_postal_code">Postal code</label>' in html


def test_it_shows_the_model_letter_with_readable_placeholders(client, campaign):
    html = client.get(campaign.get_absolute_url()).content.decode()

    assert "Let [your first name]&#x27;s neighbour stay" in html
    assert "I write from [your city] to ask you" in html


def test_it_fills_the_form_with_the_model_letter(client, campaign):
    form = client.get(campaign.get_absolute_url()).context["form"]

    assert form["subject"].value() == "Let {first_name}'s neighbour stay"
    assert form["body"].value().startswith("I write[ from {city}]")
    assert form["news_opt_in"].value() in (None, False)


def test_it_cleans_staff_html_again_when_it_renders(client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(
        story='<p onclick="x()">Hi</p><script>alert(1)</script>'
    )

    html = client.get(campaign.get_absolute_url()).content.decode()

    assert "<script>alert" not in html
    assert "onclick" not in html


def test_it_shows_the_progress_toward_the_goal(client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(letter_count=1234, goal=5000)

    html = client.get(campaign.get_absolute_url()).content.decode()

    assert ">1,234 letters of 5,000</p>" in html
    assert '<progress max="5000" value="1234"' in html
    assert 'data-count-url="/en/campaigns/stop-the-deportation/count/"' in html


def test_it_serves_the_live_count_to_the_progress_bar(client, campaign, django_assert_num_queries):
    Campaign.objects.filter(pk=campaign.pk).update(letter_count=3, own_mail_count=1, goal=5000)

    with django_assert_num_queries(1):
        response = client.get(reverse("campaigns:count", args=[campaign.slug]))

    assert response.json() == {
        "count": 3,
        "sent": 2,
        "own_mail": 1,
        "goal": 5000,
        "percent": 0,
        "label": "3 letters of 5,000",
        "counts_label": "2 letters sent · 1 sent from a supporter's own email",
    }
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=5"


def test_it_serves_no_count_for_a_draft(client, draft_campaign):
    url = reverse("campaigns:count", args=[draft_campaign.slug])

    assert client.get(url).status_code == 404


def test_it_shows_the_appeal_only_when_staff_turned_it_on(client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(
        show_appeal=True, appeal_text="Give today.", appeal_url="https://iclmg.example/give"
    )
    assert b"Give today." in client.get(campaign.get_absolute_url()).content

    Campaign.objects.filter(pk=campaign.pk).update(show_appeal=False)
    assert b"Give today." not in client.get(campaign.get_absolute_url()).content


def test_it_shows_a_closed_campaign_with_its_result_and_count_and_no_form(client, closed_campaign):
    response = client.get(closed_campaign.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"] is None
    assert "This campaign is closed" in html
    assert "<p>We won.</p>" in html
    assert "812 people wrote" in html
    assert "<form" not in html


def test_it_points_a_closed_campaign_to_the_next_open_action(client, closed_campaign, campaign):
    html = client.get(closed_campaign.get_absolute_url()).content.decode()

    closed = html.split('class="closed"')[1].split('class="campaign__body"')[0]
    assert "812 people wrote" in closed
    assert "Your next action" in closed
    assert f'<a href="{campaign.get_absolute_url()}">Stop the deportation</a>' in closed


def test_it_claims_no_count_for_a_closed_campaign_nobody_wrote_to(client, closed_campaign):
    Campaign.objects.filter(pk=closed_campaign.pk).update(letter_count=0)

    html = client.get(closed_campaign.get_absolute_url()).content.decode()

    assert "This campaign is closed" in html
    assert "0 people wrote" not in html
    assert "See what you can do today" in html  # no other open action to name


def test_it_treats_a_campaign_past_its_closing_time_as_closed(client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(close_at=timezone.now() - timedelta(hours=1))

    response = client.get(campaign.get_absolute_url())

    assert response.context["form"] is None
    assert b"This campaign is closed" in response.content


def test_it_hides_a_draft_campaign_from_the_public(client, draft_campaign):
    assert client.get(draft_campaign.get_absolute_url()).status_code == 404


def test_it_hides_a_campaign_scheduled_for_later(client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(
        status=Campaign.Status.SCHEDULED, publish_at=timezone.now() + timedelta(days=1)
    )

    assert client.get(campaign.get_absolute_url()).status_code == 404


def test_it_404s_on_an_unknown_campaign(client, db):
    assert client.get(reverse("campaigns:detail", args=["nope"])).status_code == 404


def test_it_renders_in_eight_queries(client, campaign, django_assert_num_queries):
    # The campaign, its model letter, the letter's targets, its victories, the site's appeal;
    # whether it has a call script; the response wall's tallies and replies.
    with django_assert_num_queries(8):
        client.get(campaign.get_absolute_url())
