"""Where the call page is offered: after a letter ("Call now", for the same targets),
on the campaign page; and how staff give a campaign its script, in both languages."""

import pytest
from django.urls import reverse

from calls.models import CallScript
from campaigns import services as campaign_services
from campaigns.models import Campaign
from tests.calls.conftest import add_script, page_text
from tests.campaigns.conftest import campaign_post_data
from tests.conftest import letter_data, make_letter

pytestmark = pytest.mark.django_db


def test_it_offers_call_now_after_a_letter_when_the_campaign_has_a_script(client, scripted):
    response = client.post(reverse("letters:send", args=[scripted.slug]), letter_data())
    thanks = client.get(response["Location"])

    assert "One more step: call their offices" in page_text(thanks)
    assert f'href="{reverse("calls:page", args=[scripted.slug])}">Call now' in (
        thanks.content.decode()
    )


def test_it_offers_no_call_without_a_script(client, campaign):
    letter = make_letter(campaign)

    thanks = client.get(reverse("letters:thanks", args=[letter.public_id]))
    page = client.get(campaign.get_absolute_url())

    assert "Call now" not in page_text(thanks)
    assert "Call their offices" not in page_text(page)


def test_it_calls_the_same_mp_the_letter_went_to(client, mp_campaign, bc_mps):
    add_script(mp_campaign, "Please vote no, {salutation}.")
    bains = bc_mps["59028"]
    letter = make_letter(mp_campaign, postal_code="V7A 5J9", mp=bains)

    thanks = client.get(reverse("letters:thanks", args=[letter.public_id])).content.decode()

    url = f"{reverse('calls:page', args=[mp_campaign.slug])}?mp={bains.pk}"
    assert f'href="{url}"' in thanks
    assert "Please vote no, Parm Bains, MP." in page_text(client.get(url))


def test_it_shows_the_call_next_to_the_letter_on_the_campaign_page(client, scripted):
    page = client.get(scripted.get_absolute_url())

    assert "Call their offices" in page_text(page)
    assert "Send your letter" in page_text(page)


def test_it_lets_editors_write_the_script_in_english_and_french(client, editor, minister_goodale):
    client.force_login(editor)
    client.post(
        reverse("admin:campaigns_campaign_add"),
        campaign_post_data(
            targets=[minister_goodale],
            status="published",
            **{
                "call_script-TOTAL_FORMS": "1",
                "call_script-0-text_en": "Hello, I am calling {salutation}.",
                "call_script-0-text_fr": "Bonjour, j'appelle {target_name}.",
            },
        ),
    )

    script = CallScript.objects.get()
    campaign = script.campaign
    english = page_text(client.get(reverse("calls:page", args=[campaign.slug])))
    with_fr = reverse("calls:page", args=[campaign.slug]).replace("/en/", "/fr/", 1)
    french = page_text(client.get(with_fr))

    assert "Hello, I am calling Minister Goodale." in english
    assert "Bonjour, j'appelle Ralph Goodale." in french


def test_it_refuses_to_publish_a_call_campaign_without_a_script(client, editor, campaign):
    client.force_login(editor)

    response = client.post(
        reverse("admin:campaigns_campaign_add"),
        campaign_post_data(
            kind="call", status="published", **{"letter_templates-TOTAL_FORMS": "0"}
        ),
    )

    assert "Add a call script before publishing" in page_text(response)
    assert not Campaign.objects.filter(kind=Campaign.Kind.CALL).exists()
    Campaign.objects.filter(pk=campaign.pk).update(kind=Campaign.Kind.CALL)
    campaign.refresh_from_db()
    with pytest.raises(campaign_services.CannotPublish, match="no call script"):
        campaign_services.publish_campaign(campaign)
