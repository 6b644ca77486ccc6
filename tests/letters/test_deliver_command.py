"""The embedded delivery loop (`manage.py deliver --loop`, what make run starts without
Redis) outlives a transient database error: one line in the log, a short wait, and
the next pass sends what the failed one did not."""

import logging

import pytest
from django.core.management import call_command
from django.db import OperationalError

from letters import delivery
from letters.management.commands import deliver
from letters.models import Delivery
from tests.conftest import make_letter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_pace")]


@pytest.fixture
def waits(monkeypatch):
    """The loop's pauses, recorded instead of slept."""
    waited: list[float] = []
    monkeypatch.setattr(deliver.time, "sleep", waited.append)
    return waited


LOCKED = OperationalError("database is locked")


def locked_for(monkeypatch, passes: int, error: Exception = LOCKED):
    """The database refuses the first `passes` sending passes, as SQLite does while
    another process holds its write lock past the busy timeout."""
    real, calls = delivery.send_due, []

    def send_due(**kwargs):
        calls.append(1)
        if len(calls) <= passes:
            raise error
        return real(**kwargs)

    monkeypatch.setattr(delivery, "send_due", send_due)
    return calls


def test_it_carries_on_after_a_locked_database_and_sends_on_the_next_pass(
    campaign, mailoutbox, monkeypatch, waits, caplog
):
    letter = make_letter(campaign)
    locked_for(monkeypatch, passes=1)

    with caplog.at_level(logging.WARNING, logger=deliver.__name__):
        call_command("deliver", "--loop", "--passes", "1", "--interval", "0")

    assert len(mailoutbox) == 1
    assert set(letter.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}
    assert [r.getMessage() for r in caplog.records] == [
        "Delivery loop: database error (database is locked); trying again in 1 s."
    ]
    assert waits[0] == 1.0


def test_it_waits_longer_while_the_errors_repeat_then_as_usual(
    campaign, mailoutbox, monkeypatch, waits
):
    make_letter(campaign)
    locked_for(monkeypatch, passes=7)

    call_command("deliver", "--loop", "--passes", "2", "--interval", "2")

    assert waits == [2, 4, 8, 16, 30, 30, 30, 2]  # capped at 30 s; back to 2 once it sends
    assert len(mailoutbox) == 1


def test_it_lets_a_bug_stop_it_so_that_bin_run_shows_and_restarts_it(campaign, monkeypatch, waits):
    locked_for(monkeypatch, passes=1, error=TypeError("a bug, not the database"))

    with pytest.raises(TypeError):
        call_command("deliver", "--loop", "--passes", "1", "--interval", "0")

    assert waits == []
