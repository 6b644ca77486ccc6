"""Minimal-data mode: a campaign's letters lose their text, street address and city a
number of days after every delivery ended; names, states, counts and deliveries stay."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone

from advocacy.celery import app
from letters import delivery
from letters.delivery import retry_deliveries
from letters.models import Delivery, Letter
from privacy import services
from reports.tallies import fold_counts
from tests.conftest import make_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def minimal(campaign):
    campaign.scrub_after_days = 28
    campaign.save()
    return campaign


def sent_letter(campaign, **overrides) -> Letter:
    letter = make_letter(campaign, street_address="12 Elm Street", **overrides)
    assert delivery.send_due() >= 1
    return letter


def states(letter: Letter) -> list[tuple]:
    return list(letter.deliveries.order_by("id").values_list("kind", "address", "state", "sent_at"))


def test_it_scrubs_text_and_address_once_the_window_after_delivery_ends(minimal):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        letter = sent_letter(minimal)
        fold_counts()
        before = states(letter)
        assert all(state == Delivery.State.SENT for _, _, state, _ in before)

        clock.shift(timedelta(days=28, minutes=1))
        assert services.scrub_delivered_letters() == 1

    letter.refresh_from_db()
    assert letter.body == "[…]"
    assert (letter.street_address, letter.city) == ("", "")
    assert (letter.first_name, letter.email, letter.state) == (
        "Jane", "jane@example.com", Letter.State.ACCEPTED,
    )  # fmt: skip
    assert states(letter) == before, "every recipient's record stays"
    minimal.refresh_from_db()
    assert minimal.letter_count == 1
    assert services.scrub_delivered_letters() == 0, "nothing left to scrub"


def test_it_keeps_the_text_before_the_window_ends(minimal):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        letter = sent_letter(minimal)
        clock.shift(timedelta(days=27, hours=23))
        assert services.scrub_delivered_letters() == 0

    letter.refresh_from_db()
    assert letter.body == "I write from Ottawa to ask you to stop this deportation."
    assert (letter.street_address, letter.city) == ("12 Elm Street", "Ottawa")


def test_it_keeps_the_text_while_a_delivery_is_still_retrying(minimal):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        letter = make_letter(minimal, street_address="12 Elm Street")
        # One recipient is sent, the other waits for its next attempt (a retry).
        first, second = letter.deliveries.filter(kind=Delivery.Kind.TO).order_by("id")
        Delivery.objects.filter(pk=first.pk).update(
            state=Delivery.State.SENT, sent_at=timezone.now()
        )
        Delivery.objects.filter(pk=second.pk).update(
            attempts=2, next_attempt_at=timezone.now() + timedelta(days=60)
        )
        clock.shift(timedelta(days=40))
        assert services.scrub_delivered_letters() == 0
        Delivery.objects.filter(pk=second.pk).update(state=Delivery.State.SENDING)
        assert services.scrub_delivered_letters() == 0

    letter.refresh_from_db()
    assert letter.street_address == "12 Elm Street"
    assert "deportation" in letter.body


def test_it_counts_a_late_bounce_from_when_it_came(minimal):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        letter = sent_letter(minimal)
        clock.shift(timedelta(days=20))
        bounced = letter.deliveries.filter(kind=Delivery.Kind.TO).first()
        bounced.state = Delivery.State.BOUNCED
        bounced.save()  # its updated_at: now
        clock.shift(timedelta(days=10))
        assert services.scrub_delivered_letters() == 0
        clock.shift(timedelta(days=19))
        assert services.scrub_delivered_letters() == 1

    assert Delivery.objects.get(pk=bounced.pk).state == Delivery.State.BOUNCED


def test_it_keeps_everything_where_the_campaign_did_not_ask(campaign):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        letter = sent_letter(campaign)
        clock.shift(timedelta(days=400))
        assert services.scrub_delivered_letters() == 0

    letter.refresh_from_db()
    assert letter.street_address == "12 Elm Street"


def test_it_scrubs_from_beat_and_the_embedded_loop(minimal):
    """Beat and `deliver --loop` both run CELERY_BEAT_SCHEDULE: the entry names a task."""
    entry = settings.CELERY_BEAT_SCHEDULE["scrub-delivered-letters"]
    app.loader.import_default_modules()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sent_letter(minimal)
        clock.shift(timedelta(days=29))
        assert app.tasks[entry["task"]].apply().get() == 1
    assert Letter.objects.get().body == "[…]"
    assert mail.outbox, "the letter went out before"


def test_it_never_queues_a_scrubbed_letter_again(minimal):
    """A staff retry of a failed delivery would send "[…]" to its target."""
    with time_machine.travel(timezone.now(), tick=False) as clock:
        letter = make_letter(minimal, street_address="12 Elm Street")
        letter.deliveries.update(state=Delivery.State.FAILED, updated_at=timezone.now())
        clock.shift(timedelta(days=29))
        assert services.scrub_delivered_letters() == 1
        assert retry_deliveries(letter.deliveries.all()) == 0

    assert set(letter.deliveries.values_list("state", flat=True)) == {Delivery.State.FAILED}
