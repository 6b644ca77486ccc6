import csv

import pytest
from django.core.management import CommandError, call_command

from campaigns.models import Campaign
from reports.models import ExportLog

pytestmark = pytest.mark.django_db


def test_it_writes_counts_to_a_file_for_scheduled_jobs(tmp_path, report_data):
    output = tmp_path / "per-day.csv"

    call_command(
        "export_counts",
        "--kind=per_day",
        "--from=2026-03-04",
        "--to=2026-03-10",
        f"--output={output}",
    )

    with output.open(newline="", encoding="utf-8") as f:
        assert list(csv.reader(f)) == [
            ["campaign", "day", "signers", "letters"],
            ["repeal-c51", "2026-03-10", "1", "1"],
            ["stop-the-deportation", "2026-03-04", "1", "1"],
            ["stop-the-deportation", "2026-03-09", "1", "1"],
        ]
    log = ExportLog.objects.get()
    assert (log.source, log.user, log.kind, log.row_count) == ("command", None, "per_day", 3)


def test_it_writes_one_campaigns_counts_to_standard_output(capsys, report_data):
    call_command("export_counts", "--kind=per_province", "--campaign=repeal-c51")

    assert capsys.readouterr().out.splitlines() == [
        "campaign,province,signers,letters",
        "repeal-c51,ON,2,2",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from=2026-13-01"], "--from: Enter a date as YYYY-MM-DD"),
        (["--from=2026-03-09", "--to=2026-03-04"], "The start date must be on or before"),
        (["--campaign=nope"], "There is no campaign 'nope'."),
    ],
)
def test_it_explains_bad_arguments(args, message, db):
    with pytest.raises(CommandError, match=message):
        call_command("export_counts", "--kind=per_day", *args)
    assert not ExportLog.objects.exists()


def test_it_repairs_counters_that_drifted(capsys, report_data):
    Campaign.objects.filter(slug="stop-the-deportation").update(letter_count=99)

    call_command("recount_letters")

    assert capsys.readouterr().out.splitlines() == [
        "stop-the-deportation: 99 -> 4",
        "1 counter(s) corrected.",
    ]
    assert Campaign.objects.get(slug="stop-the-deportation").letter_count == 4


def test_it_recounts_one_campaign(capsys, report_data):
    Campaign.objects.update(letter_count=0)

    call_command("recount_letters", "--campaign=repeal-c51")

    assert dict(Campaign.objects.values_list("slug", "letter_count")) == {
        "repeal-c51": 2,
        "stop-the-deportation": 0,
    }


def test_it_refuses_an_unknown_campaign_to_recount(db):
    with pytest.raises(CommandError, match="There is no campaign 'nope'."):
        call_command("recount_letters", "--campaign=nope")
