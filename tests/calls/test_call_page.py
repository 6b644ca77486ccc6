"""The call page: the targets' offices as tel: links, the script, the outcome buttons;
outcomes counted per target and day, with nothing about the caller."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from calls.models import CallCount
from campaigns.models import Campaign, Office
from tests.calls.conftest import add_script, give_offices, page_text
from tests.conftest import make_letter_campaign

pytestmark = pytest.mark.django_db

TORONTO = ZoneInfo("America/Toronto")


def call_url(campaign, **query) -> str:
    url = reverse("calls:page", args=[campaign.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def record_url(campaign) -> str:
    return reverse("calls:record", args=[campaign.slug])


def counts() -> list[tuple]:
    return list(
        CallCount.objects.order_by("target__name", "day", "outcome").values_list(
            "target__name", "day", "outcome", "calls"
        )
    )


def test_it_shows_each_targets_offices_as_tel_links_and_the_script(client, scripted):
    response = client.get(call_url(scripted))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<a class="office__phone" href="tel:+16135550100">613-555-0100</a>' in html
    assert '<a class="office__phone" href="tel:+16135550101">613-555-0101</a>' in html
    text = page_text(response)
    assert "Hello, my name is [your name] and I live in [your city]." in text
    assert "I am calling Minister Goodale to ask" in text
    assert "I am calling Minister McCallum to ask" in text
    assert text.count("I left a voicemail") == 2
    assert "csrfmiddlewaretoken" not in html, "the same bytes for every visitor"


def test_it_counts_each_outcome_per_target_and_day_and_nothing_else(
    client, minister_goodale, minister_mccallum
):
    monday = datetime(2026, 3, 9, 23, 30, tzinfo=TORONTO)
    with time_machine.travel(monday, tick=False) as clock:
        scripted = make_letter_campaign(minister_goodale, minister_mccallum)
        add_script(scripted)
        for target, outcome in [
            (minister_goodale, "voicemail"),
            (minister_goodale, "voicemail"),
            (minister_mccallum, "reached"),
        ]:
            response = client.post(record_url(scripted), {"target": target.pk, "outcome": outcome})
            assert response.status_code == 302
        clock.shift(60 * 60)  # past midnight in Toronto: a new day
        client.post(record_url(scripted), {"target": minister_goodale.pk, "outcome": "unavailable"})

    assert counts() == [
        ("John McCallum", monday.date(), "reached", 1),
        ("Ralph Goodale", monday.date(), "voicemail", 2),
        ("Ralph Goodale", monday.date().replace(day=10), "unavailable", 1),
    ]
    assert {f.name for f in CallCount._meta.concrete_fields} == {
        "id", "campaign", "target", "day", "outcome", "calls",
    }  # fmt: skip


def test_it_thanks_the_caller_on_the_same_page(client, scripted, minister_goodale):
    response = client.post(
        record_url(scripted), {"target": minister_goodale.pk, "outcome": "reached"}
    )

    assert response["Location"] == (
        f"{call_url(scripted)}?called={minister_goodale.pk}#target-{minister_goodale.pk}"
    )
    page = page_text(client.get(response["Location"]))
    assert page.count("Thank you! Your call is counted.") == 1


def test_it_takes_the_buttons_from_a_page_served_from_a_cache(scripted, minister_goodale):
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(
        record_url(scripted), {"target": minister_goodale.pk, "outcome": "voicemail"}
    )

    assert response.status_code == 302
    assert counts()[0][2:] == ("voicemail", 1)


@pytest.mark.parametrize(
    "data",
    [
        {"outcome": "voicemail"},
        {"target": "GOODALE", "outcome": "hung up on me"},
        {"target": "abc", "outcome": "reached"},
        {"target": "OTHER", "outcome": "reached"},
    ],
    ids=["no-target", "unknown-outcome", "not-a-number", "not-this-campaigns"],
)
def test_it_refuses_a_button_it_did_not_offer(client, scripted, minister_goodale, data):
    from campaigns.models import Target

    other = Target.objects.create(name="Someone Else", email="else@example.org")
    ids = {"GOODALE": minister_goodale.pk, "OTHER": other.pk}
    data = {k: ids.get(v, v) for k, v in data.items()}

    response = client.post(record_url(scripted), data)

    assert response.status_code == 400
    assert "That button does not belong to this page." in page_text(response)
    assert counts() == []


def test_it_counts_nothing_on_a_get(client, scripted):
    assert client.get(record_url(scripted)).status_code == 405
    assert counts() == []


def test_it_has_no_call_page_without_a_script(client, campaign):
    assert client.get(call_url(campaign)).status_code == 404
    assert client.post(record_url(campaign), {"outcome": "reached"}).status_code == 404


def test_it_sends_callers_of_a_closed_campaign_to_its_page(client, scripted, minister_goodale):
    Campaign.objects.filter(pk=scripted.pk).update(status=Campaign.Status.CLOSED)

    page = client.get(call_url(scripted))
    press = client.post(record_url(scripted), {"target": minister_goodale.pk, "outcome": "reached"})

    assert page.status_code == press.status_code == 302
    assert page["Location"] == scripted.get_absolute_url()
    assert counts() == []


def test_it_calls_the_scripts_own_targets_when_it_names_them(
    client, campaign, minister_goodale, minister_mccallum
):
    give_offices(minister_mccallum)
    add_script(campaign, "Please call {target_name}.", targets=[minister_mccallum])

    text = page_text(client.get(call_url(campaign)))

    assert "Please call John McCallum." in text
    assert "Ralph Goodale" not in text


def test_it_adds_the_supporters_mp_named_in_the_address(client, mp_campaign, bc_mps):
    bains = bc_mps["59028"]
    Office.objects.create(target=bains, kind="legislature", phone="1 613 992-1385")
    Office.objects.create(
        target=bains, kind="constituency", name="Main office - Richmond", phone="1 604 257-2900",
        position=1,
    )  # fmt: skip
    add_script(mp_campaign, "I live in {riding}. Please, {salutation}, vote no.")

    without = page_text(client.get(call_url(mp_campaign)))
    response = client.get(call_url(mp_campaign, mp=bains.pk))
    text = page_text(response)

    assert "Parm Bains" not in without and "send the letter first" in without
    assert "I live in Richmond East—Steveston. Please, Parm Bains, MP, vote no." in text
    assert "Parliament Hill office 613-992-1385" in text
    assert "Main office - Richmond 604-257-2900" in text
    assert 'href="tel:+16042572900"' in response.content.decode()
    client.post(record_url(mp_campaign), {"target": bains.pk, "outcome": "reached", "mp": bains.pk})
    assert counts()[0][0] == "Parm Bains"


def test_it_says_when_it_has_no_number_for_an_office(client, campaign):
    add_script(campaign)

    assert (
        page_text(client.get(call_url(campaign))).count(
            "We have no phone number for this office yet."
        )
        == 2
    )


def test_it_limits_how_many_calls_one_address_reports(
    client, scripted, minister_goodale, abuse_checks
):
    abuse_checks.RATELIMITS = {**abuse_checks.RATELIMITS, "call": (3, 0, 3600)}
    data = {"target": minister_goodale.pk, "outcome": "voicemail"}

    statuses = [client.post(record_url(scripted), data).status_code for _ in range(4)]

    assert statuses == [302, 302, 302, 429]
    assert counts()[0][3] == 3


def test_it_leads_with_the_call_on_a_campaign_of_calls_alone(client, minister_goodale):
    campaign = make_letter_campaign(minister_goodale, kind=Campaign.Kind.CALL)
    campaign.letter_templates.all().delete()
    give_offices(minister_goodale)
    add_script(campaign, "Call {target_name}.", targets=[minister_goodale])

    page = client.get(campaign.get_absolute_url())

    html = page.content.decode()
    assert f'class="button" href="{call_url(campaign)}"' in html
    assert "Send your letter" not in page_text(page)
    assert "Call John McCallum." not in page_text(client.get(call_url(campaign)))
    assert "Call Ralph Goodale." in page_text(client.get(call_url(campaign)))
