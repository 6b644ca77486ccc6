import csv
import io

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from digest.models import Subscriber
from reports.models import ExportLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribers(db):
    for email, status in [
        ("b@example.com", "confirmed"),
        ("a@example.com", "confirmed"),
        ("p@example.com", "pending"),
        ("u@example.com", "unsubscribed"),
    ]:
        Subscriber.objects.create(email=email, status=status, name=email[0].upper(),
                                  consent_text="Yes", consented_at="2026-01-01T00:00Z",
                                  source="signup")  # fmt: skip


@pytest.fixture
def organizer(db):
    user = User.objects.create_user("organizer", "org@example.org", "pw", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="export_personal_data", content_type__app_label="letters")
    )
    return user


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response))))


def test_it_exports_confirmed_subscribers_only(client, subscribers, organizer):
    client.force_login(organizer)

    response = client.get(reverse("digest:export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="digest-subscribers-')
    rows = read_csv(response)
    assert rows[0][:2] == ["email", "name"]
    assert sorted(r[0] for r in rows[1:]) == ["a@example.com", "b@example.com"]


def test_it_needs_the_export_permission(client, subscribers):
    staff = User.objects.create_user("staff", "s@example.org", "pw", is_staff=True)
    client.force_login(staff)

    assert client.get(reverse("digest:export")).status_code == 403
    client.logout()
    assert client.get(reverse("digest:export")).status_code == 403


def test_it_exports_from_the_admin_with_the_permission(client, subscribers, organizer):
    organizer.user_permissions.add(Permission.objects.get(codename="view_subscriber"))
    client.force_login(organizer)

    response = client.post(
        reverse("admin:digest_subscriber_changelist"),
        {"action": "export_confirmed",
         "_selected_action": list(Subscriber.objects.values_list("pk", flat=True))},
    )  # fmt: skip

    assert response.status_code == 200
    assert body(response).count("@example.com") == 2


def test_it_records_who_took_the_list_and_how_many_rows(client, subscribers, organizer):
    client.force_login(organizer)

    read_csv(client.get(reverse("digest:export")))

    log = ExportLog.objects.get()
    assert (log.kind, log.username, log.row_count) == ("subscribers", "organizer", 2)
    assert log.finished_at is not None


def test_it_keeps_a_typed_name_from_running_as_a_spreadsheet_formula(client, organizer):
    Subscriber.objects.create(
        email="x@example.com", status="confirmed", name='=HYPERLINK("http://evil")',
        consent_text="Yes", consented_at="2026-01-01T00:00Z", source="signup",
    )  # fmt: skip
    client.force_login(organizer)

    rows = read_csv(client.get(reverse("digest:export")))

    assert rows[1][:2] == ["x@example.com", '\'=HYPERLINK("http://evil")']


def test_it_keeps_a_typed_email_from_running_as_a_spreadsheet_formula(client, organizer):
    # A valid address: = and + are allowed before the @.
    Subscriber.objects.create(
        email="=1+cmd@example.com", status="confirmed", name="Sam",
        consent_text="Yes", consented_at="2026-01-01T00:00Z", source="signup",
    )  # fmt: skip
    client.force_login(organizer)

    rows = read_csv(client.get(reverse("digest:export")))

    assert rows[1][0] == "'=1+cmd@example.com"
