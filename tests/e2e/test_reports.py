import pytest
from django.conf import settings
from django.test import Client

from tests.reports.conftest import make_user, mps, report_data, ridings  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def report_page(page, live_server):
    organizer = make_user("organizer", "campaigns.view_reports")
    client = Client()
    client.force_login(organizer)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


@pytest.mark.usefixtures("report_data")
def test_it_shows_the_daily_chart_as_an_image_with_its_table_beside(report_page, tmp_path):
    page = report_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/reports/")
    page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
    page.get_by_role("link", name="Stop the deportation").click()

    chart = page.get_by_role("img", name="Letters per day, with the running total")
    assert chart.is_visible()
    table = page.get_by_role("table", name="Letters per day, with the running total")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 10
    assert page.get_by_role("table", name="Letters by province").is_visible()
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
