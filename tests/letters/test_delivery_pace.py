"""The sending pace: one Redis round trip decides a whole batch, the same rules run
locally without Redis, and staff turn the pace up or down in the admin."""

import pytest
import redis
from django.urls import reverse
from django.utils import timezone

from letters import delivery
from letters.models import Delivery, DeliveryPace
from tests.conftest import make_letter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_pace")]

# Three messages: two to targets 1 and 2, one to target 2 only, one copy (no target).
MESSAGES = [[1, 2], [2], []]


@pytest.fixture
def redis_cache(redis_url, settings):
    """The shared cache on the real Redis (its own key prefix, emptied after)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "pace-test",
        }
    }
    from django.core.cache import cache as shared

    shared.clear()
    yield shared
    shared.clear()


def decisions(now, **limits):
    return [(d.provider_room, d.target_room) for d in delivery.pace(MESSAGES, now=now)]


@pytest.mark.parametrize(
    ("rate", "cap", "expected"),
    [
        # The provider's budget runs out after two messages: the copy waits.
        (2, 0, [(True, (True, True)), (True, (True,)), (False, ())]),
        # Target 2 has room for one letter an hour: the second message, to it alone, waits.
        (0, 1, [(True, (True, True)), (True, (False,)), (True, ())]),
    ],
)
def test_it_decides_the_same_on_redis_as_on_local_counters(
    redis_cache, settings, rate, cap, expected
):
    settings.DELIVERY_RATE_PER_MINUTE, settings.TARGET_HOURLY_CAP = rate, cap
    now = timezone.now()

    on_redis = decisions(now)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    local = decisions(now)

    assert on_redis == local == expected


def test_it_decides_a_whole_batch_in_one_redis_round_trip(redis_cache, settings, monkeypatch):
    settings.DELIVERY_RATE_PER_MINUTE, settings.TARGET_HOURLY_CAP = 100, 100
    commands = []
    original = redis.connection.Connection.send_packed_command

    def counting(self, command, *args, **kwargs):
        commands.append(command)
        return original(self, command, *args, **kwargs)

    delivery.pace(MESSAGES, now=timezone.now())  # the script is loaded once per server
    monkeypatch.setattr(redis.connection.Connection, "send_packed_command", counting)
    delivery.pace(MESSAGES * 10, now=timezone.now())

    assert len(commands) == 1


def test_it_shares_the_budget_between_workers_through_redis(redis_cache, redis_url, settings):
    settings.DELIVERY_RATE_PER_MINUTE, settings.TARGET_HOURLY_CAP = 3, 0
    now = timezone.now()

    first = delivery.pace([[], []], now=now)
    # Another worker process: its own connection to the same Redis.
    redis_cache._cache._pools.clear()
    second = delivery.pace([[], []], now=now)

    assert [d.provider_room for d in first + second] == [True, True, True, False]


def test_it_paces_on_local_counters_while_redis_is_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
        }
    }
    settings.DELIVERY_RATE_PER_MINUTE, settings.TARGET_HOURLY_CAP = 1, 0
    now = timezone.now()

    assert [d.provider_room for d in delivery.pace([[], []], now=now)] == [True, False]


def test_it_uses_the_pace_staff_set_in_the_admin(campaign, settings, mailoutbox):
    settings.DELIVERY_RATE_PER_MINUTE = 100
    DeliveryPace.objects.create(rate_per_minute=1)
    for i in range(3):
        make_letter(campaign, email=f"s{i}@example.com")

    delivery.send_due()

    assert len(mailoutbox) == 1
    assert Delivery.objects.filter(state=Delivery.State.QUEUED).count() == 6


def test_it_lets_an_editor_turn_the_pace_down_from_the_admin(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("admin:letters_deliverypace_add"), {"rate_per_minute": "120"}, follow=True
    )

    assert response.status_code == 200
    assert DeliveryPace.objects.get().rate_per_minute == 120
    assert delivery.current_rate() == 120


def test_it_lets_an_organizer_read_the_pace_but_not_change_it(client, organizer):
    pace = DeliveryPace.objects.create(rate_per_minute=600)
    client.force_login(organizer)

    assert client.get(reverse("admin:letters_deliverypace_change", args=[pace.pk])).status_code == (
        200
    )
    response = client.post(
        reverse("admin:letters_deliverypace_change", args=[pace.pk]), {"rate_per_minute": "1"}
    )

    assert response.status_code == 403
    assert DeliveryPace.objects.get().rate_per_minute == 600
    assert client.post(
        reverse("admin:letters_deliverypace_add"), {"rate_per_minute": "1"}
    ).status_code == (403)
