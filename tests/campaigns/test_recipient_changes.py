"""Where a campaign's letters go is recorded and shown: nobody quietly adds a Cc."""

import html

import pytest
from django.core import mail
from django.urls import reverse

from campaigns.models import Campaign, RecipientChange
from tests.campaigns.conftest import campaign_post_data
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:campaigns_campaign_add")


@pytest.fixture
def managers(settings):
    settings.MANAGERS = [("Coordinator", "coordinator@iclmg.example")]


def change_data(campaign: Campaign, **letter_overrides) -> dict:
    """The campaign's change form as posted, its model letter with the given changes."""
    template = campaign.letter_templates.get()
    data = campaign_post_data(
        targets=template.targets.all(),
        **{
            "letter_templates-INITIAL_FORMS": "1",
            "letter_templates-0-id": str(template.pk),
            "letter_templates-0-campaign": str(campaign.pk),
        },
    )
    data.update({f"letter_templates-0-{k}": v for k, v in letter_overrides.items()})
    return data


def test_it_records_who_added_a_copy_address_and_shows_it_to_other_staff(
    client, editor, minister_goodale, managers, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    client.post(ADD_URL, campaign_post_data(targets=[minister_goodale]))
    campaign = Campaign.objects.get(slug="stop-bill-c-59")
    eve = make_staff("eve", "Editors")
    client.force_login(eve)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:campaigns_campaign_change", args=[campaign.pk]),
            change_data(campaign, cc_addresses="campaign@iclmg.example\neve@evil.example"),
        )

    assert response.status_code == 302
    change = RecipientChange.objects.filter(campaign=campaign).first()
    assert (change.field, change.username) == (RecipientChange.Field.CC, "eve")
    assert (change.before, change.after) == (
        "campaign@iclmg.example",
        "campaign@iclmg.example\neve@evil.example",
    )
    # Told at once to the managers, in plain text.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["coordinator@iclmg.example"]
    assert "Stop Bill C-59" in mail.outbox[0].subject
    assert "by eve" in mail.outbox[0].body and "eve@evil.example" in mail.outbox[0].body
    # And to whoever opens the campaign next.
    client.force_login(editor)
    page = client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))
    content = page.content.decode()
    assert "changed in the last 14 days (by eve)" in content
    assert "eve@evil.example" in content
    assert "Ralph Goodale &lt;ralph.goodale@parl.gc.ca&gt;" in content  # the first editor's


def test_it_records_targets_and_the_supporters_mp_switch(
    client, editor, minister_goodale, minister_mccallum
):
    client.force_login(editor)
    client.post(ADD_URL, campaign_post_data(targets=[minister_goodale]))
    campaign = Campaign.objects.get(slug="stop-bill-c-59")
    RecipientChange.objects.all().delete()

    client.post(
        reverse("admin:campaigns_campaign_change", args=[campaign.pk]),
        change_data(
            campaign,
            targets=[str(minister_goodale.pk), str(minister_mccallum.pk)],
            to_supporters_mp="on",
        ),
    )

    changes = {c.field: (c.before, c.after) for c in RecipientChange.objects.all()}
    assert changes == {
        RecipientChange.Field.TARGETS: (
            "Ralph Goodale <ralph.goodale@parl.gc.ca>",
            "John McCallum <john.mccallum@parl.gc.ca>\nRalph Goodale <ralph.goodale@parl.gc.ca>",
        ),
        RecipientChange.Field.TO_MP: ("no", "yes"),
    }


def test_it_records_nothing_when_the_recipients_stay_the_same(client, editor, minister_goodale):
    client.force_login(editor)
    client.post(ADD_URL, campaign_post_data(targets=[minister_goodale]))
    campaign = Campaign.objects.get(slug="stop-bill-c-59")
    count = RecipientChange.objects.count()

    client.post(
        reverse("admin:campaigns_campaign_change", args=[campaign.pk]),
        change_data(campaign, body="A better letter, {first_name}."),
    )

    assert RecipientChange.objects.count() == count


def test_it_records_a_targets_new_address_on_every_campaign_writing_to_them(
    client, editor, campaign, minister_goodale, managers, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    url = reverse("admin:campaigns_target_change", args=[minister_goodale.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "name": "Ralph Goodale",
                "email": "edith@iclmg.example",
                "offices-TOTAL_FORMS": "0",
                "offices-INITIAL_FORMS": "0",
                "_save": "1",
            },
        )

    change = RecipientChange.objects.for_campaign(campaign).get()
    assert change.field == RecipientChange.Field.TARGET_EMAIL
    assert (change.before, change.after) == ("ralph.goodale@parl.gc.ca", "edith@iclmg.example")
    assert change.target == minister_goodale and change.username == "edith"
    assert "edith@iclmg.example" in mail.outbox[0].body
    page = client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))
    assert "A target's email (Ralph Goodale)" in html.unescape(page.content.decode())
