"""After the letter, in a real browser: "Call now", the office's number as a tel: link,
the script, an outcome recorded and counted in the report; the response wall."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from calls.models import CallCount
from replies import services as reply_services
from replies.links import answer_url
from tests.calls.conftest import add_script, give_offices
from tests.conftest import make_letter_campaign
from tests.e2e.conftest import DESKTOP, assert_accessible
from tests.replies.conftest import DAYS, delivered_letter
from tests.reports.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_it_calls_the_minister_after_the_letter_and_the_report_counts_it(
    page, live_server, minister_goodale, minister_mccallum
):
    campaign = make_letter_campaign(minister_goodale, minister_mccallum)
    give_offices(minister_goodale, minister_mccallum)  # 613-555-0100 and 613-555-0101
    add_script(campaign)

    page.goto(campaign.get_absolute_url())
    page.get_by_label("First name").fill("Jane")
    page.get_by_label("Last name").fill("Doe")
    page.get_by_label("Email").fill("jane@example.com")
    page.get_by_label("Postal code").fill("K1A 0A6")
    page.get_by_role("button", name="Review my letter").click()
    page.get_by_role("button", name="Send my letter").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Thank you, Jane!")

    page.get_by_role("link", name="Call now").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Call their offices"
    goodale = page.locator(f"#target-{minister_goodale.pk}")
    number = goodale.get_by_role("link", name="613-555-0100")
    assert number.is_visible()
    assert number.get_attribute("href") == "tel:+16135550100"
    assert goodale.get_by_text(
        "I am calling Minister Goodale to ask that Mohamed Harkat not be deported"
    ).is_visible()
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(SCREENSHOTS / "call-page.png"), full_page=True)

    goodale.get_by_role("button", name="I left a voicemail").click()

    assert page.locator(f"#target-{minister_goodale.pk}").get_by_role("status").inner_text() == (
        "Thank you! Your call is counted."
    )
    assert list(CallCount.objects.values_list("target", "outcome", "calls")) == [
        (minister_goodale.pk, "voicemail", 1)
    ]
    assert_accessible(page)

    # Groups come from migrations, which a browser test's flush empties: the permission itself.
    log_in(page, live_server, make_user("oscar", "campaigns.view_reports"))
    page.goto(f"/en/reports/campaigns/{campaign.slug}/")
    row = page.get_by_role("table", name="Calls supporters reported").get_by_role(
        "row", name="Ralph Goodale, Minister of Public Safety"
    )
    assert row.get_by_role("cell").all_inner_texts()[:4] == ["0", "1", "0", "1"]


def test_it_shows_the_response_wall_and_the_targets_page(
    page, live_server, minister_goodale, minister_mccallum
):
    campaign = make_letter_campaign(minister_goodale, minister_mccallum)
    editor = make_user("edith", "replies.moderate_reply")
    for n, choice in enumerate(["yes", "yes", "no", "not_yet", "no"]):
        letter = delivered_letter(campaign, first_name=["Jane", "Omar", "Ana", "Li", "Sam"][n],
                                  email=f"s{n}@example.com")  # fmt: skip
        reply_services.send_due_questionnaires(now=letter.created_at + 15 * DAYS)
        answer = letter.questionnaire.answers.get(target=minister_goodale)
        reply_services.record_answer(answer, choice=choice)
        if n == 0:
            reply = reply_services.submit_reply(
                answer,
                text="Thank you for your letter about Mr. Harkat. The Minister cannot comment "
                "on a case before the courts, but has read the concerns you raise.",
                publish_consent=True,
                show_first_name=True,
            )
            reply_services.approve_reply(reply, by=editor)
    reply_services.post_public_answer(
        target=minister_goodale, campaign=campaign, kind="house",
        text="The security certificate process includes independent judicial review.",
        received_on=letter.created_at.date(), url="https://www.ourcommons.ca/", by=editor,
    )  # fmt: skip
    reply_services.refresh_tallies()
    page.set_viewport_size(DESKTOP)

    # The questionnaire's page, as the last supporter's email button opens it.
    answer = letter.questionnaire.answers.get(target=minister_mccallum)
    page.goto(answer_url(letter.questionnaire, answer, "yes").removeprefix(settings.SITE_URL))
    assert page.get_by_text("Press the button below to record your answer.").is_visible()
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "questionnaire-page.png"), full_page=True)

    page.goto(campaign.get_absolute_url())
    wall = page.locator(".response-wall")
    assert wall.get_by_role("row", name="Ralph Goodale").get_by_role("cell").all_inner_texts() == [
        "5", "5", "2", "40% (2 of 5 supporters who answered)"
    ]  # fmt: skip
    assert wall.get_by_text("shared by Jane").is_visible()
    assert_accessible(page)
    wall.screenshot(path=str(SCREENSHOTS / "response-wall.png"))

    wall.get_by_role("link", name="Ralph Goodale").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ralph Goodale"
    assert page.get_by_text("independent judicial review").is_visible()
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "target-page.png"), full_page=True)
