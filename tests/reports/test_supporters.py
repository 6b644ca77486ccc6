import csv
import importlib
import io
import threading
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from letters.models import Letter
from privacy.services import unsubscribe
from reports.models import ExportLog

pytestmark = pytest.mark.django_db


def url(slug="stop-the-deportation"):
    return reverse("reports:supporters", args=[slug])


def read_csv(response) -> list[list[str]]:
    assert response.streaming is True
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_it_lists_the_supporters_who_count(client, data_officer, report_data):
    """No test letter, no unconfirmed letter; the local date of each letter."""
    client.force_login(data_officer)

    response = client.get(url())

    assert response["Cache-Control"] == "no-store"
    assert read_csv(response) == [
        ["first_name", "last_name", "email", "postal_code", "province"]
        + ["news_opt_in", "signed_on"],
        ["Jane", "Doe", "jane@example.com", "K1A 0A6", "ON", "yes", "2026-03-02"],
        ["Paul", "Tremblay", "paul@example.com", "H2X 1Y4", "QC", "no", "2026-03-04"],
        ["Ana", "Silva", "ana@example.com", "V5K 0A1", "BC", "no", "2026-03-09"],
        ["Lee", "Wong", "lee@example.com", "K2P 1L4", "ON", "no", "2026-03-11"],
    ]


def test_it_leaves_out_erased_supporters(client, data_officer, report_data):
    client.force_login(data_officer)

    rows = read_csv(client.get(url("repeal-c51")))

    assert [r[2] for r in rows[1:]] == ["jane@example.com"]


def test_it_lists_a_period(client, data_officer, report_data):
    client.force_login(data_officer)

    rows = read_csv(client.get(url(), {"from": "2026-03-04", "to": "2026-03-09"}))

    assert [r[0] for r in rows[1:]] == ["Paul", "Ana"]


def test_it_records_who_took_the_list_and_how_many_rows(client, data_officer, report_data):
    client.force_login(data_officer)

    read_csv(client.get(url()))

    log = ExportLog.objects.get()
    assert (log.username, log.kind, log.campaign, log.row_count) == (
        "data_officer",
        ExportLog.Kind.SUPPORTERS,
        report_data["a"],
        4,
    )


def test_it_refuses_an_organizer_without_the_personal_data_permission(
    client, organizer, report_data
):
    client.force_login(organizer)

    response = client.get(url())

    assert response.status_code == 403
    assert not ExportLog.objects.exists()


def test_it_refuses_someone_with_the_personal_data_permission_but_not_staff(client, report_data):
    from tests.reports.conftest import make_user

    client.force_login(
        make_user(
            "volunteer",
            "campaigns.view_reports",
            "letters.export_personal_data",
            staff=False,
        )
    )

    assert client.get(url()).status_code == 302  # to the staff login


def test_it_lets_a_superuser_take_the_list(client, superuser, report_data):
    client.force_login(superuser)

    assert len(read_csv(client.get(url()))) == 5


def test_it_rejects_a_bad_period(client, data_officer, report_data):
    client.force_login(data_officer)

    response = client.get(url(), {"to": "tomorrow"})

    assert response.status_code == 400
    assert b"Enter a date as YYYY-MM-DD" in response.content
    assert not ExportLog.objects.exists()


def test_it_404s_on_an_unknown_campaign(client, data_officer):
    client.force_login(data_officer)

    assert client.get(url("nope")).status_code == 404


def test_it_defuses_what_a_spreadsheet_would_run_as_a_formula(client, data_officer, campaign):
    from tests.conftest import make_letter

    make_letter(
        campaign, first_name='=HYPERLINK("http://x.example","y")', last_name="-2+3", email="@a.b"
    )
    client.force_login(data_officer)

    rows = read_csv(client.get(url(campaign.slug)))

    assert rows[1][:3] == ['\'=HYPERLINK("http://x.example","y")', "'-2+3", "'@a.b"]


def test_it_refuses_a_member_of_the_organizers_group(client, report_data):
    """Organizers see reports; personal data is granted to named people only."""
    from django.contrib.auth.models import Group

    from tests.reports.conftest import make_user

    member = make_user("organizer_in_group")
    member.groups.add(Group.objects.get(name="Organizers"))
    client.force_login(member)

    assert client.get(reverse("reports:campaign", args=["stop-the-deportation"])).status_code == 200
    assert client.get(url()).status_code == 403


def test_it_streams_the_list_from_postgresqls_copy(client, data_officer, report_data, postgres):
    """On PostgreSQL the CSV is COPY's own output (its line endings), passed on in
    chunks, recorded in the export log with COPY's row count."""
    client.force_login(data_officer)
    response = client.get(url())

    body = b"".join(response.streaming_content)

    assert body.startswith(b"first_name,last_name,email,postal_code,province,news_opt_in")
    assert b"Jane,Doe,jane@example.com,K1A 0A6,ON,yes,2026-03-02\n" in body
    assert ExportLog.objects.get().row_count == 4


def test_it_reads_ahead_a_batch_at_a_time_in_order(
    client, data_officer, report_data, postgres, monkeypatch
):
    """On PostgreSQL a thread fetches the next batch while the last is opened: with
    batches of one row, every row still comes once, in order."""
    monkeypatch.setattr("reports.exports.FETCH_ROWS", 1)
    monkeypatch.setattr("reports.exports.CHUNK_ROWS", 1)
    client.force_login(data_officer)

    rows = read_csv(client.get(url()))

    assert [row[2] for row in rows] == [
        "email", "jane@example.com", "paul@example.com", "ana@example.com", "lee@example.com",
    ]  # fmt: skip
    assert ExportLog.objects.get().row_count == 4


@pytest.mark.django_db(transaction=True)
def test_it_stops_reading_ahead_when_a_download_is_cut_short(
    client, data_officer, report_data, postgres, monkeypatch
):
    """A download abandoned after its first lines (the server closes the response): the
    fetching thread stops, and the next download is whole."""
    monkeypatch.setattr("reports.exports.FETCH_ROWS", 1)
    monkeypatch.setattr("reports.exports.CHUNK_ROWS", 1)
    client.force_login(data_officer)
    response = client.get(url())
    chunks = iter(response.streaming_content)

    assert next(chunks).startswith(b"first_name,")
    assert next(chunks).startswith(b"Jane,Doe,")
    response.close()

    assert not [t for t in threading.enumerate() if t.name == "supporter-list-fetch"]
    client.force_login(data_officer)
    assert len(read_csv(client.get(url()))) == 5


def test_it_shows_a_withdrawn_consent_and_a_corrected_province(client, data_officer, report_data):
    """Each letter's line is sealed whole (Letter.supporter_row): what changes after the
    letter is stored, an unsubscribe or a staff correction, changes the line too."""
    unsubscribe(email="JANE@example.com")
    paul = Letter.objects.of_address("paul@example.com").get()
    paul.province = "ON"
    paul.save()
    client.force_login(data_officer)

    rows = read_csv(client.get(url()))

    assert rows[1] == ["Jane", "Doe", "jane@example.com", "K1A 0A6", "ON", "no", "2026-03-02"]
    assert rows[2] == ["Paul", "Tremblay", "paul@example.com", "H2X 1Y4", "ON", "no", "2026-03-04"]


def test_it_completes_the_lines_sealed_before_they_held_the_whole_line(report_data):
    """Letters 0017: a value that held only the name, email and postal code cells gets
    the province, opt-in and local date; a whole line is left as it is."""
    migration = importlib.import_module("letters.migrations.0017_supporter_row_whole_line")
    letters = Letter.objects.filter(campaign=report_data["a"]).order_by("created_at")
    whole = list(letters.values_list("supporter_row", flat=True))
    jane = letters.of_address("jane@example.com").get()
    Letter.objects.filter(pk=jane.pk).update(supporter_row="Jane,Doe,jane@example.com,K1A 0A6")

    editor = SimpleNamespace(connection=connection)  # all the migration uses of it
    migration.whole_lines(apps, editor)
    migration.whole_lines(apps, editor)

    assert whole[0] == "Jane,Doe,jane@example.com,K1A 0A6,ON,yes,2026-03-02\n"
    assert list(letters.values_list("supporter_row", flat=True)) == whole
