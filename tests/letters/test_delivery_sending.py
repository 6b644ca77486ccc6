"""Sending in-process: claims, retries, per-recipient outcomes, pace and the sweeper.

Real SMTP where it matters (aiosmtpd on loopback); fast, so it runs on SQLite too.
"""

import smtplib
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from anymail.exceptions import AnymailAPIError
from django.conf import settings as django_settings
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from campaigns.models import Campaign
from letters import delivery, tasks
from letters.models import Delivery, Letter
from tests.conftest import make_letter, make_letter_campaign
from tests.letters.smtp_sink import HangUp, SMTPSink, free_port, smtp_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_pace")]

GOODALE = "ralph.goodale@parl.gc.ca"
MCCALLUM = "john.mccallum@parl.gc.ca"
CAMPAIGN_CC = "campaign@example.org"


@pytest.fixture
def sink(settings):
    sink = SMTPSink().start()
    smtp_settings(settings, sink.port)
    yield sink
    sink.stop()


@pytest.fixture
def smtp_down(settings):
    """Mail pointed at a loopback port where nothing listens: connection refused."""
    smtp_settings(settings, free_port())


def states(letter) -> dict[str, str]:
    return dict(letter.deliveries.values_list("address", "state"))


def test_it_sends_each_recipient_once_however_often_it_is_asked(campaign, mailoutbox):
    letter = make_letter(campaign, send_copy=True)

    assert delivery.send_letter(letter.id) == 4
    assert delivery.send_letter(letter.id) == 0
    assert delivery.send_due(now=timezone.now() + timedelta(days=3)) == 0
    tasks.deliver(letter.id)
    tasks.sweep()

    assert len(mailoutbox) == 2  # the letter to the targets, the supporter's copy
    assert set(states(letter).values()) == {Delivery.State.SENT}


def test_it_lets_only_one_claimer_have_a_delivery(campaign):
    letter = make_letter(campaign)
    now = timezone.now()

    first = delivery.claim_deliveries(letter.id, now=now)
    second = delivery.claim_deliveries(letter.id, now=now)

    assert len(first) == 3
    assert second == []
    assert {d.state for d in first} == {Delivery.State.SENDING}


@pytest.mark.django_db(transaction=True)
def test_it_gives_each_delivery_to_exactly_one_of_many_racing_workers(postgres, campaign):
    """Six threads, each on its own PostgreSQL connection, claim the same 30 letters at once."""
    letter_ids = [make_letter(campaign, email=f"racer{i}@example.com").id for i in range(30)]
    # Committed for real, so the eager in-process task already sent them: queue them again.
    Delivery.objects.update(state=Delivery.State.QUEUED, attempts=0, sent_at=None)
    start = threading.Barrier(6)
    claims: list[list[int]] = []

    def worker():
        try:
            start.wait(timeout=10)
            mine = []
            for letter_id in letter_ids:
                mine += [d.pk for d in delivery.claim_deliveries(letter_id)]
            claims.append(mine)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    everything = [pk for mine in claims for pk in mine]
    assert len(claims) == 6
    assert len(everything) == len(set(everything)) == 90
    assert not Delivery.objects.filter(attempts__gt=1).exists()


@contextmanager
def held_by_another_transaction(lock):
    """lock() runs in another thread's transaction, which holds its row locks until
    the block ends."""
    held, release = threading.Event(), threading.Event()

    def other():
        try:
            with transaction.atomic():
                lock()
                held.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    thread = threading.Thread(target=other)
    thread.start()
    assert held.wait(timeout=10)
    try:
        yield
    finally:
        release.set()
        thread.join(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_it_leaves_a_letter_to_the_worker_already_claiming_it(postgres, campaign):
    """Claims are whole letters: one claimer at a time, the other moves on at once."""
    letter = make_letter(campaign)
    Delivery.objects.update(state=Delivery.State.QUEUED, attempts=0, sent_at=None)

    # A claimer in the middle of its statement holds the letter's first due delivery.
    first_due = Delivery.objects.select_for_update().filter(letter=letter).order_by("id")
    with held_by_another_transaction(lambda: first_due.first()):
        assert delivery.claim_deliveries(letter.id) == []
    assert len(delivery.claim_deliveries(letter.id)) == 3


@pytest.mark.django_db(transaction=True)
def test_it_sends_a_letter_at_once_while_a_confirming_click_holds_its_row(postgres, campaign):
    """A second click on the confirmation button locks the letter's row while the first
    click's task sends it: the letter must go now, not wait for the next sweep."""
    letter = make_letter(campaign)
    Delivery.objects.update(state=Delivery.State.QUEUED, attempts=0, sent_at=None)

    with held_by_another_transaction(lambda: Letter.objects.select_for_update().get(pk=letter.pk)):
        claimed = delivery.claim_deliveries(letter.id)

    assert len(claimed) == 3


def test_it_sends_a_claim_again_only_once_its_lease_runs_out(campaign, mailoutbox):
    letter = make_letter(campaign)
    now = timezone.now()
    delivery.claim_deliveries(letter.id, now=now)  # the worker holding this claim dies

    lease = timedelta(seconds=django_settings.DELIVERY_LEASE_SECONDS)
    assert delivery.send_due(now=now + lease - timedelta(seconds=1)) == 0
    assert delivery.send_due(now=now + lease + timedelta(seconds=1)) == 3

    assert len(mailoutbox) == 1
    assert set(letter.deliveries.values_list("attempts", flat=True)) == {2}


def test_it_ignores_a_failure_reported_by_a_claim_that_lost_its_lease(campaign):
    letter = make_letter(campaign)
    now = timezone.now()
    stale = delivery.claim_deliveries(letter.id, now=now)
    later = now + timedelta(seconds=django_settings.DELIVERY_LEASE_SECONDS + 1)
    fresh = delivery.claim_deliveries(letter.id, now=later)

    retry = {d.pk: delivery.Outcome("retry", "timed out") for d in stale}
    delivery.record_outcomes(stale, outcomes=retry, now=later)

    assert set(states(letter).values()) == {Delivery.State.SENDING}
    assert {d.lease_until for d in letter.deliveries.all()} == {fresh[0].lease_until}


def test_it_records_a_late_success_so_no_one_sends_it_again(campaign, mailoutbox):
    letter = make_letter(campaign)
    now = timezone.now()
    stale = delivery.claim_deliveries(letter.id, now=now)
    later = now + timedelta(seconds=django_settings.DELIVERY_LEASE_SECONDS + 1)
    fresh = delivery.claim_deliveries(letter.id, now=later)

    delivery.record_outcomes(
        stale, outcomes={d.pk: delivery.Outcome("sent", "<id@x>") for d in stale}, now=later
    )
    delivery.record_outcomes(
        fresh, outcomes={d.pk: delivery.Outcome("retry", "timed out") for d in fresh}, now=later
    )

    assert set(states(letter).values()) == {Delivery.State.SENT}
    assert delivery.send_due(now=later + timedelta(days=1)) == 0
    assert mailoutbox == []


def test_it_backs_off_exponentially_from_a_minute_to_an_hour():
    schedule = [delivery.retry_delay(n, jitter=1).total_seconds() for n in range(1, 10)]

    assert schedule == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]


def test_it_spreads_retries_with_jitter():
    delays = {delivery.retry_delay(3).total_seconds() for _ in range(50)}

    assert len(delays) > 40
    assert min(delays) >= 240 * 0.8
    assert max(delays) <= 240 * 1.2


def test_it_queues_a_letter_again_when_the_mail_server_refuses_connections(campaign, smtp_down):
    letter = make_letter(campaign)
    now = timezone.now()

    assert delivery.send_letter(letter.id, now=now) == 0

    for d in letter.deliveries.all():
        assert d.state == Delivery.State.QUEUED
        assert d.attempts == 1
        assert "ConnectionRefusedError" in d.last_error
        assert now + timedelta(seconds=48) <= d.next_attempt_at <= now + timedelta(seconds=72)


def test_it_keeps_retrying_until_the_retry_window_closes(campaign, smtp_down, settings):
    settings.DELIVERY_RETRY_HOURS = 48
    letter = make_letter(campaign)
    created = letter.deliveries.first().created_at

    delivery.send_letter(letter.id, now=created + timedelta(hours=47))
    assert set(states(letter).values()) == {Delivery.State.QUEUED}

    delivery.send_letter(letter.id, now=created + timedelta(hours=48) - timedelta(seconds=10))
    assert set(states(letter).values()) == {Delivery.State.FAILED}
    assert letter.deliveries.first().last_error.startswith("Gave up after 2 attempts")


def test_it_records_recipients_the_server_refuses_one_by_one(campaign, sink):
    sink.refuse = {MCCALLUM: "550 5.1.1 No such user", CAMPAIGN_CC: "450 4.2.1 Mailbox busy"}
    letter = make_letter(campaign)
    now = timezone.now()

    assert delivery.send_letter(letter.id, now=now) == 1

    deliveries = {d.address: d for d in letter.deliveries.all()}
    assert deliveries[GOODALE].state == Delivery.State.SENT
    assert deliveries[MCCALLUM].state == Delivery.State.FAILED
    assert deliveries[MCCALLUM].last_error == "SMTP 550 5.1.1 No such user"
    assert deliveries[CAMPAIGN_CC].state == Delivery.State.QUEUED
    assert deliveries[CAMPAIGN_CC].last_error == "SMTP 450 4.2.1 Mailbox busy"
    assert [m.recipients for m in sink.messages()] == [[GOODALE]]

    sink.refuse = {}
    assert delivery.send_due(now=now + timedelta(hours=1)) == 1
    assert [m.recipients for m in sink.messages()] == [[GOODALE], [CAMPAIGN_CC]]
    assert states(letter)[MCCALLUM] == Delivery.State.FAILED


def test_it_stops_for_good_when_every_recipient_is_refused(campaign, sink):
    sink.refuse = {a: "550 5.1.1 No such user" for a in (GOODALE, MCCALLUM, CAMPAIGN_CC)}
    letter = make_letter(campaign)

    delivery.send_letter(letter.id)

    assert set(states(letter).values()) == {Delivery.State.FAILED}
    assert sink.messages() == []


@pytest.mark.parametrize(
    ("reply", "state"),
    [
        ("451 4.3.0 Try again later", Delivery.State.QUEUED),
        ("554 5.7.1 Message refused", Delivery.State.FAILED),
    ],
)
def test_it_tells_a_deferred_message_from_a_refused_one(campaign, sink, reply, state):
    sink.data_reply = reply
    letter = make_letter(campaign)

    delivery.send_letter(letter.id)

    assert set(states(letter).values()) == {state}
    assert letter.deliveries.first().last_error == f"SMTP {reply}"


def test_it_records_the_message_id_the_recipients_see(campaign, sink):
    letter = make_letter(campaign)

    delivery.send_letter(letter.id)

    (received,) = sink.messages()
    ids = set(letter.deliveries.values_list("provider_message_id", flat=True))
    assert ids == {received.message["Message-ID"].strip()}  # a long id is folded
    # Nothing in it opens the letter's pages or counts the letters (issue 21).
    assert str(letter.public_id) not in received.message["Message-ID"]
    assert f"{letter.pk}." not in received.message["Message-ID"]


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (ConnectionRefusedError(111, "Connection refused"), False),
        (TimeoutError("timed out"), False),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), False),
        (smtplib.SMTPDataError(451, b"Try again later"), False),
        (smtplib.SMTPDataError(554, b"Message refused"), True),
        (smtplib.SMTPSenderRefused(553, b"Relaying denied", "letters@iclmg.example"), False),
        (smtplib.SMTPAuthenticationError(535, b"Bad credentials"), False),
        (AnymailAPIError("no response"), False),
        (AnymailAPIError("Internal Server Error", status_code=500), False),
        (AnymailAPIError("Too many requests", status_code=429), False),
        (AnymailAPIError("Unauthorized", status_code=401), False),
        (AnymailAPIError("Unprocessable", status_code=422), True),
    ],
)
def test_it_tells_permanent_from_transient_failures(error, permanent):
    assert delivery.classify_error(error)[0] is permanent


def test_it_holds_letters_over_a_targets_hourly_cap_until_the_next_hour(
    campaign, settings, mailoutbox
):
    settings.TARGET_HOURLY_CAP = 1
    first = make_letter(campaign)
    second = make_letter(campaign, email="second@example.com")
    now = timezone.now()

    assert delivery.send_due(now=now) == 3

    assert set(states(first).values()) == {Delivery.State.SENT}
    next_hour = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    for d in second.deliveries.all():
        assert d.state == Delivery.State.QUEUED  # waiting, with the Cc, not dropped
        assert d.attempts == 0
        assert next_hour <= d.next_attempt_at <= next_hour + timedelta(minutes=5)
    assert len(mailoutbox) == 1

    assert delivery.send_due(now=next_hour + timedelta(minutes=6)) == 3
    assert set(states(second).values()) == {Delivery.State.SENT}
    assert len(mailoutbox) == 2


def test_it_paces_messages_to_the_providers_rate_per_minute(campaign, settings, mailoutbox):
    settings.DELIVERY_RATE_PER_MINUTE = 2
    letters = [make_letter(campaign, email=f"s{i}@example.com") for i in range(3)]
    now = timezone.now()

    delivery.send_due(now=now)

    assert len(mailoutbox) == 2
    waiting = letters[2].deliveries.all()
    assert {d.state for d in waiting} == {Delivery.State.QUEUED}
    next_minute = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    assert all(
        next_minute <= d.next_attempt_at <= next_minute + timedelta(seconds=5) for d in waiting
    )

    delivery.send_due(now=next_minute + timedelta(seconds=10))
    assert len(mailoutbox) == 3


def test_it_sweeps_up_letters_whose_task_never_ran(campaign, mailoutbox):
    """The queue lost the task (broker flush, Redis down at submission): the sweeper sends."""
    for i in range(3):
        make_letter(campaign, email=f"lost{i}@example.com")

    assert tasks.sweep() == 9
    assert len(mailoutbox) == 3


def test_it_sends_due_letters_from_the_embedded_loop_command(campaign, mailoutbox):
    make_letter(campaign)

    call_command("deliver")

    assert len(mailoutbox) == 1


def test_it_runs_beats_periodic_jobs_in_the_embedded_loop(campaign, mailoutbox):
    """Without a broker there is no beat: the loop publishes scheduled campaigns itself."""
    Campaign.objects.filter(pk=campaign.pk).update(
        status=Campaign.Status.SCHEDULED, publish_at=timezone.now() - timedelta(minutes=1)
    )
    make_letter(campaign)

    call_command("deliver", "--loop", "--passes", "1", "--interval", "0")

    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.PUBLISHED
    assert len(mailoutbox) == 1


SATURDAY_NOON = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("America/Toronto"))
MONDAY_NINE = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/Toronto"))


def test_it_holds_letters_to_targets_until_their_offices_open(
    minister_goodale, minister_mccallum, settings, mailoutbox
):
    settings.DELIVERY_OFFICE_HOURS = "09:00-17:00"
    with time_machine.travel(SATURDAY_NOON, tick=False):
        campaign = make_letter_campaign(minister_goodale, minister_mccallum)
        letter = make_letter(campaign, send_copy=True)
        delivery.send_due()

    assert [m.to for m in mailoutbox] == [["Jane Doe <jane@example.com>"]]  # the copy only
    for d in letter.deliveries.exclude(kind=Delivery.Kind.COPY):
        assert d.state == Delivery.State.QUEUED
        assert MONDAY_NINE <= d.next_attempt_at <= MONDAY_NINE + timedelta(minutes=5)

    with time_machine.travel(MONDAY_NINE + timedelta(minutes=6), tick=False):
        assert delivery.send_due() == 3
    assert len(mailoutbox) == 2


@pytest.mark.parametrize(
    ("local", "opening"),
    [
        (datetime(2026, 11, 30, 10, 0), None),
        (datetime(2026, 11, 30, 8, 59), datetime(2026, 11, 30, 9, 0)),
        (datetime(2026, 11, 30, 17, 0), datetime(2026, 12, 1, 9, 0)),
        (datetime(2026, 11, 27, 18, 30), datetime(2026, 11, 30, 9, 0)),
        (datetime(2026, 11, 29, 23, 0), datetime(2026, 11, 30, 9, 0)),
    ],
)
def test_it_knows_when_offices_next_open(settings, local, opening):
    settings.DELIVERY_OFFICE_HOURS = "09:00-17:00"
    toronto = ZoneInfo("America/Toronto")

    result = delivery.office_opening(local.replace(tzinfo=toronto))

    assert result == (opening.replace(tzinfo=toronto) if opening else None)


def test_it_retries_a_letter_it_could_not_compose_instead_of_leaving_it_claimed(
    campaign, monkeypatch
):
    def broken_template(letter, deliveries, **kwargs):
        raise RuntimeError("template letters/email/letter.html is missing")

    monkeypatch.setattr(delivery, "build_letter_message", broken_template)
    letter = make_letter(campaign)

    delivery.send_letter(letter.id)

    assert set(states(letter).values()) == {Delivery.State.QUEUED}
    assert letter.deliveries.first().last_error == (
        "RuntimeError: template letters/email/letter.html is missing"
    )


def test_it_reads_a_letters_recipients_once_however_many_messages_it_makes(
    campaign, mailoutbox, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(delivery, "RECORD_SECONDS", 60)  # however slow this machine is
    letter = make_letter(campaign, send_copy=True)

    # Whether a letter awaits its deliveries; the claim; the letter's recipients, the
    # letter, its campaign, its model letter and the targets, each read once; staff's
    # pace; then one statement records both messages' outcomes and one moves the
    # letter's modified time (the API's sync).
    with django_assert_num_queries(10):
        delivery.send_letter(letter.id)

    assert len(mailoutbox) == 2


def test_it_sends_a_batch_of_letters_in_the_same_few_queries_however_many(
    campaign, mailoutbox, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(delivery, "RECORD_SECONDS", 60)
    for i in range(20):
        make_letter(campaign, email=f"s{i}@example.com")

    # Letters awaiting deliveries; claim; recipients, letters, campaigns, model letters,
    # targets; pace; then the outcomes and the letters' modified time.
    with django_assert_num_queries(10):
        assert delivery.send_due() == 60

    assert len(mailoutbox) == 20
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.SENT}


def test_it_records_what_went_out_before_the_next_message_once_a_moment_passed(
    campaign, settings, monkeypatch
):
    """The window for a duplicate after a crash is what went out since the last record:
    a slow provider's messages are recorded as they go, not at the end of the batch."""
    monkeypatch.setattr(delivery, "RECORD_SECONDS", 0)
    letters = [make_letter(campaign, email=f"s{i}@example.com") for i in range(3)]
    settings.EMAIL_BACKEND = f"{__name__}.SentCountingBackend"
    SentCountingBackend.seen = []

    delivery.send_due()

    # Each letter's three recipients are recorded before the next letter goes.
    assert SentCountingBackend.seen == [0, 3, 6]
    assert Delivery.objects.filter(state=Delivery.State.SENT).count() == 3 * len(letters)


class SentCountingBackend(locmem.EmailBackend):
    """Notes, as each message is handed over, how many deliveries are recorded sent."""

    seen: list[int] = []

    def send_messages(self, messages):
        self.seen.append(Delivery.objects.filter(state=Delivery.State.SENT).count())
        return super().send_messages(messages)


def test_it_defers_the_whole_batch_at_the_first_sign_the_mail_server_is_down(campaign, settings):
    """One connection attempt, not one per letter: a server that hangs up at once
    (or never answers) would otherwise cost every letter its own time-out."""
    for i in range(3):
        make_letter(campaign, email=f"s{i}@example.com")
    with HangUp() as server:
        smtp_settings(settings, server.port)
        assert delivery.send_due() == 0

    assert server.connections == 1
    deliveries = Delivery.objects.all()
    assert {d.state for d in deliveries} == {Delivery.State.QUEUED}
    assert {d.attempts for d in deliveries} == {1}
    assert all("SMTPServerDisconnected" in d.last_error for d in deliveries)
    assert all(d.next_attempt_at > timezone.now() for d in deliveries)


def test_it_goes_on_with_the_pass_when_one_recipient_is_refused_for_good(campaign, sink):
    """Issue 21: a permanently refused supporter's copy used to stop the whole sweep."""
    sink.refuse = {"first@example.com": "550 5.1.1 No such user"}
    first = make_letter(campaign, email="first@example.com", send_copy=True)
    second = make_letter(campaign, email="second@example.com", send_copy=True)
    Delivery.objects.filter(letter=second).update(next_attempt_at=timezone.now())

    assert delivery.send_due() == 7

    copy = first.deliveries.get(kind=Delivery.Kind.COPY)
    assert copy.state == Delivery.State.FAILED
    assert copy.last_error == "SMTP 550 5.1.1 No such user"
    assert set(states(second).values()) == {Delivery.State.SENT}
    assert set(first.deliveries.exclude(pk=copy.pk).values_list("state", flat=True)) == {
        Delivery.State.SENT
    }


def test_it_keeps_one_connection_to_the_mail_server_across_letters_and_batches(campaign, sink):
    for i in range(3):
        make_letter(campaign, email=f"s{i}@example.com")
    delivery.send_due()
    make_letter(campaign, email="later@example.com")
    delivery.send_due()

    assert sink.count() == 4
    assert sink.connections == 1


def test_it_reconnects_when_the_kept_connection_was_closed_by_the_server(campaign, sink):
    make_letter(campaign, email="before@example.com")
    delivery.send_due()
    sink.stop()
    sink.start()  # the server restarted: the kept connection is dead

    make_letter(campaign, email="after@example.com")
    delivery.send_due()
    Delivery.objects.filter(state=Delivery.State.QUEUED).update(next_attempt_at=timezone.now())
    delivery.send_due()

    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.SENT}
    assert sink.count() == 2


def test_it_keeps_the_supporters_address_out_of_their_copys_error(campaign):
    """A refusal quotes the address: the supporter's own is stored encrypted everywhere
    else, and their copy's error does not keep it in clear; a target's stays for staff."""
    letter = make_letter(campaign, email="jane@example.com", send_copy=True)
    now = timezone.now()
    claimed = delivery.claim_deliveries(letter.id, now=now)
    refused = {
        d.pk: delivery.Outcome("failed", f"550 5.1.1 <{d.address}>: no such user") for d in claimed
    }

    delivery.record_outcomes(claimed, outcomes=refused, now=now)

    errors = {d.kind: d.last_error for d in letter.deliveries.all()}
    assert "jane@example.com" not in errors[Delivery.Kind.COPY]
    assert errors[Delivery.Kind.COPY].startswith("550 5.1.1 <")
    assert "@" in errors[Delivery.Kind.TO]
