import pytest
from django.core import mail
from django.urls import reverse

from letters.models import Letter
from reports.tallies import fold_counts
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db


def own_client(client, campaign, **overrides):
    url = reverse("letters:own_client", args=[campaign.slug])
    return client.post(url, letter_data(**overrides))


def test_it_records_and_counts_a_letter_sent_from_the_supporters_own_mail(
    client, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = own_client(client, campaign, send_copy="on")

    letter = Letter.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("letters:thanks", args=[letter.public_id])
    assert letter.state == Letter.State.OWN_CLIENT
    assert not letter.send_copy
    assert not letter.deliveries.exists()
    assert mail.outbox == []
    fold_counts()
    campaign.refresh_from_db()
    assert campaign.letter_count == 1


def test_it_opens_the_letter_in_the_supporters_mail_from_the_thank_you_page(client, campaign):
    response = client.get(own_client(client, campaign).url)

    links = response.context["compose_links"]
    html = response.content.decode()
    assert "Last step, Jane: send it from your email" in html
    assert links["mailto"].startswith(
        "mailto:john.mccallum@parl.gc.ca,ralph.goodale@parl.gc.ca?cc=campaign%40example.org"
    )
    assert links["gmail"].startswith("https://mail.google.com/mail/?view=cm")
    assert links["outlook"].startswith("https://outlook.live.com/mail/0/deeplink/compose?")
    assert 'href="mailto:john.mccallum@parl.gc.ca' in html


def test_it_keeps_one_letter_per_email_across_both_ways_of_sending(client, campaign):
    client.post(reverse("letters:send", args=[campaign.slug]), letter_data())

    response = own_client(client, campaign)

    assert b"already written" in response.content
    assert Letter.objects.count() == 1


def test_it_refuses_a_closed_campaign(client, closed_campaign):
    assert own_client(client, closed_campaign).status_code == 410
    assert not Letter.objects.exists()


def test_it_shows_honestly_that_we_cannot_see_its_delivery(client, campaign):
    letter = Letter.objects.get(public_id=own_client(client, campaign).url.split("/")[3])

    html = client.get(letter.get_absolute_url()).content.decode()

    assert "we cannot see whether it was delivered" in html
