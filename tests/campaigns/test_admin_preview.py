from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from campaigns.preview import preview_url

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver")


def test_it_shows_a_draft_through_its_preview_link_to_someone_without_an_account(
    client, draft_campaign, django_assert_max_num_queries
):
    assert client.get(draft_campaign.get_absolute_url()).status_code == 404

    # As a campaign page's first render, with its call script and response wall.
    with django_assert_max_num_queries(8):
        response = client.get(path_of(preview_url(draft_campaign)))

    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Not yet</h1>" in body
    assert "The story." in body
    assert "Send your letter" in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_it_renders_the_same_page_the_public_will_see(client, campaign):
    public = client.get(campaign.get_absolute_url()).content.decode()
    preview = client.get(path_of(preview_url(campaign))).content.decode()

    # Each has its own tokens (CSRF, the signed fill time), and its own address in the
    # other language.
    strip = lambda html: "\n".join(  # noqa: E731
        line
        for line in html.splitlines()
        if not any(part in line for part in ("csrfmiddlewaretoken", 'name="started"', "hreflang"))
    )
    assert strip(preview) == strip(public)


def test_it_stops_working_after_seven_days(client, draft_campaign):
    with time_machine.travel(timezone.now(), tick=False):
        url = path_of(preview_url(draft_campaign))
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1), tick=False):
        assert client.get(url).status_code == 404


def test_it_404s_on_a_tampered_link(client, draft_campaign, closed_campaign):
    url = path_of(preview_url(draft_campaign))
    token = url.split("/")[-2]
    other = token.replace(str(draft_campaign.pk), str(closed_campaign.pk), 1)

    assert client.get(reverse("campaigns:preview", args=[other])).status_code == 404
    assert client.get(reverse("campaigns:preview", args=[token[:-2] + "xx"])).status_code == 404
    assert client.get(reverse("campaigns:preview", args=["not-a-token"])).status_code == 404


def test_it_404s_once_the_campaign_is_deleted(client, editor, db):
    from tests.conftest import make_campaign

    doomed = make_campaign(slug="doomed", status="draft")
    url = path_of(preview_url(doomed))
    doomed.delete()

    assert client.get(url).status_code == 404


def test_it_shows_the_preview_link_on_the_campaign_form(editor_client, draft_campaign):
    response = editor_client.get(
        reverse("admin:campaigns_campaign_change", args=[draft_campaign.pk])
    )

    body = response.content.decode()
    assert "http://testserver/en/preview/" in body
    assert "for 7 days" in body
