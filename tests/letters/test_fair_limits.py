"""Fair limits: they count letters stored (and so confirmation emails sent), never pages,
reviews, edits or riding searches; an address gets room for a rally on one Wi-Fi; and
a refused letter comes back with everything the supporter typed."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from letters.models import Letter
from tests.conftest import letter_data, make_letter_campaign
from tests.represent_fake import BAINS

pytestmark = pytest.mark.django_db


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def review(browser, campaign, **data):
    return browser.post(reverse("letters:review", args=[campaign.slug]), data, REMOTE_ADDR=IP)


def send(browser, campaign, page, **data):
    """Send from a review page, as its button does: with the page's token and time."""
    html = page.content.decode()
    data |= {
        "started": hidden(html, "started"),
        "csrfmiddlewaretoken": hidden(html, "csrfmiddlewaretoken"),
    }
    return browser.post(reverse("letters:send", args=[campaign.slug]), data, REMOTE_ADDR=IP)


IP = "198.51.100.20"


def start_of_next_hour() -> datetime:
    """The limits count in fixed hours: starting at one keeps the whole test in one."""
    now = timezone.now().timestamp()
    return datetime.fromtimestamp((now // 3600 + 1) * 3600 + 1, tz=UTC)


def test_it_lets_one_address_send_200_letters_from_200_emails_in_an_hour(campaign, abuse_checks):
    browser = Client(enforce_csrf_checks=True)
    refused = []
    start = start_of_next_hour()
    with time_machine.travel(start, tick=False) as clock:
        for n in range(200):
            data = letter_data(email=f"person{n}@example.com", first_name=f"Person{n}")
            page = review(browser, campaign, **data)
            clock.shift(timedelta(seconds=5))  # reading the review
            response = send(browser, campaign, page, **data)
            clock.shift(timedelta(seconds=10))
            if response.status_code != 302:
                refused.append((n, response.status_code))
        assert timezone.now() - start < timedelta(hours=1)

    assert refused == []
    assert Letter.objects.count() == 200
    assert abuse_checks.RATELIMITS["letter"][0] >= 200


def test_it_lets_one_email_review_edit_and_search_20_times_and_still_send(
    mp_campaign, bc_mps, represent, abuse_checks
):
    represent.postcode("V7A5J9", centroid=[BAINS])
    browser = Client(enforce_csrf_checks=True)
    data = letter_data(postal_code="V7A 5J9", body="As your constituent, I ask you to vote no.")
    url = reverse("letters:review", args=[mp_campaign.slug])
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(20):
            page = review(browser, mp_campaign, **data)
            assert page.status_code == 200, n
            edit = browser.post(url, data | {"edit": "1"}, REMOTE_ADDR=IP)
            assert edit.status_code == 200 and "Review my letter" in edit.content.decode(), n
            search = browser.post(url, data | {"riding_q": "Richmond"}, REMOTE_ADDR=IP)
            assert search.status_code == 200 and "Parm Bains" in search.content.decode(), n
            clock.shift(timedelta(seconds=30))

        response = send(browser, mp_campaign, page, **data, mp=bc_mps["59028"].pk)

    assert response.status_code == 302
    assert Letter.objects.get().mp == bc_mps["59028"]


def test_it_gives_a_refused_letter_back_with_everything_typed(campaign, abuse_checks):
    abuse_checks.RATELIMITS = {**abuse_checks.RATELIMITS, "letter": (1, 100, 3600)}
    browser = Client(enforce_csrf_checks=True)
    with time_machine.travel(start_of_next_hour(), tick=False) as clock:
        first = letter_data(email="first@example.com")
        page = review(browser, campaign, **first)
        clock.shift(timedelta(seconds=10))
        assert send(browser, campaign, page, **first).status_code == 302

        typed = letter_data(
            first_name="Amélie",
            last_name="Côté",
            email="amelie@example.com",
            city="Gatineau",
            body="In my own words: stop this deportation.",
            send_copy="on",
        )
        page = review(browser, campaign, **typed)
        clock.shift(timedelta(seconds=10))
        response = send(browser, campaign, page, **typed)

    html = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Review your letter" in html
    assert "Many requests like this one came from your connection" in html
    assert "Nothing you typed" not in html
    for name in ("first_name", "last_name", "email", "city", "body"):
        assert hidden(html, name) == typed[name]
    assert hidden(html, "send_copy") == "True"
    assert hidden(html, "started"), "it can be sent again as it is, once the hour has passed"
    assert not Letter.objects.of_address("amelie@example.com").exists()


def test_it_counts_only_letters_stored(campaign, abuse_checks):
    abuse_checks.RATELIMITS = {**abuse_checks.RATELIMITS, "letter": (1, 100, 3600)}
    browser = Client(enforce_csrf_checks=True)
    with time_machine.travel(start_of_next_hour(), tick=False) as clock:
        data = letter_data()
        page = review(browser, campaign, **data)
        # Refused for their own reasons: too fast, an invalid postal code. Nothing stored.
        too_fast = send(browser, campaign, page, **data)
        assert "That was very fast" in too_fast.content.decode()
        clock.shift(timedelta(seconds=10))
        invalid = send(browser, campaign, page, **data | {"postal_code": "nope"})
        assert "Enter a Canadian postal code" in invalid.content.decode()

        assert send(browser, campaign, page, **data).status_code == 302


def test_it_limits_letters_per_email_across_campaigns(minister_goodale, abuse_checks):
    abuse_checks.RATELIMITS = {**abuse_checks.RATELIMITS, "letter": (100, 2, 3600)}
    campaigns = [
        make_letter_campaign(minister_goodale, slug=f"action-{n}", title=f"Action {n}")
        for n in range(3)
    ]
    with time_machine.travel(start_of_next_hour(), tick=False) as clock:
        answers = []
        for n, campaign in enumerate(campaigns):
            browser = Client(enforce_csrf_checks=True)  # another browser, another address
            data = letter_data(email="Jane@Example.com")
            page = browser.post(
                reverse("letters:review", args=[campaign.slug]), data, REMOTE_ADDR=f"192.0.2.{n}"
            )
            clock.shift(timedelta(seconds=10))
            html = page.content.decode()
            data |= {
                "started": hidden(html, "started"),
                "csrfmiddlewaretoken": hidden(html, "csrfmiddlewaretoken"),
            }
            answers.append(
                browser.post(
                    reverse("letters:send", args=[campaign.slug]), data, REMOTE_ADDR=f"192.0.2.{n}"
                ).status_code
            )

    assert answers == [302, 302, 429]
