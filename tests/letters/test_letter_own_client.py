import re

import pytest
from django.core import mail
from django.urls import reverse

from letters import services
from letters.models import Delivery, Letter
from reports.tallies import fold_counts
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db


def janes_letter() -> Letter:
    """Jane's letter (names are encrypted: found in Python)."""
    (letter,) = [x for x in Letter.objects.all() if x.first_name == "Jane"]
    return letter


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


# Issue 21: "Send it from my own email" skipped confirmation and the review hold, so
# anyone could record a letter in another person's name and lock the owner out.


def confirm_link(message) -> str:
    return re.search(r"http://testserver(/en/letters/confirm/[^/\s]+/)", message.body).group(1)


@pytest.fixture
def confirming(campaign):
    campaign.require_confirmation = True
    campaign.save()
    return campaign


def test_it_asks_for_the_same_confirmation_as_a_letter_the_site_sends(
    client, confirming, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = own_client(client, confirming)

    letter = Letter.objects.get()
    assert letter.state == Letter.State.UNCONFIRMED
    assert letter.own_mail
    fold_counts()
    confirming.refresh_from_db()
    assert confirming.letter_count == 0
    thanks = client.get(response.url).content.decode()
    assert "open the link in it and your letter is counted" in thanks
    assert 'href="mailto:john.mccallum@parl.gc.ca' in thanks  # they can still send it
    (message,) = mail.outbox
    assert message.to == ["jane@example.com"]
    assert "You chose to send it from your own email. It is counted once you confirm" in (
        message.body
    )

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(confirm_link(message))

    letter.refresh_from_db()
    assert letter.state == Letter.State.OWN_CLIENT
    assert "Your letter is counted." in page.content.decode()
    assert not letter.deliveries.exists()
    assert len(mail.outbox) == 1  # nothing sent by us
    fold_counts()
    confirming.refresh_from_db()
    assert (confirming.letter_count, confirming.own_mail_count) == (1, 1)


def test_it_holds_an_own_mail_letter_for_review_like_a_letter_the_site_sends(
    client, campaign, django_capture_on_commit_callbacks
):
    """The attack pass recorded a counted letter from a parl.gc.ca address."""
    response = own_client(client, campaign, email="someone.else@parl.gc.ca")

    letter = Letter.objects.get()
    assert letter.state == Letter.State.HELD
    assert "counted once it is checked" in client.get(response.url).content.decode()
    fold_counts()
    campaign.refresh_from_db()
    assert campaign.letter_count == 0

    with django_capture_on_commit_callbacks(execute=True):
        assert services.release_letter(letter)

    letter.refresh_from_db()
    assert letter.state == Letter.State.OWN_CLIENT
    assert not letter.deliveries.exists()
    assert mail.outbox == []
    fold_counts()
    campaign.refresh_from_db()
    assert campaign.own_mail_count == 1


def test_it_never_locks_the_owner_out_with_an_own_mail_letter_in_their_name(
    client, campaign, django_capture_on_commit_callbacks
):
    """Someone records an own-mail letter with Jane's address; Jane then writes."""
    own_client(client, campaign, first_name="Mallory", last_name="Impostor")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("letters:send", args=[campaign.slug]), letter_data())

    assert response.status_code == 302
    janes = janes_letter()
    assert janes.state == Letter.State.ACCEPTED
    assert janes.deliveries.filter(kind=Delivery.Kind.TO).count() == 2
    # The letter recorded in her name is set aside: she is counted once, as herself.
    impostors = Letter.objects.exclude(pk=janes.pk).get()
    assert impostors.state == Letter.State.EXPIRED
    assert impostors.email is None and impostors.first_name is None


def test_it_never_locks_the_owner_out_when_the_campaign_asks_for_confirmation(
    client, confirming, django_capture_on_commit_callbacks
):
    """An unconfirmed own-mail letter in Jane's name holds no place: Jane's own letter,
    confirmed by her, goes out, and the one she never confirmed is set aside."""
    with django_capture_on_commit_callbacks(execute=True):
        own_client(client, confirming, first_name="Mallory")
        client.post(reverse("letters:send", args=[confirming.slug]), letter_data())
    impostors_link, janes_link = (confirm_link(m) for m in mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(janes_link)

    janes = janes_letter()
    assert janes.state == Letter.State.ACCEPTED
    assert Letter.objects.exclude(pk=janes.pk).get().state == Letter.State.EXPIRED
    # The link sent for the other one no longer counts anything.
    page = client.post(impostors_link).content.decode()
    assert "This letter expired" in page
    fold_counts()
    confirming.refresh_from_db()
    assert confirming.letter_count == 1


def test_it_lets_the_owner_confirm_own_mail_over_a_letter_nobody_proved(
    client, confirming, django_capture_on_commit_callbacks
):
    """Two own-mail letters for one address: the newest takes the place of the last."""
    with django_capture_on_commit_callbacks(execute=True):
        own_client(client, confirming, first_name="Mallory")
        own_client(client, confirming)
    janes_link = confirm_link(mail.outbox[-1])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(janes_link)

    assert janes_letter().state == Letter.State.OWN_CLIENT
    assert Letter.objects.filter(state=Letter.State.EXPIRED).count() == 1


def test_it_counts_a_confirmed_address_once_across_both_ways_of_sending(
    client, confirming, django_capture_on_commit_callbacks
):
    """Jane confirmed a letter the site sends; her own-mail letter is refused as a second."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("letters:send", args=[confirming.slug]), letter_data())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_link(mail.outbox[0]))

    response = own_client(client, confirming)

    assert "You have already written to this campaign" in response.content.decode()
    assert Letter.objects.count() == 1


def test_it_lets_the_owner_prove_an_own_mail_letter_over_a_letter_waiting_in_their_name(
    client, confirming, django_capture_on_commit_callbacks
):
    """Someone wrote a letter for the site to send with Jane's address; it waits for a
    click that will never come. Jane records hers from her own mail and confirms it."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("letters:send", args=[confirming.slug]), letter_data(first_name="Mallory")
        )
        response = own_client(client, confirming)
    assert response.status_code == 302
    janes_link = confirm_link(mail.outbox[-1])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(janes_link)

    assert janes_letter().state == Letter.State.OWN_CLIENT
    assert Letter.objects.exclude(pk=janes_letter().pk).get().state == Letter.State.EXPIRED


def test_it_refuses_the_confirmation_of_an_own_mail_letter_once_the_address_wrote(
    client, campaign, django_capture_on_commit_callbacks
):
    """The campaign asked for no confirmation when Jane wrote, and does now."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("letters:send", args=[campaign.slug]), letter_data())
    campaign.require_confirmation = True
    campaign.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = own_client(client, campaign)

    assert "You have already written to this campaign" in response.content.decode()
    assert Letter.objects.count() == 1
