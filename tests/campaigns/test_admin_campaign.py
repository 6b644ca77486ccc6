from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, LetterTemplate
from tests.campaigns.conftest import campaign_post_data

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:campaigns_campaign_add")
CHANGELIST_URL = reverse("admin:campaigns_campaign_changelist")


def test_it_lets_an_editor_create_a_campaign_with_a_letter_and_two_targets_then_publish_it(
    editor_client, minister_goodale, minister_mccallum
):
    response = editor_client.post(
        ADD_URL, campaign_post_data(targets=[minister_goodale, minister_mccallum])
    )

    assert response.status_code == 302
    campaign = Campaign.objects.get(slug="stop-bill-c-59")
    assert campaign.status == Campaign.Status.DRAFT
    template = campaign.letter_templates.get()
    assert set(template.targets.all()) == {minister_goodale, minister_mccallum}
    assert template.cc_list == ["campaign@iclmg.example"]
    assert campaign.title not in editor_client.get(reverse("campaigns:home")).content.decode()

    response = editor_client.post(
        CHANGELIST_URL,
        {"action": "publish_selected", "_selected_action": [campaign.pk]},
        follow=True,
    )

    assert "1 campaign published." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.PUBLISHED
    home = editor_client.get(reverse("campaigns:home")).content.decode()
    assert campaign.title in home
    page = editor_client.get(campaign.get_absolute_url()).content.decode()
    assert "Ralph Goodale" in page and "John McCallum" in page


def test_it_publishes_straight_from_the_form(editor_client, minister_goodale):
    editor_client.post(ADD_URL, campaign_post_data(targets=[minister_goodale], status="published"))

    assert "Stop Bill C-59" in editor_client.get(reverse("campaigns:home")).content.decode()


def test_it_refuses_a_scheduled_campaign_without_a_publish_time(editor_client):
    response = editor_client.post(ADD_URL, campaign_post_data(status="scheduled"))

    assert response.status_code == 200
    assert "A scheduled campaign needs the time it goes live." in response.content.decode()
    assert not Campaign.objects.exists()


def test_it_refuses_a_close_time_before_the_publish_time(editor_client):
    response = editor_client.post(
        ADD_URL,
        campaign_post_data(
            status="scheduled",
            publish_at_0="2030-05-02",
            publish_at_1="09:00:00",
            close_at_0="2030-05-01",
            close_at_1="09:00:00",
        ),
    )

    assert "The close time must come after the publish time." in response.content.decode()
    assert not Campaign.objects.exists()


def test_it_requires_alt_text_with_a_hero_image(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    gif = (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00"
        b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )
    response = editor_client.post(
        ADD_URL,
        campaign_post_data(hero_image=SimpleUploadedFile("hero.gif", gif, "image/gif")),
    )

    assert "Describe the image for people who cannot see it" in response.content.decode()
    assert not Campaign.objects.exists()


def test_it_refuses_copy_addresses_that_are_not_emails(editor_client):
    response = editor_client.post(
        ADD_URL,
        campaign_post_data(**{"letter_templates-0-cc_addresses": "ok@iclmg.example\nnot an email"}),
    )

    assert "Not valid email addresses: not an email" in response.content.decode()
    assert not Campaign.objects.exists()


def test_it_lists_the_placeholders_beside_the_letter_body(editor_client):
    response = editor_client.get(ADD_URL)

    body = response.content.decode()
    for placeholder in ("{first_name}", "{city}", "{target_names}", "{mp_name}", "{riding}"):
        assert f"<code>{placeholder}</code>" in body


def test_it_loads_the_vendored_rich_text_editor_and_no_inline_script(editor_client):
    body = editor_client.get(ADD_URL).content.decode()

    assert "/static/vendor/trix/trix.umd.min.js" in body
    assert "/static/js/admin-rich-text.js" in body
    assert 'data-rich-text=""' in body


def test_it_lets_an_organizer_read_but_not_edit(organizer_client, campaign):
    change_url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])

    assert organizer_client.get(CHANGELIST_URL).status_code == 200
    assert organizer_client.get(ADD_URL).status_code == 403
    view = organizer_client.get(change_url)
    assert view.status_code == 200
    assert 'name="_save"' not in view.content.decode()
    assert organizer_client.post(change_url, {"title": "Hijacked"}).status_code == 403
    campaign.refresh_from_db()
    assert campaign.title == "Stop the deportation"
    target_add = reverse("admin:campaigns_target_add")
    assert organizer_client.get(target_add).status_code == 403


def test_it_offers_no_publish_action_to_an_organizer(organizer_client, draft_campaign):
    response = organizer_client.post(
        CHANGELIST_URL,
        {"action": "publish_selected", "_selected_action": [draft_campaign.pk]},
    )

    draft_campaign.refresh_from_db()
    assert draft_campaign.status == Campaign.Status.DRAFT
    assert response.status_code == 403


def test_it_shows_status_urgency_and_letters_sent_in_the_changelist(
    editor_client, campaign, closed_campaign, django_assert_max_num_queries
):
    # The navigation asks whether the one-row models (the appeal, the organization, the
    # delivery pace) may be added: one "exists" each.
    with django_assert_max_num_queries(12):
        response = editor_client.get(CHANGELIST_URL)

    body = response.content.decode()
    assert "812" in body
    assert "column-letters_sent" in body and "column-last_letter_at" in body
    assert "Letters sent" in body and "Last letter" in body
    filtered = editor_client.get(CHANGELIST_URL, {"status__exact": "closed"}).content.decode()
    assert "An old action" in filtered and "Stop the deportation" not in filtered
    found = editor_client.get(CHANGELIST_URL, {"q": "deportation"}).content.decode()
    assert "Stop the deportation" in found and "An old action" not in found


def test_it_closes_a_campaign_with_an_action(editor_client, campaign):
    editor_client.post(
        CHANGELIST_URL, {"action": "close_selected", "_selected_action": [campaign.pk]}
    )

    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED
    assert campaign.close_at <= timezone.now()
    assert not campaign.is_open()


def test_it_will_not_publish_a_letter_campaign_without_a_model_letter(editor_client):
    bare = Campaign.objects.create(
        title="No letter yet", slug="no-letter", summary="s", publish_at=timezone.now()
    )

    response = editor_client.post(
        CHANGELIST_URL,
        {"action": "publish_selected", "_selected_action": [bare.pk]},
        follow=True,
    )

    assert "has no model letter" in response.content.decode()
    bare.refresh_from_db()
    assert bare.status == Campaign.Status.DRAFT
    assert not LetterTemplate.objects.exists()
    assert bare.publish_at < timezone.now() + timedelta(seconds=1)


def test_it_refuses_to_publish_a_letter_campaign_without_a_model_letter(editor_client):
    response = editor_client.post(
        ADD_URL,
        campaign_post_data(status="published", **{"letter_templates-TOTAL_FORMS": "0"}),
    )

    assert response.status_code == 200
    assert "Add a model letter before publishing" in response.content.decode()
    assert not Campaign.objects.exists()


def test_it_saves_a_draft_without_a_model_letter(editor_client):
    response = editor_client.post(
        ADD_URL, campaign_post_data(**{"letter_templates-TOTAL_FORMS": "0"})
    )

    assert response.status_code == 302
    assert Campaign.objects.get().status == Campaign.Status.DRAFT


def test_it_tells_the_letter_s_author_which_placeholders_can_be_empty(editor_client):
    html = editor_client.get(ADD_URL).content.decode()

    assert "<code>{city}</code> the supporter&#x27;s city (optional on the form: can be empty)" in (
        html
    )
    assert "{city} can be empty: put it in square brackets" in html


def test_it_refuses_mp_placeholders_in_a_letter_that_does_not_go_to_the_mp(
    editor_client, minister_goodale
):
    data = campaign_post_data(
        targets=[minister_goodale],
        **{"letter_templates-0-body": "As a voter in {riding}, I ask you to act."},
    )

    response = editor_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert "{riding} are filled in only in a letter to the supporter&#x27;s MP" in (
        response.content.decode()
    )
    assert not Campaign.objects.exists()
    data["letter_templates-0-to_supporters_mp"] = "on"
    assert editor_client.post(ADD_URL, data).status_code == 302
