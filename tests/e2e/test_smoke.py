import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_opens_a_campaign_from_the_home_page(page, campaign):
    page.goto("/")
    page.get_by_role("link", name=campaign.title).click()

    assert page.get_by_role("heading", level=1).inner_text() == campaign.title


def test_it_loads_every_page_resource_and_icon_without_a_console_error(page, campaign):
    errors, failed = [], []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))

    page.goto(campaign.get_absolute_url())
    page.wait_for_load_state("networkidle")
    icons = page.locator("link[rel~=icon], link[rel=apple-touch-icon]").evaluate_all(
        "links => links.map(l => l.href)"
    )
    answers = {href.rsplit("/", 1)[1]: page.request.get(href) for href in icons}
    favicon = page.request.get("/favicon.ico")

    assert errors == [] and failed == []
    assert {name: a.status for name, a in answers.items()} == {
        "favicon.ico": 200,
        "favicon.svg": 200,
        "apple-touch-icon.png": 200,
    }
    assert answers["favicon.svg"].headers["content-type"] == "image/svg+xml"
    assert favicon.status == 200 and favicon.body() == answers["favicon.ico"].body()
