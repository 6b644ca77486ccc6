import pytest
from django.core import mail
from django.urls import reverse

from letters.models import Delivery, Letter
from reports.tallies import fold_counts
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
    fold_counts()
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


def test_it_shows_a_second_signer_the_next_action_but_nothing_of_the_first_letter(
    client, campaign, closed_campaign
):
    from tests.conftest import make_campaign

    make_campaign(title="Next urgent action", slug="next-urgent", urgent=True)
    url = reverse("letters:send", args=[campaign.slug])
    first = client.post(url, letter_data(first_name="Jane"))
    other_person = client.post(url, letter_data(first_name="Mallory", last_name="Snoop"))

    html = other_person.content.decode()
    assert "Next urgent action" in html
    assert "Jane" not in html
    assert str(Letter.objects.get().public_id) not in html
    assert first.url not in html
    assert "jane@example.com" not in html


def test_it_counts_each_email_once_whatever_its_case(client, campaign):
    url = reverse("letters:send", args=[campaign.slug])
    client.post(url, letter_data())
    response = client.post(url, letter_data(email=" Jane@Example.com "))

    fold_counts()
    campaign.refresh_from_db()
    assert b"already written" in response.content
    assert Letter.objects.count() == campaign.letter_count == 1


def test_it_ignores_a_tampered_subject_and_body_when_editing_is_not_allowed(
    client, campaign, django_capture_on_commit_callbacks
):
    campaign.letter_templates.update(editable=False)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("letters:send", args=[campaign.slug]),
            letter_data(subject="Free money", body="Click here."),
        )

    letter = Letter.objects.get()
    assert letter.subject == "Let {first_name}'s neighbour stay"
    assert letter.body == "I write[ from {city}] to ask you to stop this deportation."
    assert mail.outbox[0].subject == "Let Jane's neighbour stay"
    assert "Click here" not in mail.outbox[0].body


def test_it_refuses_a_letter_to_a_closed_campaign(client, closed_campaign):
    response = client.post(reverse("letters:send", args=[closed_campaign.slug]), letter_data())

    assert response.status_code == 410
    assert b"This campaign is closed" in response.content
    assert not Letter.objects.exists()


def test_it_sends_back_to_the_form_when_a_field_was_tampered_with(client, campaign):
    response = client.post(
        reverse("letters:send", args=[campaign.slug]), letter_data(postal_code="nope")
    )

    assert response.status_code == 200
    assert b"error-summary" in response.content
    assert not Letter.objects.exists()


def test_it_stores_a_letter_in_a_fixed_number_of_queries(
    client, campaign, django_assert_num_queries
):
    # campaign, template, targets; the letter alone, in a savepoint inside the test's
    # transaction (two; in production the INSERT commits by itself). Its deliveries and
    # what follows are the delivery worker's; no counter row: reports.tallies counts
    # the letter a few seconds later.
    with django_assert_num_queries(6):
        response = client.post(
            reverse("letters:send", args=[campaign.slug]), letter_data(send_copy="on")
        )

    assert response.status_code == 302
