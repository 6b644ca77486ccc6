"""Rate limits per IP address and per email, the mechanics: fixed windows, the address
our proxy saw, hashed keys, the links in emails, the admin login, the other public
forms; shared across processes through Redis. What the letter form counts, and the
room-sized numbers, are in tests/letters/test_fair_limits.py."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from advocacy.ratelimit import hit, salted_hash
from letters.models import Letter
from tests.conftest import letter_data, review_stamp_for, signed_start

pytestmark = pytest.mark.django_db


def post_letter(client, campaign, ip="203.0.113.7", **overrides):
    """A letter sent after its review: the review's signed time is this client's."""
    data = letter_data(**overrides)
    data["started"] = review_stamp_for(client, campaign, email=data["email"])
    return client.post(reverse("letters:send", args=[campaign.slug]), data, REMOTE_ADDR=ip)


def test_it_counts_requests_in_fixed_windows():
    key = f"test:{uuid.uuid4()}"
    now = 1_000_000_000.0
    assert [hit(key, limit=2, window=60, now=now) for _ in range(3)] == [True, True, False]
    assert hit(key, limit=2, window=60, now=now + 60), "a new window starts over"


def test_it_lets_the_sender_write_again_once_the_window_passes(client, campaign, abuse_checks):
    abuse_checks.RATELIMITS = {**abuse_checks.RATELIMITS, "letter": (1, 100, 3600)}
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert post_letter(client, campaign, email="a@example.com").status_code == 302
        assert post_letter(client, campaign, email="b@example.com").status_code == 429
        clock.shift(timedelta(hours=1))
        assert post_letter(client, campaign, email="b@example.com").status_code == 302


def test_it_keeps_no_ip_address_or_email_in_the_cache_or_the_letter(client, campaign, abuse_checks):
    post_letter(client, campaign, ip="203.0.113.99")

    keys = list(cache._cache.keys())  # LocMemCache's own store
    assert keys
    assert not any("203.0.113.99" in k or "jane@example.com" in k for k in keys)
    letter = Letter.objects.get()
    assert letter.ip_hash == salted_hash("203.0.113.99")
    assert "203.0.113.99" not in letter.ip_hash


def test_it_uses_the_address_our_proxy_saw_only_when_told_to(client, campaign, abuse_checks):
    abuse_checks.RATELIMITS = {**abuse_checks.RATELIMITS, "letter": (1, 100, 3600)}
    abuse_checks.TRUSTED_PROXY_COUNT = 1

    def send(email, forwarded):
        data = letter_data(email=email)
        data["started"] = review_stamp_for(client, campaign, email=email)
        url = reverse("letters:send", args=[campaign.slug])
        return client.post(url, data, HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert send("a@example.com", "198.51.100.5") == 302
    # A spoofed left-most hop does not make a new client: the proxy appends the real one.
    assert send("b@example.com", "1.2.3.4, 198.51.100.5") == 429
    assert send("c@example.com", "198.51.100.6") == 302


def test_it_limits_the_links_in_supporter_emails(client, campaign, abuse_checks):
    abuse_checks.RATELIMITS = {**abuse_checks.RATELIMITS, "form": (2, 2, 3600)}
    url = reverse("privacy:erase", args=["not-a-token"])
    assert [client.post(url).status_code for _ in range(3)] == [404, 404, 429]


@pytest.mark.services
def test_it_shares_one_limit_across_processes_on_redis(redis_url):
    """Two cache clients with their own connections, as two web processes have."""
    first, second = RedisCache(redis_url, {}), RedisCache(redis_url, {})
    assert first._cache is not second._cache
    key = f"test-shared:{uuid.uuid4()}"
    answers = [hit(key, limit=3, window=60, cache=c) for c in (first, second, first, second)]
    assert answers == [True, True, True, False]
    bucket = [k for k in first._cache.get_client().keys(f"*{key}*")]
    assert len(bucket) == 1 and 0 < first._cache.get_client().ttl(bucket[0]) <= 61


@pytest.mark.services
def test_it_counts_a_letter_against_both_limits_in_one_round_trip_to_redis(
    redis_url, settings, monkeypatch
):
    from redis.connection import AbstractConnection

    from advocacy import ratelimit
    from advocacy.shared_cache import RedisCache as ResilientRedisCache

    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {**settings.RATELIMITS, "letter": (100, 2, 3600)}
    shared = ResilientRedisCache(redis_url, {})
    monkeypatch.setattr(ratelimit, "counters", lambda: shared)
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.77")
    email = f"{uuid.uuid4()}@example.org"
    ratelimit.refused_for(request, "letter", email=email)  # connects
    sent = []
    send = AbstractConnection.send_packed_command
    monkeypatch.setattr(
        AbstractConnection,
        "send_packed_command",
        lambda self, *args, **kwargs: sent.append(1) or send(self, *args, **kwargs),
    )

    ratelimit.count(request, "letter", email=email)

    assert len(sent) == 1
    assert ratelimit.refused_for(request, "letter", email=email) == 0
    ratelimit.count(request, "letter", email=email)
    assert ratelimit.refused_for(request, "letter", email=email) > 0, "two for this email"
    other = RequestFactory().post("/", REMOTE_ADDR="203.0.113.78")
    assert ratelimit.refused_for(other, "letter", email=f"x{email}") == 0


@pytest.mark.parametrize(
    ("url_name", "data", "email_field"),
    [
        (
            "campaigns:cosign",
            {"name": "A Coalition", "contact_name": "Sam", "url": ""},
            "contact_email",
        ),
        ("digest:signup", {"name": "Sam", "consent": "on"}, "email"),
    ],
)
def test_it_limits_the_other_public_forms_per_ip_and_per_email_and_gives_them_back_filled(
    client, statement, abuse_checks, url_name, data, email_field
):
    abuse_checks.RATELIMITS = {**abuse_checks.RATELIMITS, "form": (3, 2, 3600)}
    url = reverse(url_name, args=[statement.slug] if url_name.startswith("campaigns") else [])
    post = {**data, "started": signed_start()}

    same_email = [
        client.post(url, post | {email_field: "sam@example.org"}, REMOTE_ADDR=f"192.0.2.{n}")
        for n in range(3)
    ]
    assert all(r.status_code < 400 for r in same_email[:2])
    assert same_email[-1].status_code == 429
    refused = same_email[-1]
    assert 0 < int(refused["Retry-After"]) <= 3600
    page = refused.content.decode()
    assert "Many requests like this one came from your connection" in page
    assert 'value="sam@example.org"' in page and 'value="Sam"' in page

    same_ip = [
        client.post(url, post | {email_field: f"p{n}@example.org"}, REMOTE_ADDR="198.51.100.9")
        for n in range(4)
    ]
    assert [r.status_code for r in same_ip][-1] == 429
    assert 'value="p3@example.org"' in same_ip[-1].content.decode()
