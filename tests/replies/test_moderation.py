"""The response wall's moderation in the admin: Editors publish, edit and reject,
and post targets' public answers; Organizers only read, checked on the server."""

import datetime

import pytest
from django.urls import reverse

from replies import services
from replies.models import Reply
from tests.conftest import make_staff
from tests.replies.conftest import asked, delivered_letter, page_text

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:replies_reply_changelist"


@pytest.fixture
def pending(campaign, minister_goodale):
    questionnaire = asked(delivered_letter(campaign))
    answer = questionnaire.answers.get(target=minister_goodale)
    return services.submit_reply(
        answer,
        text="The minister thanks you for your letter of support.",
        publish_consent=True,
        show_first_name=False,
    )


def approve(client, reply):
    return client.post(
        reverse(CHANGELIST), {"action": "approve_selected", "_selected_action": [reply.pk]}
    )


def test_it_lets_editors_publish_and_reject(client, editor, pending, campaign):
    client.force_login(editor)
    listing = client.get(reverse(CHANGELIST), {"state__exact": "pending"})
    assert "The minister thanks you" not in listing.content.decode(), "the list shows no text"
    assert "Ralph Goodale" in listing.content.decode()

    approve(client, pending)
    pending.refresh_from_db()
    assert pending.state == Reply.State.APPROVED and pending.moderated_by == editor
    assert "The minister thanks you" in page_text(client.get(campaign.get_absolute_url()))

    client.post(
        reverse(CHANGELIST), {"action": "reject_selected", "_selected_action": [pending.pk]}
    )
    pending.refresh_from_db()
    assert pending.state == Reply.State.REJECTED
    client.logout()
    assert "The minister thanks you" not in page_text(client.get(campaign.get_absolute_url()))


def test_it_lets_organizers_read_but_never_moderate_or_edit(client, organizer, pending):
    client.force_login(organizer)
    change = reverse("admin:replies_reply_change", args=[pending.pk])

    page = client.get(change)
    assert page.status_code == 200
    assert "The minister thanks you" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert "approve_selected" not in client.get(reverse(CHANGELIST)).content.decode()

    forged_edit = client.post(change, {"text": "Forged", "received_on": "2026-01-01"})
    assert forged_edit.status_code == 403
    approve(client, pending)
    assert client.get(reverse("admin:replies_reply_add")).status_code == 403

    pending.refresh_from_db()
    assert pending.state == Reply.State.PENDING
    assert pending.text == "The minister thanks you for your letter of support."


def test_it_needs_the_moderation_permission_to_publish_even_with_edit_rights(client, pending):
    from django.contrib.auth.models import Permission

    writer = make_staff("wanda", "Organizers")
    writer.user_permissions.add(Permission.objects.get(codename="change_reply"))
    client.force_login(writer)

    approve(client, pending)

    pending.refresh_from_db()
    assert pending.state == Reply.State.PENDING


def test_it_takes_the_supporters_details_out_of_what_they_share(campaign):
    questionnaire = asked(delivered_letter(campaign, city="Gatineau"))

    reply = services.submit_reply(
        questionnaire.answers.first(),
        text="Dear Jane Doe (K1A 0A6, JANE@example.com, Gatineau), thank you.",
        publish_consent=True,
        show_first_name=True,
    )

    assert reply.text == "Dear […] ([…], […], […]), thank you."


def test_it_refuses_to_publish_a_text_an_edit_gave_the_supporters_details_back(
    client, editor, pending
):
    client.force_login(editor)
    change = reverse("admin:replies_reply_change", args=[pending.pk])
    client.post(
        change,
        {"received_on": pending.received_on.isoformat(), "url": "", "text": "To Jane in K1A 0A6"},
    )

    listing = client.get(reverse(CHANGELIST)).content.decode()
    response = approve(client, pending)

    assert "name, postal code" in listing
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.state == Reply.State.PENDING


def test_it_lets_editors_post_a_targets_public_answer(client, editor, campaign, minister_goodale):
    client.force_login(editor)
    add = reverse("admin:replies_reply_add")
    form = client.get(add).content.decode()
    assert "Reply to a supporter" not in form

    response = client.post(
        add,
        {
            "target": minister_goodale.pk,
            "campaign": campaign.pk,
            "kind": Reply.Kind.HOUSE,
            "received_on": "2026-11-20",
            "text": "The government will review the security certificate regime.",
            "url": "www.ourcommons.ca/DocumentViewer/en/house/latest/hansard",
        },
    )

    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.state == Reply.State.APPROVED and reply.moderated_by == editor
    assert reply.received_on == datetime.date(2026, 11, 20)
    assert reply.url.startswith("https://")
    client.logout()
    for page in (
        client.get(campaign.get_absolute_url()),
        client.get(reverse("replies:target", args=[minister_goodale.pk])),
    ):
        text = page_text(page)
        assert "The government will review the security certificate regime." in text
        assert "Statement in the House" in text
