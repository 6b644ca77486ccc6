"""Staff's switch for a spike: pause new letters on one campaign from the admin. The
page says so plainly and offers sending from one's own email; nothing is lost."""

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from letters.models import Letter
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:campaigns_campaign_changelist")
PAUSED = "We have paused sending letters for this campaign for a moment."


def switch(client, campaign, action: str):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [campaign.pk], "index": "0"}
    )


def test_it_lets_an_editor_pause_and_resume_new_letters_from_the_admin(client, editor, campaign):
    client.force_login(editor)

    switch(client, campaign, "pause_letters")
    campaign.refresh_from_db()
    assert campaign.sending_paused

    switch(client, campaign, "resume_letters")
    campaign.refresh_from_db()
    assert not campaign.sending_paused


def test_it_refuses_an_organizer_the_switch(client, organizer, campaign):
    client.force_login(organizer)

    response = switch(client, campaign, "pause_letters")

    assert response.status_code == 403
    assert not Campaign.objects.get(pk=campaign.pk).sending_paused


def test_it_says_so_on_the_campaign_page_and_offers_the_supporters_own_email(client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(sending_paused=True)

    page = client.get(campaign.get_absolute_url()).content.decode()
    review = client.post(reverse("letters:review", args=[campaign.slug]), letter_data())
    body = review.content.decode()

    assert PAUSED in page
    assert PAUSED in body
    assert "Send it from my own email" in body
    assert "Send my letter" not in body


def test_it_stores_nothing_sent_by_the_site_and_keeps_what_was_typed(client, campaign, mailoutbox):
    Campaign.objects.filter(pk=campaign.pk).update(sending_paused=True)
    data = letter_data(body="My own words about the family.")

    response = client.post(reverse("letters:send", args=[campaign.slug]), data)

    assert response.status_code == 200
    assert PAUSED in response.content.decode()
    assert "My own words about the family." in response.content.decode()
    assert not Letter.objects.exists()
    assert mailoutbox == []


def test_it_still_records_a_letter_sent_from_the_supporters_own_email(client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(sending_paused=True)

    response = client.post(reverse("letters:own_client", args=[campaign.slug]), letter_data())

    assert response.status_code == 302
    assert Letter.objects.get().state == Letter.State.OWN_CLIENT


def test_it_still_sends_letters_accepted_before_the_pause(campaign, mailoutbox):
    from letters import delivery
    from tests.conftest import make_letter

    make_letter(campaign)
    Campaign.objects.filter(pk=campaign.pk).update(sending_paused=True)

    assert delivery.send_due() == 3
