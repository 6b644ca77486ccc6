import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_it_lists_published_campaigns_as_atom(client, campaign, closed_campaign, draft_campaign):
    response = client.get(reverse("campaigns:feed"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "ICLMG: take action"
    assert feed.find(f"{ATOM}author").findtext(f"{ATOM}name") == "ICLMG"
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert sorted(titles) == sorted([campaign.title, closed_campaign.title])
    entry = next(e for e in entries if e.findtext(f"{ATOM}title") == campaign.title)
    assert (
        entry.find(f"{ATOM}link").get("href") == "http://testserver" + campaign.get_absolute_url()
    )
    assert entry.findtext(f"{ATOM}summary") == campaign.summary
    assert entry.findtext(f"{ATOM}id")
    assert entry.findtext(f"{ATOM}updated")


def test_it_points_every_page_to_the_feed(client, campaign):
    html = client.get(reverse("campaigns:home")).content.decode()

    assert f'type="application/atom+xml" title="ICLMG" href="{reverse("campaigns:feed")}"' in html


def test_it_keeps_the_feed_within_its_query_budget(client, campaign, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get(reverse("campaigns:feed"))
