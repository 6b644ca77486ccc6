import pytest
from django.core.cache import cache
from django.urls import reverse

from letters.models import Letter
from reports.tallies import fold_counts
from tests.conftest import make_letter, unwrite_organization

pytestmark = pytest.mark.django_db

URL = reverse("api:campaign-counts")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    unwrite_organization()
    yield
    cache.clear()


def test_it_gives_each_public_campaigns_count_and_goal(
    client, campaign, closed_campaign, draft_campaign
):
    make_letter(campaign)
    fold_counts()

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json()["campaigns"] == [
        {
            "slug": "an-old-action",
            "title": "An old action",
            "count": 812,
            "sent": 812,
            "own_mail": 0,
            "goal": 100,
        },
        {
            "slug": "stop-the-deportation",
            "title": "Stop the deportation",
            "count": 1,
            "sent": 1,
            "own_mail": 0,
            "goal": 100,
        },
    ]
    assert response["Cache-Control"] == "public, max-age=30"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_it_reads_the_counters_once_then_serves_from_the_cache(
    client, campaign, django_assert_num_queries
):
    with django_assert_num_queries(1):
        client.get(URL)
    make_letter(campaign, email="late@example.com")
    fold_counts()
    with django_assert_num_queries(0):
        response = client.get(URL)

    assert response.json()["campaigns"][0]["count"] == 0  # up to 30 seconds behind
    cache.clear()
    assert client.get(URL).json()["campaigns"][0]["count"] == 1


def test_it_never_counts_the_letters_themselves(client, campaign, django_assert_num_queries):
    make_letter(campaign)
    fold_counts()
    Letter.objects.all().delete()  # the counter alone says 1

    with django_assert_num_queries(1) as queries:
        response = client.get(URL)

    assert "letters_letter" not in queries.captured_queries[0]["sql"]
    assert response.json()["campaigns"][0]["count"] == 1


def test_it_works_with_redis_as_the_shared_cache(client, campaign, redis_url, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "test-reports",
        }
    }
    from django.core.cache import caches

    caches["default"].delete("reports:campaign-counts")

    first = client.get(URL).json()
    second = client.get(URL).json()

    assert first == second
    assert caches["default"].get("reports:campaign-counts") == first
    caches["default"].delete("reports:campaign-counts")
