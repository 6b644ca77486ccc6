"""Optional email confirmation: nothing is sent or counted until the supporter clicks."""

import re
import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from letters import services
from letters.models import Delivery, Letter
from letters.signed_links import make_token
from letters.tasks import expire_unconfirmed
from reports.tallies import fold_counts
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirming(campaign):
    campaign.require_confirmation = True
    campaign.save()
    return campaign


def write(client, campaign, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("letters:send", args=[campaign.slug]), letter_data(**overrides))


def confirm_link(message) -> str:
    return re.search(r"http://testserver(/en/letters/confirm/[^/\s]+/)", message.body).group(1)


def test_it_stores_the_letter_unconfirmed_and_emails_the_link(
    client, confirming, django_capture_on_commit_callbacks
):
    response = write(client, confirming, django_capture_on_commit_callbacks)

    letter = Letter.objects.get()
    assert letter.state == Letter.State.UNCONFIRMED
    assert not letter.deliveries.exists()
    fold_counts()
    confirming.refresh_from_db()
    assert confirming.letter_count == 0
    page = client.get(response.url).content.decode()
    assert "please confirm your email" in page
    (message,) = mail.outbox
    assert message.to == ["jane@example.com"]
    assert message.subject == "Please confirm your letter: Stop the deportation"
    assert "deleted after 48 hours" in message.body
    assert "/privacy/unsubscribe/" in message.body and "/privacy/erase/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert f'href="http://testserver{confirm_link(message)}"' in html


def test_it_sends_and_counts_the_letter_once_confirmed(
    client, confirming, django_capture_on_commit_callbacks
):
    write(client, confirming, django_capture_on_commit_callbacks)
    link = confirm_link(mail.outbox[0])
    mail.outbox.clear()

    page = client.get(link)
    assert b"Confirm and send my letter" in page.content
    assert Letter.objects.get().state == Letter.State.UNCONFIRMED, (
        "a GET (a link scanner) is not a confirmation"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)

    assert b"Your letter is on its way" in response.content
    letter = Letter.objects.get()
    assert letter.state == Letter.State.ACCEPTED
    assert letter.confirmed_at is not None
    assert set(letter.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}
    assert len(mail.outbox) == 1 and "ralph.goodale@parl.gc.ca" in mail.outbox[0].to[1]
    fold_counts()
    confirming.refresh_from_db()
    assert confirming.letter_count == 1

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(link)
    assert again.status_code == 200 and b"on its way" in again.content
    fold_counts()
    confirming.refresh_from_db()
    assert confirming.letter_count == 1 and len(mail.outbox) == 1


def test_it_refuses_a_forged_or_foreign_confirmation_link(client, confirming):
    letter = services.submit_letter(
        confirming, template=confirming.letter_templates.get(), **letter_data(postal_code="K1A 0A6")
    )
    forged = make_token(letter, "erase")  # signed, but for another purpose
    for token in ["forged", forged, make_token(letter, "confirm")[:-3] + "abc"]:
        response = client.post(reverse("letters:confirm", args=[token]))
        assert response.status_code == 404
        assert b"This link does not work" in response.content
    assert Letter.objects.get().state == Letter.State.UNCONFIRMED


def test_it_expires_unconfirmed_letters_uncounted_and_forgets_their_writer(
    client, confirming, django_capture_on_commit_callbacks, settings
):
    settings.LETTER_CONFIRMATION_HOURS = 48
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        write(client, confirming, django_capture_on_commit_callbacks)
        link = confirm_link(mail.outbox[0])
        clock.shift(timedelta(hours=47))
        assert expire_unconfirmed.delay().get() == 0
        clock.shift(timedelta(hours=2))
        assert expire_unconfirmed.delay().get() == 1

        letter = Letter.objects.get()
        assert letter.state == Letter.State.EXPIRED
        assert (letter.first_name, letter.email, letter.postal_code, letter.body) == (
            None, None, None, "",
        )  # fmt: skip
        response = client.post(link)
        assert b"This letter expired" in response.content
        assert not Letter.objects.get().deliveries.exists()
        fold_counts()
        confirming.refresh_from_db()
        assert confirming.letter_count == 0
        # The address is free again: the real owner can write.
        write(client, confirming, django_capture_on_commit_callbacks)
        assert Letter.objects.filter(state=Letter.State.UNCONFIRMED).count() == 1


def test_it_refuses_a_late_click_even_before_the_task_runs(
    client, confirming, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        write(client, confirming, django_capture_on_commit_callbacks)
        clock.shift(timedelta(hours=49))
        response = client.post(confirm_link(mail.outbox[0]))

    assert b"This letter expired" in response.content
    assert Letter.objects.get().state == Letter.State.EXPIRED


def test_it_does_not_ask_for_confirmation_when_the_campaign_does_not(
    client, campaign, django_capture_on_commit_callbacks
):
    write(client, campaign, django_capture_on_commit_callbacks)
    assert Letter.objects.get().state == Letter.State.ACCEPTED


def test_it_runs_the_expiry_task_from_beat(client, confirming, django_capture_on_commit_callbacks):
    """Beat names its tasks by string: the expiry entry must name a task that runs."""
    from advocacy.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["expire-unconfirmed-letters"]
    app.loader.import_default_modules()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        write(client, confirming, django_capture_on_commit_callbacks)
        clock.shift(timedelta(hours=settings.LETTER_CONFIRMATION_HOURS, minutes=1))
        assert app.tasks[entry["task"]].apply().get() == 1

    assert Letter.objects.get().state == Letter.State.EXPIRED
    assert app.tasks[settings.CELERY_BEAT_SCHEDULE["apply-retention-policy"]["task"]]


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the provider is down")


def test_it_keeps_the_letter_waiting_through_a_provider_outage_without_a_server_error(
    client, confirming, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    response = write(client, confirming, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert Letter.objects.get().state == Letter.State.UNCONFIRMED


@pytest.mark.django_db(transaction=True)
def test_it_sends_a_letter_confirmed_by_parallel_clicks_at_once(postgres, confirming):
    """Issue 21: a letter confirmed by parallel clicks waited for the sweep. Five
    clicks at once on real PostgreSQL: one confirms, the others find it confirmed,
    and the letter is sent by the time they are answered, with no sweep, once."""
    client = Client()
    client.post(reverse("letters:send", args=[confirming.slug]), letter_data())
    link = confirm_link(mail.outbox[0])
    mail.outbox.clear()
    start = threading.Barrier(5)
    answers: list[bytes] = []

    def click():
        try:
            start.wait(timeout=10)
            answers.append(Client().post(link).content)
        finally:
            connection.close()

    clicks = [threading.Thread(target=click) for _ in range(5)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join(timeout=30)

    assert len(answers) == 5
    assert all(b"Your letter is on its way" in answer for answer in answers)
    letter = Letter.objects.get()
    assert letter.state == Letter.State.ACCEPTED
    assert set(letter.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}
    to_targets = [m for m in mail.outbox if "ralph.goodale@parl.gc.ca" in " ".join(m.to)]
    assert len(to_targets) == 1
