"""Calls and replies beside the letter figures: the campaign report and the CSV exports
carry the same figures as the public pages."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from calls import services as call_services
from replies import services as reply_services
from reports.models import ExportLog
from tests.conftest import make_letter_campaign
from tests.replies.conftest import DAYS, delivered_letter, page_text

pytestmark = pytest.mark.django_db

TORONTO = ZoneInfo("America/Toronto")
EXPORT = reverse("reports:export")


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def activity(minister_goodale, minister_mccallum):
    """On 2 and 3 March 2026: calls to both ministers; eight letters whose writers say
    Goodale replied to 1, not to 6, and one did not answer (1 of 7: 14%)."""
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=TORONTO), tick=False) as clock:
        campaign = make_letter_campaign(minister_goodale, minister_mccallum)
        for target, outcome in [
            (minister_goodale, "voicemail"),
            (minister_goodale, "voicemail"),
            (minister_mccallum, "reached"),
        ]:
            call_services.record_call(campaign, target=target, outcome=outcome)
        clock.shift(DAYS)
        call_services.record_call(campaign, target=minister_goodale, outcome="unavailable")
        letters = [delivered_letter(campaign, email=f"w{n}@example.com") for n in range(8)]
        reply_services.send_due_questionnaires(now=timezone.now() + 14 * DAYS)
    for n, letter in enumerate(letters[:7]):
        answer = letter.questionnaire.answers.get(target=minister_goodale)
        reply_services.record_answer(answer, choice="yes" if n == 0 else "no")
    reply_services.refresh_tallies()
    return campaign


def test_it_shows_calls_and_replies_per_target_on_the_campaign_report(client, organizer, activity):
    client.force_login(organizer)
    url = reverse("reports:campaign", args=[activity.slug])

    text = page_text(client.get(url))
    one_day = page_text(client.get(url, {"from": "2026-03-03", "to": "2026-03-03"}))

    table = text[text.index("After the letter: calls and replies") :]
    assert "John McCallum, Minister of Immigration 1 0 0 1 8 8 0 no answer yet" in table
    assert (
        "Ralph Goodale, Minister of Public Safety 0 2 1 3 8 8 1 "
        "14% (1 of 7 supporters who answered)"
    ) in table
    assert "Ralph Goodale, Minister of Public Safety 0 0 1 1 8 8 1 14%" in one_day


def test_it_exports_calls_per_day_and_target(client, organizer, activity):
    client.force_login(organizer)

    response = client.get(EXPORT, {"kind": "calls_per_day", "campaign": activity.slug})

    assert read_csv(response) == [
        ["campaign", "day", "target", "reached", "voicemail", "unavailable", "calls"],
        [activity.slug, "2026-03-02", "John McCallum", "1", "0", "0", "1"],
        [activity.slug, "2026-03-02", "Ralph Goodale", "0", "2", "0", "2"],
        [activity.slug, "2026-03-03", "Ralph Goodale", "0", "0", "1", "1"],
    ]
    log = ExportLog.objects.get()
    assert (log.kind, log.user, log.row_count) == (ExportLog.Kind.CALLS_PER_DAY, organizer, 3)


def test_it_exports_each_targets_replies_as_the_public_pages_show_them(client, organizer, activity):
    client.force_login(organizer)

    rows = read_csv(client.get(EXPORT, {"kind": "responsiveness"}))

    assert rows == [
        [
            "campaign", "target", "letters_delivered", "supporters_asked", "replies_reported",
            "not_yet", "no_reply", "answered", "reply_rate_percent",
        ],
        [activity.slug, "John McCallum", "8", "8", "0", "0", "0", "0", ""],
        [activity.slug, "Ralph Goodale", "8", "8", "1", "0", "6", "7", "14"],
    ]  # fmt: skip


def test_it_rounds_the_rate_half_up_in_the_export_as_on_the_pages(
    client, organizer, campaign, minister_goodale
):
    """1 of 8 is 12.5%: 13 everywhere, on PostgreSQL and SQLite alike."""
    letters = [delivered_letter(campaign, email=f"h{n}@example.com") for n in range(8)]
    reply_services.send_due_questionnaires(now=letters[-1].created_at + 15 * DAYS)
    for n, letter in enumerate(letters):
        answer = letter.questionnaire.answers.get(target=minister_goodale)
        reply_services.record_answer(answer, choice="yes" if n == 0 else "not_yet")
    client.force_login(organizer)

    rows = read_csv(client.get(EXPORT, {"kind": "responsiveness", "campaign": campaign.slug}))
    page = page_text(client.get(reverse("replies:target", args=[minister_goodale.pk])))

    assert rows[2][-1] == "13"
    assert "13% (1 of 8 supporters who answered)" in page


def test_it_offers_no_personal_data_list_among_the_figures(client, organizer):
    client.force_login(organizer)

    response = client.get(EXPORT, {"kind": "subscribers"})

    assert response.status_code == 400
    assert not ExportLog.objects.exists()
