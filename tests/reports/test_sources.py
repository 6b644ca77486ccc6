"""Where the writers came from, in the campaign report and its CSVs: the figures are
the letters sent through the form, counted the way every report counts them."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from letters.models import Letter
from reports.models import ExportLog, ReferralTally, ReferralTotal, SourceTally
from reports.services import recount_letters
from reports.tallies import fold_counts, reconcile_counts
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def sent(client, campaign, partner):
    """Letters sent through the form from a newsletter, a partner's frame, a friend's
    share and nowhere in particular; one of them is held back by staff later."""
    url = reverse("letters:send", args=[campaign.slug])
    newsletter = {"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": "dec"}
    for n in range(3):
        client.post(url, letter_data(email=f"news{n}@example.com", **newsletter))
    for n in range(2):
        client.post(
            url,
            letter_data(
                email=f"frame{n}@example.com", partner="bccla", embed="1", utm_source="bccla"
            ),
        )
    sharer = Letter.objects.of_address("news0@example.com").get()
    client.post(url, letter_data(email="friend@example.com", ref=sharer.referral_code))
    client.post(url, letter_data(email="plain@example.com"))
    client.post(url, letter_data(email="rejected@example.com", **newsletter))
    Letter.objects.of_address("rejected@example.com").update(state=Letter.State.REJECTED)
    fold_counts()  # the counting job, a few seconds later
    return sharer


def test_it_shows_the_campaign_s_letters_by_source_and_partner(client, organizer, campaign, sent):
    client.force_login(organizer)

    response = client.get(reverse("reports:campaign", args=[campaign.slug]))

    assert [tuple(row.values()) for row in response.context["sources"]] == [
        ("newsletter", "email", "dec", "", False, 3),
        ("", "", "", "", False, 2),
        ("bccla", "", "", "bccla", True, 2),
    ]
    html = response.content.decode()
    assert "Where the writers came from" in html
    assert "<td>bccla</td>" in html


def test_it_shows_top_referrers_by_code_and_count_without_names(client, organizer, campaign, sent):
    client.force_login(organizer)

    response = client.get(reverse("reports:campaign", args=[campaign.slug]))

    assert response.context["referrers"] == [{"referred_by": sent.referral_code, "letters": 1}]
    html = response.content.decode()
    assert f"<code>{sent.referral_code}</code>" in html
    assert "news0" not in html and "Jane" not in html.split("Top referrers")[1]


def test_it_exports_letters_per_source_as_sent(client, organizer, campaign, sent):
    client.force_login(organizer)

    response = client.get(
        reverse("reports:export"), {"kind": "per_source", "campaign": campaign.slug}
    )

    rows = read_csv(response)
    assert rows[0] == [
        "campaign", "utm_source", "utm_medium", "utm_campaign", "partner", "embedded",
        "signers", "letters",
    ]  # fmt: skip
    assert sorted(rows[1:]) == sorted(
        [
            ["stop-the-deportation", "", "", "", "", "False", "2", "2"],
            ["stop-the-deportation", "bccla", "", "", "bccla", "True", "2", "2"],
            ["stop-the-deportation", "newsletter", "email", "dec", "", "False", "3", "3"],
        ]
    )
    assert sum(int(row[-1]) for row in rows[1:]) == Letter.objects.counted().count() == 7
    log = ExportLog.objects.get()
    assert (log.kind, log.username, log.row_count) == ("per_source", organizer.username, 3)


def test_it_exports_letters_per_referral_code(client, organizer, campaign, sent):
    client.force_login(organizer)

    response = client.get(
        reverse("reports:export"), {"kind": "per_referrer", "campaign": campaign.slug}
    )

    assert read_csv(response) == [
        ["campaign", "referral_code", "letters"],
        ["stop-the-deportation", sent.referral_code, "1"],
    ]


def sourced_letter(campaign, email: str, when, **where) -> Letter:
    from tests.conftest import make_letter

    letter = make_letter(campaign, email=email, now=when)
    Letter.objects.filter(pk=letter.pk).update(**where)
    return letter


def test_it_shows_the_sources_and_referrers_of_the_period_s_local_days(client, organizer, campaign):
    from tests.reports.conftest import local

    campaign.publish_at = local(1, 0)
    campaign.save()
    sourced_letter(campaign, "a@example.com", local(2, 10), utm_source="bluesky")
    # 23:30 in Toronto on the 4th: the 5th in UTC, the 4th in the report.
    newsletter = {"utm_source": "newsletter"}
    sourced_letter(campaign, "b@example.com", local(4, 23, 30), **newsletter, referred_by="abc")
    sourced_letter(campaign, "c@example.com", local(9, 9), **newsletter, referred_by="xyz")
    fold_counts()
    client.force_login(organizer)

    response = client.get(
        reverse("reports:campaign", args=[campaign.slug]),
        {"from": "2026-03-04", "to": "2026-03-04"},
    )

    assert [(r["utm_source"], r["letters"]) for r in response.context["sources"]] == [
        ("newsletter", 1)
    ]
    assert response.context["referrers"] == [{"referred_by": "abc", "letters": 1}]


def test_it_adds_letters_of_later_folds_to_the_same_day_s_rows(client, organizer, campaign):
    """Each fold adds to the day's rows in place: the figures stay those of a recount."""
    newsletter = {"utm_source": "newsletter"}
    for n in range(3):
        sourced_letter(campaign, f"s{n}@example.com", None, **newsletter, referred_by="abc")
        fold_counts()
    sourced_letter(campaign, "other@example.com", None, referred_by="xyz")
    fold_counts()
    client.force_login(organizer)
    url = reverse("reports:campaign", args=[campaign.slug])

    folded = client.get(url).context
    recount_letters()
    recounted = client.get(url).context

    assert [(r["utm_source"], r["letters"]) for r in folded["sources"]] == [
        ("newsletter", 3),
        ("", 1),
    ]
    assert folded["referrers"] == [
        {"referred_by": "abc", "letters": 3},
        {"referred_by": "xyz", "letters": 1},
    ]
    assert (folded["sources"], folded["referrers"]) == (
        recounted["sources"],
        recounted["referrers"],
    )
    # The whole campaign's (running totals) and a period's (per day) agree.
    assert client.get(url, {"from": "2026-01-01"}).context["referrers"] == folded["referrers"]


def test_it_repairs_sources_and_referrals_that_drifted_at_the_nightly_recount(
    client, organizer, campaign, sent
):
    client.force_login(organizer)
    url = reverse("reports:campaign", args=[campaign.slug])
    truth = client.get(url).context
    SourceTally.objects.filter(utm_source="newsletter").update(letters=99)
    ReferralTally.objects.update(letters=42)
    ReferralTally.objects.create(campaign=campaign, day=date(2026, 1, 1), code="ghost", letters=7)
    ReferralTotal.objects.update(letters=42)
    ReferralTotal.objects.create(campaign=campaign, code="ghost", letters=7)
    drifted = client.get(url).context
    assert drifted["sources"][0]["letters"] == 99  # the page reads the tallies as they are
    assert drifted["referrers"][0] == {"referred_by": sent.referral_code, "letters": 42}

    reconcile_counts()  # what beat runs nightly

    repaired = client.get(url).context
    in_a_period = client.get(url, {"from": "2026-01-01"}).context
    assert repaired["sources"] == truth["sources"]
    assert (
        repaired["referrers"]
        == in_a_period["referrers"]
        == truth["referrers"]
        == [{"referred_by": sent.referral_code, "letters": 1}]
    )


def test_it_lists_the_ten_codes_that_brought_the_most_letters(client, organizer, campaign):
    codes = [f"code{n:02d}" for n in range(12)]
    for n, code in enumerate(codes):
        for i in range(n % 4 + 1):  # code00: 1 letter, code01: 2, code02: 3, code03: 4, ...
            sourced_letter(campaign, f"{code}-{i}@example.com", None, referred_by=code)
    fold_counts()
    client.force_login(organizer)

    referrers = client.get(reverse("reports:campaign", args=[campaign.slug])).context["referrers"]

    assert [(r["referred_by"], r["letters"]) for r in referrers] == [
        ("code03", 4), ("code07", 4), ("code11", 4),
        ("code02", 3), ("code06", 3), ("code10", 3),
        ("code01", 2), ("code05", 2), ("code09", 2),
        ("code00", 1),
    ]  # fmt: skip
