import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from campaigns.models import Achievement, AchievementLink, date_from_label

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("2019", datetime.date(2019, 1, 1)),
        ("June 2019", datetime.date(2019, 6, 1)),
        ("Fall 2017", datetime.date(2017, 9, 1)),
        ("Summer 2017", datetime.date(2017, 6, 1)),
        ("2014-2016", datetime.date(2016, 1, 1)),
        ("March & July 2017", datetime.date(2017, 7, 1)),
        ("2009 and 2012", datetime.date(2012, 1, 1)),
        ("Ongoing", None),
    ],
)
def test_it_reads_the_sort_date_from_every_written_form(label, expected):
    assert date_from_label(label) == expected


def add(label, title, *, position=0, **kwargs):
    return Achievement.objects.create(
        date_label=label,
        sort_date=date_from_label(label),
        title=title,
        body=f"<p>About {title}.</p>",
        position=position,
        **kwargs,
    )


def headings_and_items(html: str) -> list[str]:
    """The year headings and achievement dates in page order."""
    return re.findall(
        r'<h2 id="year-[^"]+">([^<]+)</h2>|<p class="achievement-date">([^<]+)</p>', html
    )


def test_it_groups_by_year_newest_first_with_ongoing_work_on_top(client):
    add("2014-2016", "Al-Qazzaz released")
    add("2014", "ARAR+10")
    add("March & July 2017", "Settlements")
    add("Fall 2017", "Speaker series")
    add("June 2017", "Citizenship equality", position=2)
    add("Summer 2017", "NDP questionnaire", position=1)
    add("2019", "A year-only achievement")
    add("June 2019", "Review agency")
    add("Ongoing", "Parliament Hill", position=1)
    add("Ongoing", "Forum", position=0)

    response = client.get(reverse("campaigns:achievements"))

    found = [h or d for h, d in headings_and_items(response.content.decode())]
    assert found == [
        "Ongoing work", "Ongoing", "Ongoing",
        "2019", "June 2019", "2019",
        "2017", "Fall 2017", "March &amp; July 2017", "Summer 2017", "June 2017",
        "2016", "2014-2016",
        "2014", "2014",
    ]  # fmt: skip
    html = response.content.decode()
    assert html.index("Forum") < html.index("Parliament Hill")
    assert html.index("NDP questionnaire") < html.index("Citizenship equality")


def test_it_shows_each_achievement_with_its_text_and_links(client):
    achievement = add("May 2017", "Results of the consultation")
    AchievementLink.objects.create(
        achievement=achievement, title="Our brief", url="https://iclmg.example/brief"
    )

    html = client.get(reverse("campaigns:achievements")).content.decode()

    assert "<p>About Results of the consultation.</p>" in html
    assert '<a href="https://iclmg.example/brief" rel="noopener">Our brief</a>' in html


def test_it_links_achievements_and_campaigns_both_ways(client, campaign, closed_campaign):
    victory = add("June 2019", "A new review agency")
    victory.campaigns.add(campaign)
    add("2013", "Unrelated event")

    timeline = client.get(reverse("campaigns:achievements")).content.decode()
    page = client.get(campaign.get_absolute_url()).content.decode()
    other = client.get(closed_campaign.get_absolute_url()).content.decode()

    assert f'<a href="{campaign.get_absolute_url()}">{campaign.title}</a>' in timeline
    assert "Victories" in page
    assert "A new review agency" in page
    assert "Unrelated event" not in page
    assert "Victories" not in other


def test_it_fills_the_sort_date_from_the_label_when_staff_leave_it_empty(client):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "pw"))

    response = client.post(
        reverse("admin:campaigns_achievement_add"),
        {
            "date_label_en": "Fall 2017",
            "sort_date": "",
            "title_en": "Speaker series",
            "body_en": "<p>Talks</p><script>alert(1)</script>",
            "position": "0",
            "links-TOTAL_FORMS": "1",
            "links-INITIAL_FORMS": "0",
            "links-0-title_en": "Videos",
            "links-0-url": "https://example.org/videos",
            "links-0-position": "0",
        },
    )

    assert response.status_code == 302
    achievement = Achievement.objects.get()
    assert achievement.sort_date == datetime.date(2017, 9, 1)
    assert achievement.links.get().title == "Videos"
    html = client.get(reverse("campaigns:achievements")).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_it_keeps_the_timeline_within_its_query_budget(client, campaign, django_assert_num_queries):
    for year in range(2002, 2020):
        achievement = add(str(year), f"Achievement {year}")
        achievement.campaigns.add(campaign)
        AchievementLink.objects.create(achievement=achievement, title="More", url="https://e.org")

    # The achievements, their links, their campaigns, the donation appeal: however many.
    with django_assert_num_queries(4):
        response = client.get(reverse("campaigns:achievements"))

    assert response.content.decode().count('class="achievement"') == 18
