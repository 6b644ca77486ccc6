"""Letters held for staff review: written in someone else's name or from a target's office."""

import pytest
from django.contrib.admin.sites import site
from django.core import mail
from django.urls import reverse

from letters.models import Letter
from reports.tallies import fold_counts
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db


def write(client, campaign, capture, **overrides):
    with capture(execute=True):
        client.post(reverse("letters:send", args=[campaign.slug]), letter_data(**overrides))
    return Letter.objects.get()


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        (
            {"body": "I live at H2X 1Y4 and ask you to act."},
            "another postal code (H2X 1Y4)",
        ),
        (
            {"body": "Please reply to ralph.goodale@parl.gc.ca directly."},
            "contains a target's own email address",
        ),
        ({"email": "ralph.goodale@parl.gc.ca"}, "a target's own address"),
        ({"email": "staffer@parl.gc.ca"}, "writes from a target's domain (parl.gc.ca)"),
    ],
)
def test_it_holds_a_letter_that_looks_written_in_someone_elses_name(
    client, campaign, django_capture_on_commit_callbacks, overrides, reason
):
    letter = write(client, campaign, django_capture_on_commit_callbacks, **overrides)

    assert letter.state == Letter.State.HELD
    assert reason in letter.hold_reason
    assert not letter.deliveries.exists()
    assert not mail.outbox
    fold_counts()
    campaign.refresh_from_db()
    assert campaign.letter_count == 0
    thanks = client.get(reverse("letters:thanks", args=[letter.public_id])).content
    assert b"waiting for a quick check" in thanks


@pytest.mark.parametrize(
    "overrides",
    [
        {"body": "My postal code is k1a0a6 and I care."},  # the supporter's own code
        # The target's office (its postal address), from a supporter elsewhere.
        {"postal_code": "H2X1Y4", "body": "Parliament sits at K1A 0A6."},
        {"body": "I write from Ottawa to ask you to stop this deportation."},  # the campaign
        {"email": "someone@gmail.com"},
    ],
)
def test_it_sends_ordinary_letters_even_when_identical_to_many_others(
    client, campaign, django_capture_on_commit_callbacks, overrides
):
    letter = write(client, campaign, django_capture_on_commit_callbacks, **overrides)
    assert letter.state == Letter.State.ACCEPTED
    assert letter.hold_reason == ""


def test_it_holds_a_confirmed_letter_after_its_confirmation(
    client, campaign, django_capture_on_commit_callbacks
):
    from letters import services

    campaign.require_confirmation = True
    campaign.save()
    letter = write(client, campaign, django_capture_on_commit_callbacks, email="aide@parl.gc.ca")
    assert letter.state == Letter.State.UNCONFIRMED
    assert services.confirm_letter(letter).state == Letter.State.HELD


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def run_action(staff_client, action, letters):
    return staff_client.post(
        reverse("admin:letters_letter_changelist"),
        {"action": action, "_selected_action": [str(letter.pk) for letter in letters]},
        follow=True,
    )


def test_it_sends_and_counts_a_held_letter_staff_release(
    staff_client, campaign, django_capture_on_commit_callbacks
):
    letter = write(staff_client, campaign, django_capture_on_commit_callbacks, body="At H2X 1Y4.")
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(staff_client, "release_held_letters", [letter])

    assert b"1 letters released." in response.content
    letter.refresh_from_db()
    assert letter.state == Letter.State.ACCEPTED
    assert len(mail.outbox) == 1
    fold_counts()
    campaign.refresh_from_db()
    assert campaign.letter_count == 1
    # Releasing twice sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        run_action(staff_client, "release_held_letters", [letter])
    assert len(mail.outbox) == 1
    assert letter.deliveries.count() == 3


def test_it_never_sends_a_held_letter_staff_reject(
    staff_client, campaign, django_capture_on_commit_callbacks
):
    letter = write(staff_client, campaign, django_capture_on_commit_callbacks, body="At H2X 1Y4.")
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(staff_client, "reject_held_letters", [letter])
        run_action(staff_client, "release_held_letters", [letter])

    assert b"1 letters rejected." in response.content
    letter.refresh_from_db()
    assert letter.state == Letter.State.REJECTED
    assert not mail.outbox and not letter.deliveries.exists()


def test_it_offers_both_review_actions_in_the_admin():
    actions = [getattr(a, "__name__", a) for a in site._registry[Letter].actions]
    assert {"release_held_letters", "reject_held_letters"} <= set(actions)
