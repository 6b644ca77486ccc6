"""Staff HTML against input/expected file pairs in tests/fixtures/sanitize/."""

from pathlib import Path

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from campaigns.sanitize import clean_html
from tests.campaigns.conftest import campaign_post_data

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sanitize"
CASES = sorted(p.name.removesuffix(".in.html") for p in FIXTURES.glob("*.in.html"))
HOSTILE = ("<script", "onerror", "onclick", "onmouseover", "javascript:", "style=", "<iframe")


def pair(case: str) -> tuple[str, str]:
    source = (FIXTURES / f"{case}.in.html").read_text().strip()
    expected = (FIXTURES / f"{case}.out.html").read_text().strip()
    return source, expected


def test_it_has_the_hostile_cases():
    assert {
        "script_tags",
        "event_handlers",
        "javascript_links",
        "style_attributes",
        "malformed_nesting",
        "word_paste",
        "data_urls",
        "iframes_and_embeds",
    } <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_it_cleans_each_case_to_its_expected_output(case):
    source, expected = pair(case)

    assert clean_html(source) == expected
    assert clean_html(expected) == expected  # cleaning twice changes nothing


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
def test_it_stores_and_renders_only_the_clean_html(case, editor_client, minister_goodale):
    source, expected = pair(case)

    editor_client.post(
        reverse("admin:campaigns_campaign_add"),
        campaign_post_data(
            targets=[minister_goodale],
            status="published",
            story=source,
            result=source,
        ),
    )

    campaign = Campaign.objects.get()
    assert campaign.story == expected
    assert campaign.result == expected
    page = editor_client.get(campaign.get_absolute_url()).content.decode()
    story = page.split('<div class="story">', 1)[1]
    assert story.startswith(expected)
    rendered = story.split("</div>\n", 1)[0]
    for marker in HOSTILE:
        assert marker not in rendered.lower()

    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    closed = editor_client.get(campaign.get_absolute_url()).content.decode()
    assert f'<div class="result">{expected}</div>' in closed


@pytest.mark.django_db
def test_it_cleans_again_when_rendering_html_stored_another_way(client, campaign):
    source, expected = pair("script_tags")
    Campaign.objects.filter(pk=campaign.pk).update(story=source)

    page = client.get(campaign.get_absolute_url()).content.decode()

    assert expected in page
    assert "document.cookie" not in page


@pytest.mark.django_db
def test_it_shows_the_plain_text_appeal_escaped(client, campaign):
    source, _ = pair("script_tags")
    Campaign.objects.filter(pk=campaign.pk).update(
        show_appeal=True, appeal_text=source, appeal_url="https://iclmg.example/give"
    )

    page = client.get(campaign.get_absolute_url()).content.decode()

    assert "&lt;script&gt;alert(&quot;stolen" in page
    assert "<script>alert" not in page
