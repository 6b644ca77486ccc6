"""Public pages are the same bytes for every anonymous visitor: any HTTP cache may keep
them, and Django keeps them too (campaigns/cache.py). The per-visitor parts come
with the review step."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns import cache as page_cache
from campaigns.models import Campaign, SiteAppeal, Target
from letters.models import Letter
from tests.conftest import letter_data, unwrite_organization

pytestmark = pytest.mark.django_db

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.CAMPAIGN_PAGE_CACHE_SECONDS = 30
    cache.clear()
    unwrite_organization()
    page_cache._local.clear()
    yield
    cache.clear()
    page_cache._local.clear()


@pytest.fixture
def url(campaign):
    return reverse("campaigns:detail", args=[campaign.slug])


@pytest.fixture
def staff_client(db):
    user = get_user_model().objects.create_user("editor", "editor@example.org", "pw", is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def csrf_token_in(response) -> str:
    return TOKEN_RE.search(response.content.decode()).group(1)


def cache_control(response) -> dict:
    directives = {}
    for part in response["Cache-Control"].split(","):
        name, _, value = part.strip().partition("=")
        directives[name.lower()] = value or True
    return directives


def test_it_serves_a_second_anonymous_visitor_without_a_database_query(
    url, django_assert_num_queries
):
    Client().get(url)

    with django_assert_num_queries(0):
        second = Client().get(url)

    assert second.status_code == 200
    assert b"Stop the deportation" in second.content
    assert b"Send your letter" in second.content


def test_it_shows_a_staff_edit_of_the_campaign_at_once(client, campaign, url):
    client.get(url)
    campaign.title = "Stop the deportation of the Ahmed family"
    campaign.save()

    assert b"Stop the deportation of the Ahmed family" in Client().get(url).content


def test_it_shows_a_staff_edit_of_the_model_letter_at_once(client, campaign, url):
    client.get(url)
    template = campaign.letter_templates.get()
    template.body = "A new model letter for a new week."
    template.save()

    assert b"A new model letter for a new week." in Client().get(url).content


def test_it_shows_a_renamed_or_added_target_at_once(client, campaign, url, minister_goodale):
    client.get(url)
    minister_goodale.name = "Ralph E. Goodale"
    minister_goodale.save()
    assert b"Ralph E. Goodale" in Client().get(url).content

    blair = Target.objects.create(name="Bill Blair", email="bill.blair@parl.gc.ca")
    campaign.letter_templates.get().targets.add(blair)
    assert b"Bill Blair" in Client().get(url).content


def test_it_shows_a_new_donation_appeal_at_once(client, url):
    client.get(url)
    SiteAppeal.objects.create(
        text="<p>Every letter counts. So does every dollar.</p>", url="https://iclmg.ca/donate"
    )

    assert b"So does every dollar." in Client().get(url).content


def test_it_shows_an_edit_saved_by_another_process_within_a_second(campaign, url):
    Client().get(url)
    # Another process saved: the shared version moved, this process's memory did not.
    Campaign.objects.filter(pk=campaign.pk).update(title="Edited elsewhere")
    cache.incr(page_cache.VERSION_KEY)

    assert b"Edited elsewhere" not in Client().get(url).content
    with time_machine.travel(timezone.now() + timedelta(seconds=page_cache.LOCAL_SECONDS + 0.1)):
        assert b"Edited elsewhere" in Client().get(url).content


def test_it_hides_a_campaign_staff_take_down_at_once(client, campaign, url):
    client.get(url)
    campaign.status = Campaign.Status.DRAFT
    campaign.save()

    assert Client().get(url).status_code == 404


def test_it_stops_offering_the_form_when_the_campaign_closes(campaign, url):
    campaign.close_at = timezone.now() + timedelta(minutes=5)
    campaign.save()
    assert b"Send your letter" in Client().get(url).content

    with time_machine.travel(campaign.close_at + timedelta(seconds=1)):
        response = Client().get(url)

    assert b"Send your letter" not in response.content
    assert b"This campaign is closed" in response.content


def test_it_gives_every_anonymous_visitor_the_same_bytes_and_no_cookie(url):
    first = Client(enforce_csrf_checks=True).get(url)  # rendered
    second = Client(enforce_csrf_checks=True).get(url)  # from the cache

    assert first.content == second.content
    for response in (first, second):
        assert not response.cookies
        assert "Set-Cookie" not in response
        assert b"csrfmiddlewaretoken" not in response.content
        assert not re.search(rb'name="started" value="[^"]', response.content)


def test_it_lets_any_http_cache_keep_the_page_for_its_max_age(url):
    with time_machine.travel(timezone.now(), tick=False):
        responses = [Client().get(url), Client().get(url)]  # rendered, then from the cache
    for response in responses:
        directives = cache_control(response)
        assert directives == {
            "public": True,
            "max-age": "0",
            "s-maxage": "30",
            "stale-while-revalidate": "30",
            "stale-if-error": "86400",
        }
        # Nothing but the address changes the page: its language is in it (/en/, /fr/).
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
        assert not vary & {"cookie", "accept-language"}


def test_it_counts_the_shared_max_age_down_from_when_the_page_was_rendered(url):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        Client().get(url)
        clock.shift(timedelta(seconds=12))
        later = Client().get(url)

    assert cache_control(later)["s-maxage"] == "18"


def test_it_lets_no_cache_keep_the_page_past_the_campaigns_close(campaign, url):
    campaign.close_at = timezone.now() + timedelta(seconds=10)
    campaign.save()

    directives = cache_control(Client().get(url))

    assert 0 < int(directives["s-maxage"]) <= 10


def test_it_keeps_the_page_a_logged_in_user_sees_out_of_shared_caches(url, staff_client):
    directives = cache_control(staff_client.get(url))

    assert "public" not in directives
    assert directives.get("private") and directives.get("no-cache")


def test_it_lets_two_visitors_of_one_cached_page_send_with_their_own_tokens(campaign, url):
    alice = Client(enforce_csrf_checks=True)
    bob = Client(enforce_csrf_checks=True)
    alice.get(url)
    bob.get(url)  # served from the cache
    review = reverse("letters:review", args=[campaign.slug])
    alice_review = alice.post(review, letter_data(email="alice@example.com"))
    bob_review = bob.post(review, letter_data(email="bob@example.com"))

    alice_token, bob_token = csrf_token_in(alice_review), csrf_token_in(bob_review)
    assert alice_token != bob_token
    assert alice.cookies["csrftoken"].value != bob.cookies["csrftoken"].value
    send = reverse("letters:send", args=[campaign.slug])
    alice_sent = alice.post(
        send, letter_data(email="alice@example.com", csrfmiddlewaretoken=alice_token)
    )
    bob_sent = bob.post(send, letter_data(email="bob@example.com", csrfmiddlewaretoken=bob_token))

    assert alice_sent.status_code == 302
    assert bob_sent.status_code == 302
    assert set(Letter.objects.values_list("email", flat=True)) == {
        "alice@example.com",
        "bob@example.com",
    }


def test_it_refuses_a_send_with_another_visitors_token(campaign):
    alice = Client(enforce_csrf_checks=True)
    mallory = Client(enforce_csrf_checks=True)
    review = reverse("letters:review", args=[campaign.slug])
    alice_token = csrf_token_in(alice.post(review, letter_data()))
    mallory.post(review, letter_data())

    response = mallory.post(
        reverse("letters:send", args=[campaign.slug]),
        letter_data(csrfmiddlewaretoken=alice_token),
    )

    assert response.status_code == 403
    assert not Letter.objects.exists()


def test_it_refuses_a_send_without_a_token(campaign):
    response = Client(enforce_csrf_checks=True).post(
        reverse("letters:send", args=[campaign.slug]), letter_data()
    )

    assert response.status_code == 403
    assert not Letter.objects.exists()


def test_it_never_serves_a_cached_page_to_a_logged_in_user(
    url, staff_client, django_assert_max_num_queries
):
    Client().get(url)

    with django_assert_max_num_queries(20) as queries:
        response = staff_client.get(url)

    assert response.status_code == 200
    assert len(queries) > 0


def test_it_never_caches_the_page_a_logged_in_user_saw(
    url, staff_client, django_assert_max_num_queries
):
    staff_client.get(url)

    with django_assert_max_num_queries(20) as queries:
        Client().get(url)

    assert len(queries) > 0


def test_it_renders_afresh_for_a_visitor_with_a_flash_message(url, django_assert_max_num_queries):
    Client().get(url)
    visitor = Client()
    visitor.cookies["messages"] = "something"

    with django_assert_max_num_queries(20) as queries:
        visitor.get(url)

    assert len(queries) > 0


def test_it_serves_share_links_with_tracking_parameters_from_the_cache(
    url, django_assert_num_queries
):
    Client().get(url)

    with django_assert_num_queries(0):
        response = Client().get(url, {"utm_source": "facebook", "fbclid": "abc"})

    assert response.status_code == 200


def test_it_renders_afresh_for_other_query_parameters(url, django_assert_max_num_queries):
    Client().get(url)

    with django_assert_max_num_queries(20) as queries:
        Client().get(url, {"page": "2"})

    assert len(queries) > 0


def test_it_serves_the_list_of_campaigns_from_the_cache_and_shows_a_new_one_at_once(
    campaign, django_assert_num_queries
):
    home = reverse("campaigns:home")
    Client().get(home)
    with django_assert_num_queries(0):
        assert b"Stop the deportation" in Client().get(home).content

    Campaign.objects.create(
        title="Free the detainees",
        slug="free-the-detainees",
        summary="Write today.",
        status=Campaign.Status.PUBLISHED,
    )

    assert b"Free the detainees" in Client().get(home).content


def test_it_keeps_the_views_own_headers_on_a_cached_page(rf):
    renders = []

    @page_cache.cache_public_page
    def page(request):
        renders.append(request)
        response = HttpResponse("<p>A page</p>")
        response["X-Robots-Tag"] = "noindex"
        return response

    page(rf.get("/a-page/"))
    cached = page(rf.get("/a-page/"))

    assert len(renders) == 1
    assert cached["X-Robots-Tag"] == "noindex"
    assert cached["Content-Type"] == "text/html; charset=utf-8"
    assert cached.content == b"<p>A page</p>"


def test_it_keeps_each_language_apart(url):
    # The language is the address's: /en/… and /fr/… are two pages, whatever the browser asks.
    english = Client().get(url, HTTP_ACCEPT_LANGUAGE="fr")
    french = Client().get("/fr/" + url.removeprefix("/en/"), HTTP_ACCEPT_LANGUAGE="en")

    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="fr">' in french.content.decode()
    assert english.content != french.content
