"""A News Digest sign-up nobody confirms is deleted DIGEST_UNCONFIRMED_DAYS after it was
made, never while its confirmation link still works; confirmed and withdrawn ones stay."""

import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from digest import services
from digest.models import Subscriber

pytestmark = pytest.mark.django_db


def sign_up(email: str, *, now) -> Subscriber:
    return services.subscribe(
        email=email, name="Ada Reader", consent_text="Yes, send me the digest", source="signup",
        now=now,
    )  # fmt: skip


def addresses() -> set[str]:
    return {subscriber.email for subscriber in Subscriber.objects.all()}


def test_it_deletes_sign_ups_nobody_confirmed_once_the_window_ends(settings):
    settings.DIGEST_UNCONFIRMED_DAYS = 30
    start = timezone.now()
    sign_up("forgot@example.org", now=start)
    reader = services.confirm_subscription(sign_up("reader@example.org", now=start), now=start)
    services.unsubscribe(sign_up("left@example.org", now=start), now=start)
    sign_up("recent@example.org", now=start + timedelta(days=20))

    assert services.delete_unconfirmed(now=start + timedelta(days=29, hours=23)) == 0
    assert services.delete_unconfirmed(now=start + timedelta(days=30, minutes=1)) == 1

    assert addresses() == {"reader@example.org", "left@example.org", "recent@example.org"}
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


def test_it_counts_from_the_last_sign_up_which_sent_a_fresh_link(settings):
    settings.DIGEST_UNCONFIRMED_DAYS = 30
    start = timezone.now()
    sign_up("again@example.org", now=start)
    sign_up("again@example.org", now=start + timedelta(days=25))

    assert services.delete_unconfirmed(now=start + timedelta(days=31)) == 0
    assert services.delete_unconfirmed(now=start + timedelta(days=55, minutes=1)) == 1
    assert not Subscriber.objects.exists()


def test_it_never_deletes_a_sign_up_whose_confirmation_link_still_works(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.DIGEST_UNCONFIRMED_DAYS = 1  # shorter than the link's two weeks: the link wins
    with time_machine.travel(timezone.now(), tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            sign_up("reader@example.org", now=timezone.now())
            sign_up("forgot@example.org", now=timezone.now())
        [link] = [
            re.search(r"http://testserver(/en/digest/confirm/[^/\s]+/)", m.body).group(1)
            for m in mailoutbox
            if m.to == ["reader@example.org"]
        ]

        clock.shift(timedelta(days=13))
        assert services.delete_unconfirmed() == 0
        response = client.post(link)
        assert response.status_code == 200

        clock.shift(timedelta(days=2))
        assert services.delete_unconfirmed() == 1

    assert addresses() == {"reader@example.org"}
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    assert services.unconfirmed_days() == 14


def test_it_deletes_them_from_beat_and_the_embedded_loop(settings):
    """`deliver --loop` (no Redis) runs CELERY_BEAT_SCHEDULE, as beat does with Redis."""
    assert (
        settings.CELERY_BEAT_SCHEDULE["delete-unconfirmed-digest-signups"]["task"]
        == "digest.tasks.delete_unconfirmed"
    )
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_up("forgot@example.org", now=timezone.now())
        clock.shift(timedelta(days=settings.DIGEST_UNCONFIRMED_DAYS, minutes=1))
        call_command("deliver", "--loop", "--passes=1", "--interval=0", stdout=StringIO())

    assert not Subscriber.objects.exists()
