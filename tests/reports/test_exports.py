import csv
import io

import pytest
from django.urls import reverse

from reports.models import ExportLog

pytestmark = pytest.mark.django_db

URL = reverse("reports:export")


def read_csv(response) -> list[list[str]]:
    assert response.streaming is True
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_it_exports_signers_per_campaign(client, organizer, report_data):
    client.force_login(organizer)

    response = client.get(URL, {"kind": "per_campaign"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="all-campaigns-per-campaign.csv"' in response["Content-Disposition"]
    assert read_csv(response) == [
        ["campaign", "title", "signers", "letters", "own_client"]
        + ["first_letter_at", "last_letter_at"],
        ["repeal-c51", "Repeal C-51", "2", "2", "0"]
        + ["2026-03-10 13:00:00+00:00", "2026-03-11 13:00:00+00:00"],
        ["stop-the-deportation", "Stop the deportation", "4", "4", "1"]
        + ["2026-03-02 15:00:00+00:00", "2026-03-11 12:00:00+00:00"],
    ]


def test_it_exports_one_row_per_campaign_even_when_the_period_is_quiet(
    client, organizer, report_data
):
    client.force_login(organizer)

    response = client.get(URL, {"kind": "per_campaign", "from": "2026-03-04", "to": "2026-03-09"})

    assert read_csv(response)[1:] == [
        ["repeal-c51", "Repeal C-51", "0", "0", "0", "", ""],
        ["stop-the-deportation", "Stop the deportation", "2", "2", "0"]
        + ["2026-03-05 04:30:00+00:00", "2026-03-09 04:30:00+00:00"],
    ]


def test_it_exports_signers_per_local_day(client, organizer, report_data):
    client.force_login(organizer)

    rows = read_csv(client.get(URL, {"kind": "per_day"}))

    assert rows == [
        ["campaign", "day", "signers", "letters"],
        ["repeal-c51", "2026-03-10", "1", "1"],
        ["repeal-c51", "2026-03-11", "1", "1"],
        ["stop-the-deportation", "2026-03-02", "1", "1"],
        ["stop-the-deportation", "2026-03-04", "1", "1"],
        ["stop-the-deportation", "2026-03-09", "1", "1"],
        ["stop-the-deportation", "2026-03-11", "1", "1"],
    ]


def test_it_exports_one_campaigns_days_in_a_period(client, organizer, report_data):
    client.force_login(organizer)

    response = client.get(
        URL,
        {"kind": "per_day", "campaign": "stop-the-deportation", "from": "2026-03-05"},
    )

    assert (
        'filename="stop-the-deportation-per-day-from-2026-03-05.csv"'
        in (response["Content-Disposition"])
    )
    assert read_csv(response)[1:] == [
        ["stop-the-deportation", "2026-03-09", "1", "1"],
        ["stop-the-deportation", "2026-03-11", "1", "1"],
    ]


def test_it_exports_signers_per_province(client, organizer, report_data):
    client.force_login(organizer)

    rows = read_csv(client.get(URL, {"kind": "per_province"}))

    assert rows == [
        ["campaign", "province", "signers", "letters"],
        ["repeal-c51", "ON", "2", "2"],  # Jane and Bob, whose province outlived his erasure
        ["stop-the-deportation", "BC", "1", "1"],
        ["stop-the-deportation", "ON", "2", "2"],
        ["stop-the-deportation", "QC", "1", "1"],
    ]


def test_it_exports_signers_per_riding(client, organizer, report_data):
    client.force_login(organizer)

    rows = read_csv(client.get(URL, {"kind": "per_riding"}))

    assert rows == [
        ["campaign", "riding_number", "riding", "province", "signers", "letters"],
        ["repeal-c51", "", "", "", "2", "2"],
        ["stop-the-deportation", "24056", "Papineau", "QC", "1", "1"],
        ["stop-the-deportation", "35075", "Ottawa Centre", "ON", "2", "2"],
        ["stop-the-deportation", "", "", "", "1", "1"],
    ]


def test_it_records_each_export_with_its_row_count(client, organizer, report_data):
    client.force_login(organizer)

    response = client.get(URL, {"kind": "per_day", "from": "2026-03-01", "to": "2026-03-31"})
    log = ExportLog.objects.get()
    assert log.row_count is None  # not finished before the last row is written
    read_csv(response)

    log.refresh_from_db()
    assert (log.user, log.username, log.kind, log.source) == (
        organizer,
        "organizer",
        "per_day",
        "web",
    )
    assert (str(log.date_from), str(log.date_to), log.campaign) == (
        "2026-03-01",
        "2026-03-31",
        None,
    )
    assert log.row_count == 6
    assert log.finished_at is not None


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "per_day", "from": "March 4"}, b"Enter a date as YYYY-MM-DD"),
        ({"kind": "per_day", "to": "2026-02-30"}, b"Enter a date as YYYY-MM-DD"),
        (
            {"kind": "per_day", "from": "2026-03-09", "to": "2026-03-04"},
            b"The start date must be on or before the end date.",
        ),
        ({"kind": "everything"}, b"Choose which figures to export."),
        ({"kind": "per_day", "campaign": "nope"}, b"There is no such campaign."),
    ],
)
def test_it_explains_what_is_wrong_with_a_request(client, organizer, params, message):
    client.force_login(organizer)

    response = client.get(URL, params)

    assert response.status_code == 400
    assert message in response.content
    assert not ExportLog.objects.exists()


def test_it_refuses_staff_without_the_reports_permission(client, editor):
    client.force_login(editor)

    assert client.get(URL, {"kind": "per_day"}).status_code == 403


def test_it_sends_the_header_before_reading_a_single_row(
    client, organizer, report_data, django_assert_num_queries
):
    client.force_login(organizer)
    response = client.get(URL, {"kind": "per_day"})
    chunks = iter(response.streaming_content)

    with django_assert_num_queries(0):
        first = next(chunks)

    assert first == b"campaign,day,signers,letters\r\n"
    assert b"".join(chunks).count(b"\r\n") == 6
