"""No dead ends: branded 404 and 500 pages that point to the current actions,
a favicon with no console error, and robots.txt."""

import pytest
from django.test import Client
from django.urls import reverse

from advocacy.views import server_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False


def test_it_shows_a_branded_404_that_points_to_the_open_actions(
    client, production, campaign, closed_campaign
):
    response = client.get("/en/campaigns/no-such-campaign/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "We could not find that page" in html
    assert '<a class="brand"' in html
    assert f'<a href="{campaign.get_absolute_url()}">Stop the deportation</a>' in html
    assert "An old action" not in html  # closed: not a current action
    assert 'href="/en/"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_it_says_so_in_french_on_a_french_address(client, production, campaign):
    html = client.get("/fr/campagnes-introuvables/").content.decode()

    assert '<html lang="fr">' in html
    assert "Nous n’avons pas trouvé cette page" in html


def test_it_renders_the_500_page_without_touching_the_database(
    rf, production, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/en/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "ICLMG" in html
    assert 'href="/en/"' in html and 'href="/en/achievements/"' in html


def test_it_serves_the_500_page_when_a_view_fails(production, monkeypatch, campaign):
    from campaigns import views

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views, "render_campaign", broken)
    client = Client(raise_request_exception=False)

    response = client.get(campaign.get_absolute_url())

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_it_tells_robots_to_index_campaigns_and_not_supporters_pages(client):
    response = client.get("/robots.txt")

    text = response.content.decode()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert text.startswith("User-agent: *\n")
    for path in (
        "/admin/", "/en/letters/", "/fr/letters/", "/en/reports/", "/en/preview/",
        "/en/privacy/access/", "/fr/privacy/report/",
    ):  # fmt: skip
        assert f"Disallow: {path}\n" in text
    assert "Disallow: /en/campaigns/" not in text
    assert "Disallow: /\n" not in text


def test_it_serves_a_favicon_at_the_address_browsers_ask_for(client, campaign):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/icons/favicon.ico"
    html = client.get(campaign.get_absolute_url()).content.decode()
    assert '<link rel="icon" href="/static/icons/favicon.svg" type="image/svg+xml">' in html
    assert reverse("favicon") == "/favicon.ico"
