import re
from email.header import decode_header, make_header

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from campaigns.models import Campaign, CoSigner

pytestmark = pytest.mark.django_db


def request_data(**overrides):
    data = {
        "name": "Ligue des droits et libertés",
        "contact_name": "Marie Tremblay",
        "contact_email": "marie@liguedesdroits.example",
        "url": "liguedesdroits.example",
    }
    data.update(overrides)
    return data


def test_it_shows_approved_cosigners_in_staff_order_and_the_action_below(client, statement):
    CoSigner.objects.create(campaign=statement, name="Waiting Org", status="requested")
    CoSigner.objects.create(campaign=statement, name="Refused Org", status="declined")
    CoSigner.objects.filter(name="United Church of Canada").update(position=0)
    CoSigner.objects.filter(name="Canadian Labour Congress").update(position=5)

    html = client.get(statement.get_absolute_url()).content.decode()

    assert html.index("United Church of Canada") < html.index("Canadian Labour Congress")
    assert "Waiting Org" not in html
    assert "Refused Org" not in html
    signed = html.index("Signed by")
    action = html.index("Tell your MP you oppose the anti-Boycott motion!")
    assert html.index("We stand together") < signed < action < html.index("Review my letter")
    assert "Your Member of Parliament" in html
    # Two forms on one page, and every id still unique.
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_it_records_a_cosigning_request_without_showing_it(
    client, statement, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MANAGERS = [("Staff", "staff@iclmg.example")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("campaigns:cosign", args=[statement.slug]), request_data())

    assert response.status_code == 200
    assert "Thank you for asking to co-sign" in response.content.decode()
    cosigner = CoSigner.objects.get(name="Ligue des droits et libertés")
    assert cosigner.status == CoSigner.Status.REQUESTED
    assert cosigner.contact_name == "Marie Tremblay"
    assert cosigner.contact_email == "marie@liguedesdroits.example"
    assert cosigner.url == "https://liguedesdroits.example"
    assert cosigner.requested_at is not None and cosigner.decided_at is None
    assert cosigner.position == 2  # after the approved ones, until staff move it
    assert "Ligue des droits" not in client.get(statement.get_absolute_url()).content.decode()
    [notice] = mailoutbox
    assert notice.to == ["staff@iclmg.example"]
    assert notice.subject.endswith("Co-signing request: Ligue des droits et libertés")
    assert "Marie Tremblay" in notice.body
    assert f"http://testserver/admin/campaigns/cosigner/{cosigner.pk}/change/" in notice.body


def test_it_rejects_a_request_without_contact_email(client, statement):
    response = client.post(
        reverse("campaigns:cosign", args=[statement.slug]), request_data(contact_email="nope")
    )

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not CoSigner.objects.filter(status="requested").exists()


def test_it_takes_requests_for_statements_only(client, campaign):
    response = client.post(reverse("campaigns:cosign", args=[campaign.slug]), request_data())

    assert response.status_code == 404
    assert (
        "Would your organization like to co-sign"
        not in client.get(campaign.get_absolute_url()).content.decode()
    )


def test_it_hides_the_form_of_a_draft_statement(client, statement):
    statement.status = Campaign.Status.DRAFT
    statement.save()

    assert client.get(reverse("campaigns:cosign", args=[statement.slug])).status_code == 404


def test_it_lets_staff_approve_a_request_in_the_admin_and_it_appears(client, statement):
    client.post(reverse("campaigns:cosign", args=[statement.slug]), request_data())
    cosigner = CoSigner.objects.get(status="requested")
    admin_user = User.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:campaigns_cosigner_changelist"),
        {"action": "approve", "_selected_action": [cosigner.pk]},
        follow=True,
    )

    assert "1 co-signer(s) approved." in response.content.decode()
    cosigner.refresh_from_db()
    assert cosigner.status == CoSigner.Status.APPROVED
    assert cosigner.decided_at is not None
    assert (
        "Ligue des droits et libertés" in client.get(statement.get_absolute_url()).content.decode()
    )


def test_it_lets_staff_decline_a_request_and_it_stays_hidden(client, statement):
    client.post(reverse("campaigns:cosign", args=[statement.slug]), request_data())
    cosigner = CoSigner.objects.get(status="requested")
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "pw"))

    client.post(
        reverse("admin:campaigns_cosigner_changelist"),
        {"action": "decline", "_selected_action": [cosigner.pk]},
    )

    cosigner.refresh_from_db()
    assert cosigner.status == CoSigner.Status.DECLINED
    assert "Ligue des droits" not in client.get(statement.get_absolute_url()).content.decode()


def test_it_requires_a_description_with_a_logo(statement):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    cosigner = CoSigner(campaign=statement, name="With logo", logo_alt=" ")
    cosigner.logo = SimpleUploadedFile("logo.png", b"x")
    with pytest.raises(ValidationError) as error:
        cosigner.clean()
    assert "logo_alt" in error.value.message_dict


def test_it_shows_a_logo_with_its_description(client, statement, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    CoSigner.objects.filter(name="Canadian Labour Congress").update(
        logo="cosigners/clc.png", logo_alt="CLC logo"
    )

    html = client.get(statement.get_absolute_url()).content.decode()

    assert 'src="/media/cosigners/clc.png" alt="CLC logo"' in html


def test_it_keeps_the_statement_page_within_its_query_budget(
    client, statement, django_assert_num_queries
):
    from campaigns.models import Achievement, AchievementLink

    for i in range(10):
        CoSigner.objects.create(campaign=statement, name=f"Org {i}", status="approved")
    for year in (2016, 2017, 2018):
        victory = Achievement.objects.create(date_label=str(year), title=f"Won {year}")
        victory.campaigns.add(statement)
        AchievementLink.objects.create(achievement=victory, title="More", url="https://e.org")

    # The campaign, its model letter, its targets; the co-signers; the victories
    # and their links; the donation appeal; whether it has a call script; the response
    # wall's tallies and replies. However many co-signers and victories.
    with django_assert_num_queries(10):
        response = client.get(statement.get_absolute_url())

    assert response.status_code == 200
    assert "Won 2018" in response.content.decode()
    assert "Org 9" in response.content.decode()


def test_it_drops_the_call_to_action_when_the_statement_closes(client, statement):
    statement.status = Campaign.Status.CLOSED
    statement.save()

    html = client.get(statement.get_absolute_url()).content.decode()

    assert "Canadian Labour Congress" in html
    assert "Tell your MP you oppose the anti-Boycott motion!" not in html


def test_it_keeps_an_encoded_word_in_a_requests_name_literal_in_the_staff_subject(
    client, statement, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MANAGERS = [("Staff", "staff@iclmg.example")]
    encoded = "=?utf-8?b?QXBwcm92ZWQgYnkgdGhlIE1pbmlzdGVy?="  # "Approved by the Minister"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("campaigns:cosign", args=[statement.slug]), request_data(name=encoded))

    [notice] = mailoutbox
    header = notice.message()["Subject"]
    assert "Approved by the Minister" not in str(make_header(decode_header(header)))
    assert "QXBwcm92ZWQgYnkgdGhlIE1pbmlzdGVy" in str(make_header(decode_header(header)))
