import re

import pytest
from django.core.files.base import ContentFile

pytestmark = pytest.mark.django_db


def meta(html: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html))


def test_it_gives_a_campaign_its_title_description_and_open_graph_tags(client, campaign):
    html = client.get(campaign.get_absolute_url()).content.decode()

    tags = meta(html)
    assert "<title>Stop the deportation · ICLMG</title>" in html
    assert tags["description"] == "Write to the ministers today."
    assert tags["og:title"] == "Stop the deportation"
    assert tags["og:description"] == "Write to the ministers today."
    assert tags["og:url"] == "http://testserver/en/campaigns/stop-the-deportation/"
    assert tags["og:type"] == "article"
    assert "og:image" not in tags


def test_it_shares_the_hero_image_when_there_is_one(client, campaign, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    campaign.hero_image.save("hero.jpg", ContentFile(b"jpeg"), save=False)
    campaign.hero_alt = "Sophie Harkat at a rally"
    campaign.save()

    tags = meta(client.get(campaign.get_absolute_url()).content.decode())

    assert tags["og:image"] == "http://testserver/media/campaigns/hero.jpg"
    assert tags["og:image:alt"] == "Sophie Harkat at a rally"


def test_it_gives_a_statement_page_its_open_graph_tags_too(client, statement):
    tags = meta(client.get(statement.get_absolute_url()).content.decode())

    assert tags["og:title"] == "Uphold the right to dissent"
    assert tags["og:url"] == "http://testserver/en/campaigns/uphold-the-right-to-dissent/"
