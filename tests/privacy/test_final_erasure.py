"""Erasure is final: nothing of an erased supporter is sent or queued again by anyone,
and the letter's pages say plainly what happened."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from letters import delivery, services
from letters.models import Delivery, Letter
from privacy.services import erase_supporter
from tests.conftest import make_letter, make_staff

pytestmark = pytest.mark.django_db

ERASED = "This letter's personal data was erased at the supporter's request."


@pytest.fixture
def reviewer(client):
    """Staff who may release held letters and retry deliveries."""
    user = make_staff("rita", "Editors")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["review_letter", "retry_delivery"])
    )
    client.force_login(user)
    return user


def test_it_never_sends_an_erased_supporters_letter_on_a_staff_retry(
    client, reviewer, campaign, django_capture_on_commit_callbacks
):
    letter = make_letter(campaign, send_copy=True)
    letter.deliveries.update(state=Delivery.State.FAILED, last_error="SMTP 451 try later")
    erase_supporter(email="jane@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:letters_letter_retry", args=[letter.pk]))
        client.post(
            reverse("admin:letters_letter_changelist"),
            {"action": "retry_failed_deliveries", "_selected_action": [letter.pk]},
        )
        client.post(
            reverse("admin:letters_delivery_changelist"),
            {
                "action": "retry_failed",
                "_selected_action": list(letter.deliveries.values_list("pk", flat=True)),
            },
        )
        delivery.send_due(now=timezone.now() + timedelta(hours=1))

    assert not mail.outbox
    assert set(letter.deliveries.values_list("state", flat=True)) == {Delivery.State.FAILED}


def test_it_never_releases_an_erased_supporters_held_letter(
    client, reviewer, campaign, django_capture_on_commit_callbacks
):
    letter = make_letter(campaign, body="I live at H2X 1Y4.")
    assert letter.state == Letter.State.HELD
    erase_supporter(email="jane@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:letters_letter_changelist"),
            {"action": "release_held_letters", "_selected_action": [letter.pk]},
            follow=True,
        )

    assert b"0 letters released." in response.content
    letter.refresh_from_db()
    assert letter.state == Letter.State.HELD
    assert not letter.deliveries.exists() and not mail.outbox
    campaign.refresh_from_db()
    assert campaign.letter_count == 0


def test_it_never_sends_an_erased_letter_a_dead_worker_was_sending(
    campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # no worker got to it
        letter = make_letter(campaign)
    # A worker claimed it and died: its lease runs out, the sweeper would take it back.
    letter.deliveries.update(
        state=Delivery.State.SENDING, lease_until=timezone.now() - timedelta(minutes=1)
    )

    erase_supporter(email="jane@example.com")
    delivery.send_due(now=timezone.now() + timedelta(hours=1))
    delivery.send_letter(letter.pk, now=timezone.now() + timedelta(hours=1))

    assert not mail.outbox
    assert set(letter.deliveries.values_list("state", flat=True)) == {Delivery.State.FAILED}


def test_it_never_confirms_an_erased_supporters_letter(
    client, campaign, django_capture_on_commit_callbacks
):
    campaign.require_confirmation = True
    campaign.save()
    with django_capture_on_commit_callbacks(execute=True):
        letter = make_letter(campaign)
    confirm_url = next(
        line for line in mail.outbox[0].body.split() if "/letters/confirm/" in line
    ).removeprefix("http://testserver")
    erase_supporter(email="jane@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url)

    letter.refresh_from_db()
    assert letter.state == Letter.State.UNCONFIRMED
    assert not letter.deliveries.exists() and len(mail.outbox) == 1
    assert ERASED in response.content.decode()


@pytest.mark.parametrize("page", ["letters:thanks", "letters:status", "letters:print"])
@pytest.mark.parametrize("own_client", [False, True])
def test_it_says_plainly_that_an_erased_letter_was_erased(client, campaign, page, own_client):
    store = services.record_own_client_letter if own_client else services.submit_letter
    letter = store(
        campaign,
        template=campaign.letter_templates.first(),
        first_name="Jane",
        last_name="Doe",
        email="jane@example.com",
        postal_code="K1A 0A6",
        subject="Hello",
        body="Please act.",
    )
    erase_supporter(email="jane@example.com")

    response = client.get(reverse(page, args=[letter.public_id]))

    content = response.content.decode()
    assert ERASED in content
    assert "None" not in content and "Jane" not in content
    assert "no-store" in response["Cache-Control"]
