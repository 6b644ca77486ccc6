"""Staff answer an access or erasure request from the admin: the address, and only it,
receives the supporter's own access email; staff never see the data; each answer is
recorded without the address."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from digest.models import Subscriber
from letters.models import Letter
from privacy.models import AccessRequest
from tests.conftest import make_letter, make_staff

pytestmark = pytest.mark.django_db

ANSWER = "admin:privacy_accessrequest_answer"


@pytest.fixture
def officer(db):
    """Olive, an Organizer given the personal-data permission by name."""
    user = make_staff("olive", "Organizers")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="letters", codename="export_personal_data")
    )
    return user


@pytest.fixture
def jane(campaign):
    return make_letter(campaign, body="Jane's own words about the bill.")


def answer(client, email="jane@example.com", action="send_access", **extra):
    """Press one of the page's buttons: "send_access" or "erase"."""
    data = {
        "email": email,
        "received_by": "phone",
        "language": "en",
        "note": "Called on Monday",
        action: "",
        **extra,
    }
    return client.post(reverse(ANSWER), data, follow=True)


def report_link(message) -> str:
    return re.search(r"http://testserver(/en/privacy/report/\S+/)", message.body).group(1)


def every_row_as_text() -> str:
    """Every table of the privacy app, as the database stores it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM privacy_accessrequest")
        return repr(cursor.fetchall())


def test_it_sends_the_supporters_own_access_email_once(client, officer, jane, organization):
    organization.privacy_officer = "Olive Martin, privacy officer"
    organization.privacy_officer_email = "privacy@iclmg.example"
    organization.save()
    client.force_login(officer)
    page = client.get(reverse(ANSWER))
    assert b"Answer an access request" in page.content
    assert mail.outbox == [], "the GET sends nothing"

    response = answer(client)

    assert b"The access email is on its way to that address" in response.content
    (message,) = mail.outbox
    assert message.to == ["jane@example.com"]
    assert message.subject == "What we hold about you"
    assert "Our privacy officer: Olive Martin, privacy officer, privacy@iclmg.example" in (
        message.body
    )
    report = client.get(report_link(message))
    assert b"Jane&#x27;s own words about the bill." in report.content
    assert b"Jane&#x27;s own words" not in response.content, "staff never see the data"


def test_it_records_the_answer_without_the_address(client, officer, jane):
    client.force_login(officer)

    answer(client, email="  Jane@Example.com ")

    record = AccessRequest.objects.get()
    assert (record.kind, record.received_by, record.outcome) == ("access", "phone", "sent")
    assert record.username == "olive" and record.note == "Called on Monday"
    assert "jane" not in every_row_as_text().lower()
    # The same address gives the same keyed hash: two answers to one person match.
    answer(client, email="jane@example.com")
    first, second = AccessRequest.objects.order_by("id")
    assert first.address_hash == second.address_hash and len(first.address_hash) == 64
    listing = client.get(reverse("admin:privacy_accessrequest_changelist"))
    assert b"Called on Monday" in listing.content and b"jane@" not in listing.content


def test_it_refuses_staff_without_the_personal_data_permission(client, organizer, editor, jane):
    for user in (organizer, editor):
        client.force_login(user)

        assert client.get(reverse(ANSWER)).status_code == 403
        response = client.post(
            reverse(ANSWER),
            {"email": "jane@example.com", "received_by": "email", "language": "en",
             "erase": "", "confirmed": "yes"},
        )  # fmt: skip

        assert response.status_code == 403
    assert mail.outbox == []
    assert not AccessRequest.objects.exists()
    assert Letter.objects.get().email == "jane@example.com"


def test_it_says_what_is_wrong_with_a_bad_address_and_keeps_what_was_typed(client, officer, jane):
    client.force_login(officer)

    response = answer(client, email="jane at example")

    assert b"Enter a valid email address." in response.content
    assert b'value="jane at example"' in response.content
    assert b"Called on Monday" in response.content
    assert mail.outbox == [] and not AccessRequest.objects.exists()


def test_it_tells_an_unknown_address_that_nothing_is_held(client, officer, jane):
    client.force_login(officer)

    response = answer(client, email="nobody@example.org", language="fr")

    assert b"We hold nothing about that address" in response.content
    (message,) = mail.outbox
    assert message.to == ["nobody@example.org"]
    assert "Nous ne détenons rien sur cette adresse" in message.body
    assert AccessRequest.objects.get().outcome == AccessRequest.Outcome.NO_DATA


def test_it_sends_a_news_digest_readers_report(client, officer):
    Subscriber.objects.create(
        email="reader@example.com",
        name="Rita",
        status=Subscriber.Status.CONFIRMED,
        consent_text="Send me the News Digest",
        consented_at=timezone.now(),
    )
    client.force_login(officer)

    answer(client, email="reader@example.com")

    (message,) = mail.outbox
    assert message.to == ["reader@example.com"]
    report = client.get(report_link(message))
    assert b"Send me the News Digest" in report.content
    erase = re.search(rb'action="([^"]+/erase/)"', report.content).group(1).decode()
    assert b"Your personal data is erased" in client.post(erase).content
    assert not Subscriber.objects.exists()


def test_it_says_so_when_the_email_cannot_go(client, officer, jane, settings):
    settings.EMAIL_BACKEND = "tests.privacy.test_admin_access_request.RefusingBackend"
    client.force_login(officer)

    response = answer(client)

    assert b"The email could not be sent" in response.content
    assert AccessRequest.objects.get().outcome == AccessRequest.Outcome.EMAIL_FAILED


class RefusingBackend:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP 451 jane@example.com: try later")


def test_it_erases_an_address_after_a_confirmation(client, officer, jane, campaign):
    client.force_login(officer)

    first = answer(client, action="erase")

    assert b"This cannot be undone." in first.content
    assert b'value="jane@example.com"' in first.content
    assert Letter.objects.get().email == "jane@example.com", "nothing erased before the yes"
    assert not AccessRequest.objects.exists()

    done = answer(client, action="erase", confirmed="yes")

    assert b"That address&#x27;s personal data is erased." in done.content
    letter = Letter.objects.get()
    assert letter.email is None and letter.first_name is None and letter.erased_at
    record = AccessRequest.objects.get()
    assert (record.kind, record.outcome) == ("erasure", "erased")
    assert mail.outbox == []
    again = answer(client, action="erase", confirmed="yes")
    assert b"We hold nothing about that address: nothing was erased." in again.content
