"""Recording what was sent while the counting job folds the same letters (PostgreSQL)."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from letters import delivery
from letters.models import Delivery, Letter
from tests.conftest import make_letter

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_pace")]


def test_it_records_a_batch_while_the_counting_job_holds_its_letter(postgres, campaign):
    """The counting job (reports.tallies.fold_counts) updates letters, then their
    deliveries, in one transaction. Recording a batch takes the letters first too: in
    the other order each would hold what the other waits for, the database would kill
    one, and if it were the recording, messages already sent would go again."""
    letter = make_letter(campaign)
    Delivery.objects.update(state=Delivery.State.QUEUED, attempts=0, sent_at=None)
    claimed = delivery.claim_deliveries(letter.id)
    letter_locked, recording = threading.Event(), threading.Event()
    errors: list[Exception] = []

    def fold() -> None:
        try:
            with transaction.atomic():
                Letter.objects.filter(pk=letter.pk).update(tallied=True)
                letter_locked.set()
                recording.wait(timeout=10)
                # The recording is now waiting for the letter, or holds the deliveries.
                threading.Event().wait(0.5)
                Delivery.objects.filter(letter=letter).update(tallied_state="sending")
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    folder = threading.Thread(target=fold)
    folder.start()
    assert letter_locked.wait(timeout=10)
    recording.set()
    sent = delivery.record_outcomes(
        claimed,
        outcomes={d.pk: delivery.Outcome("sent", f"<{d.pk}@example.org>") for d in claimed},
        now=timezone.now(),
    )
    folder.join(timeout=20)

    assert errors == []  # the counting job was not a deadlock's victim
    assert sent == 3
    assert set(letter.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}
    assert Letter.objects.get(pk=letter.pk).tallied
