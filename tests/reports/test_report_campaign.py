import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import figures

pytestmark = pytest.mark.django_db


def url(slug="stop-the-deportation"):
    return reverse("reports:campaign", args=[slug])


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """The cells of a table's body, as a reader sees them."""
    body = html.split(f'id="{table_id}"')[1].split("<tbody>")[1].split("</tbody>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


def test_it_lists_letters_per_local_day_with_the_running_total(
    client, organizer, report_data, frozen_clock
):
    client.force_login(organizer)

    html = client.get(url()).content.decode()

    assert table_rows(html, "daily-table") == [
        ["2026-03-02", "1", "1"],
        ["2026-03-03", "0", "1"],
        ["2026-03-04", "1", "2"],  # Paul, 23:30 in Toronto: already the 5th in UTC
        ["2026-03-05", "0", "2"],
        ["2026-03-06", "0", "2"],
        ["2026-03-07", "0", "2"],
        ["2026-03-08", "0", "2"],
        ["2026-03-09", "1", "3"],
        ["2026-03-10", "0", "3"],
        ["2026-03-11", "1", "4"],
    ]


def test_it_draws_the_chart_on_the_server_with_a_title_and_a_description(
    client, organizer, report_data
):
    client.force_login(organizer)

    html = client.get(url()).content.decode()

    svg = html.split("<svg")[1].split("</svg>")[0]
    assert 'role="img"' in svg
    assert '<title id="daily-title">Letters per day, with the running total</title>' in svg
    assert "From 2026-03-02 to 2026-03-11: 4 letters, 4 in all" in svg
    assert svg.count('class="chart-bar"') == 10
    assert 'class="chart-line"' in svg
    # Drawn on the server: the only script is the site's own, none from elsewhere.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/js/site.js" defer>']
    assert 'style="' not in html


def test_it_breaks_the_letters_down_by_province_and_riding(client, organizer, report_data):
    client.force_login(organizer)

    html = client.get(url()).content.decode()

    assert table_rows(html, "province-table") == [
        ["Ontario", "2"],
        ["British Columbia", "1"],
        ["Quebec", "1"],
    ]
    assert table_rows(html, "riding-table") == [
        ["Ottawa Centre", "ON", "2"],
        ["Papineau", "QC", "1"],
        ["Riding not known", "", "1"],
    ]


def test_it_shows_what_reached_each_target(client, organizer, report_data):
    """Columns: queued, sent, delivered, bounced, marked as spam, failed, total."""
    client.force_login(organizer)

    html = client.get(url()).content.decode()

    assert table_rows(html, "target-table") == [
        ["John McCallum, Minister of Immigration", "1", "0", "0", "1", "1", "1", "4"],
        ["Justin Trudeau", "0", "0", "1", "0", "0", "0", "1"],
        ["Ralph Goodale, Minister of Public Safety", "0", "1", "2", "1", "0", "0", "4"],
        ["Yasir Naqvi", "1", "0", "1", "0", "0", "0", "2"],
    ]


def test_it_limits_every_table_to_the_period(client, organizer, report_data):
    client.force_login(organizer)

    html = client.get(url(), {"from": "2026-03-04", "to": "2026-03-09"}).content.decode()

    daily = table_rows(html, "daily-table")
    assert daily[0] == ["2026-03-04", "1", "2"]  # the running total counts Jane, before
    assert daily[-1] == ["2026-03-09", "1", "3"]
    assert table_rows(html, "province-table") == [["British Columbia", "1"], ["Quebec", "1"]]
    assert table_rows(html, "target-table")[0] == [
        "John McCallum, Minister of Immigration",
        "1",
        "0",
        "0",
        "0",
        "0",
        "1",
        "2",
    ]
    assert "from=2026-03-04&amp;to=2026-03-09" in html  # the downloads keep the period


def test_it_offers_the_supporter_list_only_to_those_who_may_take_it(
    client, organizer, data_officer, report_data
):
    supporters = reverse("reports:supporters", args=["stop-the-deportation"])
    client.force_login(organizer)
    assert supporters not in client.get(url()).content.decode()

    client.force_login(data_officer)
    assert supporters in client.get(url()).content.decode()


def test_it_says_so_when_a_campaign_has_no_letter(client, organizer, draft_campaign):
    client.force_login(organizer)

    response = client.get(url(draft_campaign.slug))

    assert response.status_code == 200
    assert b"No letter in this period." in response.content


def test_it_404s_on_an_unknown_campaign(client, organizer):
    client.force_login(organizer)

    assert client.get(url("no-such-thing")).status_code == 404


def test_it_refuses_staff_without_the_reports_permission(client, editor, report_data):
    client.force_login(editor)

    assert client.get(url()).status_code == 403


def test_it_needs_a_bounded_number_of_queries(client, organizer, report_data):
    client.force_login(organizer)
    client.get(url())

    with CaptureQueriesContext(connection) as queries:
        client.get(url(), {"from": "2026-03-04"})

    # session, user, two permission lookups, the campaign; then from the tallies (never
    # the letters, never a fold: the counting job's) per day (with the summary), per
    # place and its ridings, per target and its targets, and letters before the start;
    # after the letter: calls per target, the replies' tallies and the targets' names;
    # where the writers came from, and the top referrers
    assert len(queries) <= 15
    assert not [q for q in queries if "letters_" in q["sql"]]


def test_it_sums_up_the_campaign_at_the_top(client, organizer, report_data, frozen_clock):
    client.force_login(organizer)

    summary = client.get(url()).context["summary"]

    assert (summary.signers, summary.letters, summary.own_client) == (4, 4, 1)
    assert (summary.today, summary.this_week) == (1, 2)
    assert summary.deliveries == {
        "queued": 2,
        "sent": 1,
        "delivered": 4,
        "bounced": 2,
        "complained": 1,
        "failed": 1,
        "total": 11,
    }


@pytest.mark.parametrize(
    "period",
    [
        {},
        {"date_from": date(2026, 3, 4)},
        {"date_to": date(2026, 3, 9)},
        {"date_from": date(2026, 3, 10)},
    ],
)
def test_it_adds_up_the_same_summary_from_the_days_as_counted_directly(
    report_data, frozen_clock, period
):
    """The campaign page's summary, summed from its days, equals the per-campaign count."""
    campaign = report_data["a"]

    from_days = figures.campaign_page_figures(campaign, **period)["summary"]
    counted = figures.campaign_figures([campaign], **period)[0]

    fields = ["signers", "letters", "own_client", "today", "this_week"]
    fields += ["first_letter_at", "last_letter_at", "deliveries"]
    assert {f: getattr(from_days, f) for f in fields} == {f: getattr(counted, f) for f in fields}


def test_it_shows_the_letters_as_the_counting_job_last_counted_them(client, organizer, report_data):
    """The page never counts letters itself (that would make an organizer wait on the
    counting job's lock and work): a letter appears at the job's next fold, seconds on."""
    from reports.tallies import fold_counts
    from tests.conftest import make_letter

    client.force_login(organizer)
    make_letter(report_data["a"], email="new@example.com")

    before = client.get(url()).context["summary"].letters
    fold_counts()
    after = client.get(url()).context["summary"].letters

    assert (before, after) == (4, 5)
