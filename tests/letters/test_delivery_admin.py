"""Staff see each letter's deliveries with their states and retry the failed ones."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from letters.models import Delivery
from tests.conftest import make_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_letter(campaign):
    letter = make_letter(campaign)
    letter.deliveries.filter(kind=Delivery.Kind.TO).update(
        state=Delivery.State.FAILED, attempts=7, last_error="SMTP 550 5.1.1 No such user"
    )
    letter.deliveries.filter(kind=Delivery.Kind.CC).update(state=Delivery.State.SENT)
    return letter


def test_it_shows_a_letters_deliveries_with_their_states(
    admin_client, failed_letter, django_assert_max_num_queries
):
    url = reverse("admin:letters_letter_change", args=[failed_letter.pk])

    with django_assert_max_num_queries(25):
        response = admin_client.get(url)

    content = response.content.decode()
    assert response.status_code == 200
    assert "ralph.goodale@parl.gc.ca" in content
    assert content.count("Failed") >= 2
    assert "SMTP 550 5.1.1 No such user" in content
    assert "Sent" in content


def test_it_retries_the_failed_deliveries_of_the_selected_letters(
    admin_client, failed_letter, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:letters_letter_changelist"),
            {"action": "retry_failed_deliveries", "_selected_action": [failed_letter.pk]},
            follow=True,
        )

    assert "2 failed deliveries queued again." in response.content.decode()
    states = dict(failed_letter.deliveries.values_list("kind", "state"))
    assert states == {Delivery.Kind.TO: Delivery.State.SENT, Delivery.Kind.CC: Delivery.State.SENT}
    assert len(mailoutbox) == 1
    assert mailoutbox[0].cc == []  # the campaign's copy had already gone


def test_it_gives_retried_deliveries_a_fresh_window(admin_client, failed_letter):
    before = timezone.now()

    admin_client.post(
        reverse("admin:letters_delivery_changelist"),
        {
            "action": "retry_failed",
            "_selected_action": list(failed_letter.deliveries.values_list("pk", flat=True)),
        },
    )

    for d in failed_letter.deliveries.filter(kind=Delivery.Kind.TO):
        assert d.attempts == 0
        assert d.retry_until >= before + timedelta(hours=48)
    assert failed_letter.deliveries.get(kind=Delivery.Kind.CC).state == Delivery.State.SENT


def test_it_lists_deliveries_by_state(admin_client, failed_letter, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = admin_client.get(
            reverse("admin:letters_delivery_changelist"), {"state__exact": "failed"}
        )

    content = response.content.decode()
    assert response.status_code == 200
    assert "ralph.goodale@parl.gc.ca" in content
    assert "john.mccallum@parl.gc.ca" in content
    assert "campaign@example.org" not in content
