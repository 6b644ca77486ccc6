"""Every page under /en/ and /fr/, and every address published before that still working."""

import pytest
from django.urls import reverse
from django.utils import translation

from campaigns.models import Campaign
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_slug(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(slug_fr="arretez-l-expulsion")
    campaign.refresh_from_db()
    return campaign


def test_it_sends_an_old_campaign_address_to_the_page_in_the_visitors_language(client, french_slug):
    french = client.get("/campaigns/stop-the-deportation/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
    english = client.get("/campaigns/stop-the-deportation/", HTTP_ACCEPT_LANGUAGE="en-CA")
    nobody = client.get("/campaigns/stop-the-deportation/")

    assert french.status_code == 302
    assert french["Location"] == "/fr/campaigns/arretez-l-expulsion/"
    assert english["Location"] == "/en/campaigns/stop-the-deportation/"
    assert nobody["Location"] == "/en/campaigns/stop-the-deportation/"
    assert client.get(french["Location"]).status_code == 200


def test_it_marks_the_redirect_as_varying_by_visitor_and_never_shared(client, campaign):
    response = client.get("/campaigns/stop-the-deportation/", HTTP_ACCEPT_LANGUAGE="fr")

    vary = {v.strip() for v in response["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary
    assert "private" in response["Cache-Control"]


def test_it_honours_the_language_the_visitor_chose_over_the_browsers(client, campaign):
    client.cookies["django_language"] = "fr"

    response = client.get("/campaigns/stop-the-deportation/", HTTP_ACCEPT_LANGUAGE="en")

    assert response["Location"] == "/fr/campaigns/stop-the-deportation/"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/", "/fr/"),
        ("/achievements/", "/fr/achievements/"),
        ("/digest/", "/fr/digest/"),
        ("/privacy/", "/fr/privacy/"),
        ("/feed/campaigns.atom", "/fr/feed/campaigns.atom"),
        ("/campaigns/stop-the-deportation", "/fr/campaigns/stop-the-deportation/"),
        (
            "/campaigns/stop-the-deportation/?utm_source=x",
            "/fr/campaigns/stop-the-deportation/?utm_source=x",
        ),
    ],
)
def test_it_redirects_every_old_public_address(client, campaign, old, new):
    response = client.get(old, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code in (301, 302)
    assert response["Location"].endswith(new)


def test_it_still_answers_not_found_for_an_address_that_never_existed(client, campaign):
    assert client.get("/campaigns/no-such-campaign/nothing/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404


def test_it_sends_a_letters_old_status_address_to_its_page(client, campaign):
    from tests.conftest import make_letter

    letter = make_letter(campaign)

    response = client.get(f"/letters/{letter.public_id}/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response["Location"] == f"/fr/letters/{letter.public_id}/"


def test_it_keeps_machines_and_staff_addresses_without_a_language(client, campaign):
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/campaigns/counts.json").status_code == 200
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_it_takes_the_language_from_the_address_only(client, campaign):
    client.cookies["django_language"] = "en"

    response = client.get("/fr/campaigns/stop-the-deportation/", HTTP_ACCEPT_LANGUAGE="en")

    assert '<html lang="fr">' in response.content.decode()
    # The same bytes for every visitor: a shared cache may keep it by its address alone.
    assert "Accept-Language" not in response.get("Vary", "")


def test_it_sends_the_english_slug_under_fr_to_the_french_address(client, french_slug):
    response = client.get("/fr/campaigns/stop-the-deportation/")

    assert response.status_code == 301
    assert response["Location"] == "/fr/campaigns/arretez-l-expulsion/"
    assert client.get("/en/campaigns/arretez-l-expulsion/")["Location"] == (
        "/en/campaigns/stop-the-deportation/"
    )


def test_it_takes_a_letter_under_either_slug(client, french_slug):
    with translation.override("fr"):
        url = reverse("letters:review", args=["arretez-l-expulsion"])

    response = client.post(url, letter_data())

    assert response.status_code == 200


def test_it_links_each_page_to_itself_in_the_other_language(client, french_slug):
    english = client.get("/en/campaigns/stop-the-deportation/").content.decode()
    french = client.get("/fr/campaigns/arretez-l-expulsion/").content.decode()

    assert (
        '<a class="language-switch" href="/fr/campaigns/arretez-l-expulsion/" hreflang="fr" '
        'lang="fr" data-language="fr">Français</a>'
    ) in english
    assert 'href="/en/campaigns/stop-the-deportation/" hreflang="en" lang="en"' in french
    home = client.get("/fr/").content.decode()
    assert 'href="/en/" hreflang="en" lang="en"' in home


def test_it_lists_the_alternate_languages_for_search_engines(client, french_slug):
    html = client.get("/en/achievements/").content.decode()

    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/achievements/">' in html
    assert '<link rel="alternate" hreflang="fr" href="http://testserver/fr/achievements/">' in html
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/achievements/">' in html
    )


def test_it_still_unsubscribes_in_one_click_at_an_address_from_before(client, campaign):
    from letters.signed_links import make_token
    from tests.conftest import make_letter

    letter = make_letter(campaign, news_opt_in=True)
    token = make_token(letter, "unsubscribe")

    response = client.post(f"/privacy/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
