import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Riding, Target
from campaigns.services import import_targets_csv

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:campaigns_target_import")
CHANGELIST_URL = reverse("admin:campaigns_target_changelist")

CSV = (
    "name,title,salutation,email,postal_address,party,riding\n"
    "Dominic LeBlanc,Minister of Public Safety,Minister LeBlanc,"
    "dominic.leblanc@parl.gc.ca,House of Commons,Liberal,\n"
    ",Nameless,,nobody@parl.gc.ca,,,\n"
    "Marc Miller,Minister of Immigration,,not-an-email,,Liberal,\n"
    "Jenny Kwan,MP,,jenny.kwan@parl.gc.ca,,NDP,59034\n"
    "Someone Else,MP,,someone@parl.gc.ca,,,Atlantis\n"
    "Dominic Again,,,Dominic.LeBlanc@parl.gc.ca,,,\n"
    "\n"
    "Elizabeth May,MP,,elizabeth.may@parl.gc.ca,,Green,Saanich—Gulf Islands\n"
)


@pytest.fixture
def ridings(db):
    Riding.objects.create(code="59034", name="Vancouver East", province="BC")
    Riding.objects.create(code="59031", name="Saanich—Gulf Islands", province="BC")


def test_it_imports_good_rows_and_reports_bad_ones_with_their_row_numbers(editor_client, ridings):
    upload = SimpleUploadedFile("targets.csv", CSV.encode("utf-8-sig"), "text/csv")

    response = editor_client.post(IMPORT_URL, {"file": upload})

    assert response.status_code == 200
    body = response.content.decode()
    assert "3 rows accepted" in body
    assert "4 rows rejected" in body
    assert "<td>3</td><td>The name is missing.</td>" in body
    assert "<td>4</td><td>“not-an-email” is not a valid email address.</td>" in body
    assert "<td>6</td><td>Unknown riding “Atlantis” (use its number or its name).</td>" in body
    assert "<td>7</td><td>The same email address is already on row 2.</td>" in body
    assert set(Target.objects.values_list("email", flat=True)) == {
        "dominic.leblanc@parl.gc.ca",
        "jenny.kwan@parl.gc.ca",
        "elizabeth.may@parl.gc.ca",
    }
    kwan = Target.objects.get(email="jenny.kwan@parl.gc.ca")
    assert kwan.riding.name == "Vancouver East" and kwan.party == "NDP"
    assert Target.objects.get(email="elizabeth.may@parl.gc.ca").riding.code == "59031"


def test_it_updates_a_target_already_in_the_directory(minister_goodale):
    report = import_targets_csv(
        data="name,email,title\nRalph Goodale,RALPH.GOODALE@parl.gc.ca,Former minister\n"
    )

    assert [n for n, _ in report.updated] == [2] and not report.created
    minister_goodale.refresh_from_db()
    assert minister_goodale.title == "Former minister"
    assert Target.objects.count() == 1


def test_it_rejects_a_file_without_the_required_columns(db):
    report = import_targets_csv(data=b"full name,mail\nA,a@example.org\n")

    assert report.rejected == [(1, "Missing columns: email, name.")]
    assert not Target.objects.exists()


def test_it_rejects_a_file_that_is_not_utf8(db):
    report = import_targets_csv(data="name,email\nRené,rene@example.org\n".encode("latin-1"))

    assert report.rejected[0][1].startswith("The file is not UTF-8 text")


def test_it_links_the_import_page_from_the_targets_list(editor_client):
    body = editor_client.get(CHANGELIST_URL).content.decode()

    assert IMPORT_URL in body


def test_it_keeps_organizers_out_of_the_import(organizer_client):
    assert organizer_client.get(IMPORT_URL).status_code == 403
    assert IMPORT_URL not in organizer_client.get(CHANGELIST_URL).content.decode()


def test_it_flags_bounced_targets_and_filters_on_them(
    editor_client, minister_goodale, minister_mccallum, django_assert_max_num_queries
):
    minister_mccallum.bounced_at = timezone.now()
    minister_mccallum.bounce_reason = "550 mailbox unavailable"
    minister_mccallum.save()

    # With one "exists" per one-row model (appeal, organization, pace) for the navigation.
    with django_assert_max_num_queries(11):
        everyone = editor_client.get(CHANGELIST_URL).content.decode()
    bounced = editor_client.get(CHANGELIST_URL, {"bounced": "yes"}).content.decode()

    assert "column-bounced" in everyone
    assert '<strong class="bounced" title="550 mailbox unavailable">Bounced' in everyone
    assert everyone.count('class="bounced"') == 1
    assert "John McCallum" in bounced and "Ralph Goodale" not in bounced
