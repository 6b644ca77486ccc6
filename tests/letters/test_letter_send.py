import pytest
from django.core import mail
from django.urls import reverse

from letters.models import Delivery, Letter
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db


def test_it_sends_the_letter_to_the_targets_with_a_copy_to_the_campaign(
    client, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("letters:send", args=[campaign.slug]), letter_data())

    letter = Letter.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("letters:thanks", args=[letter.public_id])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.from_email == "Jane Doe via ICLMG <letters@iclmg.example>"
    assert message.to == [
        "John McCallum <john.mccallum@parl.gc.ca>",
        "Ralph Goodale <ralph.goodale@parl.gc.ca>",
    ]
    assert message.cc == ["campaign@example.org"]
    assert message.reply_to == ["jane@example.com"]
    assert message.body.startswith("Dear Minister McCallum and Minister Goodale,")
    assert "Jane Doe\nOttawa\nK1A 0A6" in message.body
    states = set(letter.deliveries.values_list("state", flat=True))
    assert states == {Delivery.State.SENT}
    campaign.refresh_from_db()
    assert campaign.letter_count == 1


def test_it_tells_a_second_signer_kindly_that_they_already_wrote(client, campaign):
    url = reverse("letters:send", args=[campaign.slug])
    client.post(url, letter_data())
    response = client.post(url, letter_data(first_name="Janet"))

    assert response.status_code == 200
    assert b"already written" in response.content
    assert Letter.objects.count() == 1


def test_it_refuses_a_letter_to_a_draft_campaign(client, draft_campaign):
    response = client.post(reverse("letters:send", args=[draft_campaign.slug]), letter_data())

    assert response.status_code == 404
    assert not Letter.objects.exists()
