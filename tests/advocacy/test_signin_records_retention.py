"""A failed staff sign-in (its username and network address) is kept only while it may
lock that pair out: once the cool-off has passed, a periodic task deletes it, even if
nobody signs in again. A lock still running is never shortened."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from advocacy import services

pytestmark = pytest.mark.django_db

ATTACKER, STAFF_DESK = "203.0.113.66", "198.51.100.10"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 10
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    return settings


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(
        "director", "director@example.org", "the-right-password"
    )


def sign_in(client, password: str, *, address: str, username: str = "director"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_it_deletes_failed_sign_ins_once_their_cool_off_has_passed(client, admin_user, axes_on):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(3):
            sign_in(client, f"guess-{n}", address=ATTACKER)
        clock.shift(timedelta(minutes=10))
        sign_in(client, "typo", address=STAFF_DESK, username="editor")

        clock.shift(timedelta(minutes=5, seconds=1))
        assert services.delete_expired_signin_records() == 1

    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [
        ("editor", STAFF_DESK)
    ]


def test_it_never_lifts_a_lock_still_running(client, admin_user, axes_on):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(10):
            sign_in(client, f"guess-{n}", address=ATTACKER)
        clock.shift(timedelta(minutes=14))
        assert services.delete_expired_signin_records() == 0

        response = sign_in(client, "the-right-password", address=ATTACKER)

    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_keeps_the_lock_going_while_guessing_goes_on(client, admin_user, axes_on):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(10):
            sign_in(client, f"guess-{n}", address=ATTACKER)
        clock.shift(timedelta(minutes=10))
        sign_in(client, "guess-again", address=ATTACKER)  # restarts the cool-off
        clock.shift(timedelta(minutes=10))
        assert services.delete_expired_signin_records() == 0

        assert sign_in(client, "the-right-password", address=ATTACKER).status_code == 429


def test_it_keeps_no_other_record_of_sign_ins(client, admin_user, axes_on):
    sign_in(client, "guess", address=ATTACKER)
    sign_in(client, "the-right-password", address=STAFF_DESK)

    assert AccessFailureLog.objects.count() == 0
    assert AccessLog.objects.count() == 0
    assert AccessAttempt.objects.count() == 1


def test_it_deletes_them_from_beat_and_the_embedded_loop(client, admin_user, axes_on):
    """`deliver --loop` (no Redis) runs CELERY_BEAT_SCHEDULE, as beat does with Redis."""
    entry = axes_on.CELERY_BEAT_SCHEDULE["delete-expired-signin-records"]
    assert entry["task"] == "advocacy.tasks.delete_expired_signin_records"
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, "guess", address=ATTACKER)
        clock.shift(timedelta(minutes=16))
        call_command("deliver", "--loop", "--passes=1", "--interval=0", stdout=StringIO())

    assert not AccessAttempt.objects.exists()
