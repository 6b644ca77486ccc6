"""A sent letter is stored alone; the delivery worker creates its deliveries. Between
the two it is shown as queued, and a worker that dies in between loses nothing and
sends nothing twice."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from letters import delivery, services
from letters.models import Delivery, Letter
from letters.signals import letter_accepted
from tests.api.conftest import auth, make_key
from tests.conftest import letter_data, make_letter

pytestmark = pytest.mark.django_db


class WorkerDied(BaseException):
    """The worker process dying mid-transaction: nothing it wrote is committed."""


def stored(campaign, **overrides) -> Letter:
    """A letter as the send stores it, before any worker pass."""
    data = letter_data(**overrides)
    return services.submit_letter(campaign, template=campaign.letter_templates.first(), **data)


def test_it_stores_a_sent_letter_alone_awaiting_its_deliveries(client, campaign):
    response = client.post(
        reverse("letters:send", args=[campaign.slug]), letter_data(send_copy="on")
    )

    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.state == Letter.State.ACCEPTED
    assert letter.awaiting_deliveries
    assert not Delivery.objects.exists()


def test_it_shows_a_letter_awaiting_its_deliveries_as_queued_to_its_supporter(client, campaign):
    letter = stored(campaign, send_copy=True)

    response = client.get(letter.get_absolute_url())

    rows = [(d.name or d.address, d.state) for d in response.context["deliveries"]]
    assert rows == [
        ("John McCallum", "queued"),
        ("Ralph Goodale", "queued"),
        ("campaign@example.org", "queued"),
        ("Jane Doe", "queued"),
    ]
    assert "You (your copy)" in response.content.decode()


def test_it_shows_a_letter_awaiting_its_deliveries_with_its_targets_queued_in_the_api(
    client, campaign
):
    stored(campaign)
    key, secret = make_key(scopes=("letters",))

    page = client.get("/api/v1/outreaches/", **auth(secret)).json()

    [outreach] = page["_embedded"]["osdi:outreaches"]
    targets = [(t["family_name"], t["delivery_state"]) for t in outreach["targets"]]
    assert sorted(targets) == [("Goodale", "queued"), ("McCallum", "queued")]


def test_it_sends_a_stored_letter_once_when_the_worker_died_before_creating_its_deliveries(
    campaign, mailoutbox, monkeypatch
):
    letter = stored(campaign, send_copy=True)

    def die(**kwargs):
        raise WorkerDied

    # The worker dies after writing the deliveries, before its transaction commits.
    letter_accepted.connect(die, dispatch_uid="test.die")
    try:
        with pytest.raises(WorkerDied):
            delivery.send_due()
    finally:
        letter_accepted.disconnect(dispatch_uid="test.die")
    letter.refresh_from_db()
    assert letter.awaiting_deliveries
    assert not letter.deliveries.exists()
    assert mailoutbox == []

    # The sweeper's pass, then another: each recipient's message goes once.
    assert delivery.send_due() == 4
    assert delivery.send_due() == 0

    assert len(mailoutbox) == 2  # the targets' and Cc's message, the supporter's copy
    letter.refresh_from_db()
    assert not letter.awaiting_deliveries
    assert sorted(letter.deliveries.values_list("kind", "state")) == [
        ("cc", "sent"),
        ("copy", "sent"),
        ("to", "sent"),
        ("to", "sent"),
    ]


def test_it_creates_the_others_deliveries_when_one_letter_fails(campaign, mailoutbox):
    letters = [stored(campaign, email=f"s{i}@example.com") for i in range(3)]
    broken = letters[1]

    def fail_on_one(letter, **kwargs):
        if letter.pk == broken.pk:
            raise RuntimeError("a receiver's bug")

    letter_accepted.connect(fail_on_one, dispatch_uid="test.fail_on_one")
    try:
        created = services.create_awaited_deliveries().letters
    finally:
        letter_accepted.disconnect(dispatch_uid="test.fail_on_one")

    assert created == 2
    assert [lt.deliveries.count() for lt in letters] == [3, 0, 3]
    assert Letter.objects.get(pk=broken.pk).awaiting_deliveries  # for the next pass
    assert services.create_awaited_deliveries().letters == 1
    assert Letter.objects.get(pk=broken.pk).deliveries.count() == 3


def test_it_creates_no_delivery_for_a_letter_erased_while_it_awaited_them(campaign):
    from privacy.services import erase_supporter

    letter = stored(campaign)
    erase_supporter(email="jane@example.com")

    services.create_awaited_deliveries()

    letter.refresh_from_db()
    assert not letter.awaiting_deliveries
    assert not letter.deliveries.exists()


def test_it_sets_aside_an_unproven_own_mail_letter_when_the_worker_creates_deliveries(campaign):
    own = services.record_own_client_letter(
        campaign, template=campaign.letter_templates.first(), **letter_data()
    )
    letter = stored(campaign)
    assert Letter.objects.get(pk=own.pk).state == Letter.State.OWN_CLIENT

    services.create_awaited_deliveries()

    own.refresh_from_db()
    assert own.state == Letter.State.EXPIRED
    assert own.email is None
    assert Letter.objects.get(pk=letter.pk).state == Letter.State.ACCEPTED


def test_it_leaves_a_letter_with_its_deliveries_as_it_was(campaign):
    letter = make_letter(campaign)

    assert services.create_awaited_deliveries().letters == 0

    assert letter.deliveries.count() == 3


def test_it_takes_no_more_letters_than_its_batch_holds(campaign):
    letters = [stored(campaign, email=f"b{i}@example.com") for i in range(5)]
    if connection.vendor == "postgresql":
        # The plan PostgreSQL chose on a million letters: a nested loop over the
        # awaiting ones, reading the subquery with its limit again for each, which
        # took every awaiting letter into one batch. (Undone with the test's transaction.)
        with connection.cursor() as cursor:
            cursor.execute(
                "SET enable_hashjoin = off; SET enable_mergejoin = off; SET enable_material = off;"
                " SET enable_sort = off; SET enable_hashagg = off; SET enable_memoize = off"
            )

    assert services.create_awaited_deliveries(limit=2).letters == 2

    awaiting = [lt.pk for lt in Letter.objects.filter(awaiting_deliveries=True).order_by("id")]
    assert awaiting == [lt.pk for lt in letters[2:]]
    assert Delivery.objects.filter(letter__in=letters[:2]).count() == 6
    assert services.create_awaited_deliveries(limit=2).letters == 2
    assert services.create_awaited_deliveries(limit=2).letters == 1


def test_it_sends_once_what_a_worker_created_claimed_then_died_before_sending(campaign, mailoutbox):
    letter = stored(campaign)
    now = timezone.now()
    lease = timedelta(seconds=300)

    # The worker's pass creates the deliveries claimed by it, commits, and dies.
    services.create_awaited_deliveries(now=now, lease_until=now + lease)

    assert set(letter.deliveries.values_list("state", "attempts")) == {("sending", 1)}
    assert delivery.send_due(now=now + lease / 2) == 0  # another's lease: left alone
    assert delivery.send_due(now=now + lease * 1.1) == 3  # the lease ran out
    assert delivery.send_due(now=now + lease * 1.2) == 0
    assert len(mailoutbox) == 1
    assert set(letter.deliveries.values_list("state", "attempts")) == {("sent", 2)}


def test_it_puts_off_the_new_letters_it_could_not_hand_over(campaign, settings):
    from tests.letters.smtp_sink import HangUp, smtp_settings

    letters = [stored(campaign, email=f"h{i}@example.com") for i in range(2)]

    with HangUp() as server:
        smtp_settings(settings, server.port)
        assert delivery.send_due() == 0

    deliveries = Delivery.objects.filter(letter__in=letters)
    assert deliveries.count() == 6
    assert {(d.state, d.attempts) for d in deliveries} == {("queued", 1)}
    assert all("SMTPServerDisconnected" in d.last_error for d in deliveries)
    assert all(d.next_attempt_at > timezone.now() for d in deliveries)


def test_it_fails_only_the_new_letters_recipient_refused_for_good(campaign, settings):
    from tests.letters.smtp_sink import SMTPSink, smtp_settings

    first = stored(campaign, email="first@example.com", send_copy=True)
    second = stored(campaign, email="second@example.com", send_copy=True)

    sink = SMTPSink(refuse={"first@example.com": "550 5.1.1 No such user"}).start()
    try:
        smtp_settings(settings, sink.port)
        assert delivery.send_due() == 7
    finally:
        sink.stop()

    copy = first.deliveries.get(kind=Delivery.Kind.COPY)
    assert (copy.state, copy.attempts) == ("failed", 1)
    assert "No such user" in copy.last_error
    others = Delivery.objects.exclude(pk=copy.pk)
    assert {d.state for d in others} == {"sent"}
    assert second.deliveries.count() == 4
    assert len(sink.received) == 3  # the two letters, the second supporter's copy


def test_it_shows_what_the_worker_will_create_when_the_model_letter_was_deleted(client, campaign):
    letter = stored(campaign, send_copy=True)
    campaign.letter_templates.get().delete()

    response = client.get(letter.get_absolute_url())
    shown = [(d.kind, d.state) for d in response.context["deliveries"]]
    services.create_awaited_deliveries()

    assert shown == [("copy", "queued")]
    assert list(letter.deliveries.values_list("kind", "state")) == [("copy", "queued")]
