"""Where the writers came from, in the campaign report and its CSVs: the figures are
the letters sent through the form, counted the way every report counts them."""

import csv
import io

import pytest
from django.urls import reverse

from letters.models import Letter
from reports.models import ExportLog
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
    sharer = Letter.objects.get(email="news0@example.com")
    client.post(url, letter_data(email="friend@example.com", ref=sharer.referral_code))
    client.post(url, letter_data(email="plain@example.com"))
    client.post(url, letter_data(email="rejected@example.com", **newsletter))
    Letter.objects.filter(email="rejected@example.com").update(state=Letter.State.REJECTED)
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
