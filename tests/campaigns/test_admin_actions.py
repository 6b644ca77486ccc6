import pytest
from django.core import mail
from django.urls import reverse

from campaigns.models import Campaign
from letters.models import Delivery, Letter

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:campaigns_campaign_changelist")


def run_action(client, action, campaign, **extra):
    return client.post(
        CHANGELIST_URL,
        {"action": action, "_selected_action": [campaign.pk]},
        follow=True,
        **extra,
    )


def test_it_duplicates_a_campaign_with_its_letters_and_targets_as_a_new_draft(
    editor_client, campaign, minister_goodale, minister_mccallum
):
    response = run_action(editor_client, "duplicate_selected", campaign)

    assert "Duplicated as a new draft" in response.content.decode()
    copy = Campaign.objects.exclude(pk=campaign.pk).get()
    assert copy.title == "Copy of Stop the deportation"
    assert copy.slug == "stop-the-deportation-copy"
    assert copy.status == Campaign.Status.DRAFT
    assert copy.publish_at is None and copy.letter_count == 0
    assert copy.story == campaign.story
    template = copy.letter_templates.get()
    original = campaign.letter_templates.get()
    assert template.pk != original.pk
    assert (template.subject, template.body, template.cc_addresses) == (
        original.subject,
        original.body,
        original.cc_addresses,
    )
    assert set(template.targets.all()) == {minister_goodale, minister_mccallum}
    assert set(original.targets.all()) == {minister_goodale, minister_mccallum}


def test_it_gives_a_second_duplicate_its_own_slug(editor_client, campaign):
    run_action(editor_client, "duplicate_selected", campaign)
    run_action(editor_client, "duplicate_selected", campaign)

    slugs = set(Campaign.objects.values_list("slug", flat=True))
    assert slugs == {
        "stop-the-deportation",
        "stop-the-deportation-copy",
        "stop-the-deportation-copy-2",
    }


def test_it_sends_a_test_letter_to_the_staff_member_only(
    editor_client, editor, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(editor_client, "send_test_letter", campaign)

    assert "on its way to edith@iclmg.example only" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Edith <edith@iclmg.example>"]
    assert message.cc == [] and message.bcc == []
    assert "[TEST]" in message.subject
    assert "Let Edith's neighbour stay" in message.subject
    assert "I write from Ottawa" in message.body
    letter = Letter.objects.get()
    assert letter.is_test
    assert list(letter.deliveries.values_list("kind", "address")) == [
        (Delivery.Kind.COPY, "edith@iclmg.example")
    ]
    campaign.refresh_from_db()
    assert campaign.letter_count == 0


def test_it_marks_the_test_letter_even_when_supporters_may_not_edit(
    editor_client, campaign, django_capture_on_commit_callbacks
):
    campaign.letter_templates.update(editable=False)

    with django_capture_on_commit_callbacks(execute=True):
        run_action(editor_client, "send_test_letter", campaign)

    assert "[TEST]" in mail.outbox[0].subject


def test_it_sends_a_test_letter_for_a_draft(
    editor_client, draft_campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_action(editor_client, "send_test_letter", draft_campaign)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Edith <edith@iclmg.example>"]


def test_it_explains_when_the_staff_member_has_no_email(editor_client, editor, campaign):
    editor.email = ""
    editor.save()

    response = run_action(editor_client, "send_test_letter", campaign)

    assert "Your account has no email address." in response.content.decode()
    assert not Letter.objects.exists()


def test_it_offers_preview_duplicate_and_test_letter_on_the_campaign_page(
    editor_client, campaign, django_assert_max_num_queries
):
    change_url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])

    # Two of them read the recipient changes: the list, and recent ones by others; one
    # the call script inline; one "exists" per one-row model (appeal, organization,
    # delivery pace) for the navigation; one the partners, for the embed snippets.
    with django_assert_max_num_queries(18):
        body = editor_client.get(change_url).content.decode()

    assert "Duplicate this campaign" in body
    assert "Send me a test letter" in body
    assert "http://testserver/en/preview/" in body


def test_it_duplicates_from_the_campaign_page_and_opens_the_copy(editor_client, campaign):
    response = editor_client.post(reverse("admin:campaigns_campaign_duplicate", args=[campaign.pk]))

    copy = Campaign.objects.exclude(pk=campaign.pk).get()
    assert response.url == reverse("admin:campaigns_campaign_change", args=[copy.pk])


def test_it_sends_a_test_letter_from_the_campaign_page(
    editor_client, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:campaigns_campaign_test_letter", args=[campaign.pk])
        )

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["Edith <edith@iclmg.example>"]]


def test_it_keeps_organizers_from_duplicating_or_test_sending(organizer_client, campaign):
    for name in ("duplicate", "test_letter"):
        url = reverse(f"admin:campaigns_campaign_{name}", args=[campaign.pk])
        assert organizer_client.post(url).status_code == 403
        assert organizer_client.get(url).status_code == 403
    assert Campaign.objects.count() == 1
    assert not Letter.objects.exists()
    body = organizer_client.get(
        reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    ).content.decode()
    assert "Duplicate this campaign" not in body


def test_it_sends_staff_the_letter_exactly_as_its_targets_receive_it_marked_once(
    editor_client, campaign, django_capture_on_commit_callbacks
):
    from tests.conftest import make_letter

    with django_capture_on_commit_callbacks(execute=True):
        run_action(editor_client, "send_test_letter", campaign)
    test = mail.outbox.pop()
    supporter = make_letter(
        campaign,
        first_name="Edith",
        last_name="",
        email="someone@example.com",
        postal_code="K1A 0A6",
        city="Ottawa",
        subject="Let {first_name}'s neighbour stay",
        body="I write[ from {city}] to ask you to stop this deportation.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        from letters.delivery import send_letter

        send_letter(supporter.pk)
    received = mail.outbox.pop()

    assert test.subject == "[TEST] Let Edith's neighbour stay" == f"[TEST] {received.subject}"
    assert test.to == ["Edith <edith@iclmg.example>"]
    header, letter_text = test.body.split("\n----\n\n", 1)
    assert (
        "To: John McCallum <john.mccallum@parl.gc.ca>, Ralph Goodale <ralph.goodale@parl.gc.ca>"
        in (header)
    )
    assert "Cc: campaign@example.org" in header
    assert "TEST" not in test.body
    assert letter_text.strip() == received.body
    assert received.body.startswith("Dear Minister McCallum and Minister Goodale,\n\n")
    assert received.body.endswith("Sincerely,\nEdith\nOttawa\nK1A 0A6")


def test_it_signs_a_test_letter_with_a_placeholder_when_the_account_has_no_name(
    editor_client, editor, campaign, django_capture_on_commit_callbacks
):
    editor.first_name = editor.last_name = ""
    editor.save()

    with django_capture_on_commit_callbacks(execute=True):
        run_action(editor_client, "send_test_letter", campaign)

    message = mail.outbox[0]
    assert message.subject == "[TEST] Let [First name]'s neighbour stay"
    assert message.body.rstrip().endswith("Sincerely,\n[First name] [Last name]\nOttawa\nK1A 0A6")
    assert "edith" not in message.body.split("----")[1]


def test_it_addresses_a_test_of_a_letter_to_your_mp_to_a_sample_mp(
    editor_client, statement, mp_directory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_action(editor_client, "send_test_letter", statement)

    body = mail.outbox[0].body
    assert "To: Yasir Naqvi <yasir.naqvi@parl.gc.ca>" in body
    assert "Dear Yasir Naqvi, MP,\n\nI oppose the motion." in body
