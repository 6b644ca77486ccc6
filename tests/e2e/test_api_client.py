"""A client from outside the project: plain urllib against a live server, starting at
the entry point and following only the `_links` it is given, through a full sync of
letters and people, then an incremental one after more letters arrive.

With the other live-server tests: each empties the database when it ends (the roles the
migrations made go too), so these run after the first of them, which needs the roles."""

import json
import urllib.request

import pytest

from partners.services import record_consent
from tests.api.conftest import make_key
from tests.conftest import make_letter

pytestmark = pytest.mark.django_db(transaction=True)


class Client:
    def __init__(self, secret: str):
        self.secret = secret
        self.requests = 0

    def get(self, url: str) -> dict:
        request = urllib.request.Request(
            url,
            headers={"Authorization": f"Bearer {self.secret}", "Accept": "application/hal+json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Content-Type"] == "application/hal+json"
            self.requests += 1
            return json.load(response)

    def sync(self, url: str, rel: str) -> tuple[list[dict], str]:
        """Every item from `url` on, page by page; and where to resume next time."""
        items = []
        while True:
            page = self.get(url)
            items += page["_embedded"][rel]
            if "next" not in page["_links"]:
                return items, page["_links"]["resume"]["href"]
            url = page["_links"]["next"]["href"]


def test_it_syncs_letters_and_people_by_following_links_only(live_server, campaign, partner):
    for i in range(5):
        letter = make_letter(campaign, email=f"s{i}@example.com", first_name=f"S{i}")
        if i % 2 == 0:
            record_consent(letter, partner=partner)
    key, secret = make_key(scopes=("counts", "letters", "people"), partner=partner)
    client = Client(secret)

    root = client.get(f"{live_server.url}/api/v1/")
    letters, letters_resume = client.sync(
        root["_links"]["osdi:outreaches"]["href"] + "?per_page=2", "osdi:outreaches"
    )
    people, people_resume = client.sync(root["_links"]["osdi:people"]["href"], "osdi:people")
    assert len(letters) == 3 and len(people) == 3
    assert {p["given_name"] for p in people} == {"S0", "S2", "S4"}
    one = client.get(letters[0]["_links"]["self"]["href"])
    assert one["identifiers"] == letters[0]["identifiers"]
    campaign_of = client.get(one["_links"]["osdi:advocacy_campaign"]["href"])
    assert campaign_of["title"] == "Stop the deportation"

    # More letters arrive; the next sync brings only them.
    for i in range(5, 9):
        letter = make_letter(campaign, email=f"s{i}@example.com", first_name=f"S{i}")
        record_consent(letter, partner=partner)
    make_letter(campaign, email="no-consent@example.com")
    new_letters, _ = client.sync(letters_resume, "osdi:outreaches")
    new_people, _ = client.sync(people_resume, "osdi:people")

    assert len(new_letters) == 4
    assert not {o["identifiers"][0] for o in new_letters} & {o["identifiers"][0] for o in letters}
    assert {p["given_name"] for p in new_people} == {"S5", "S6", "S7", "S8"}


def test_it_refuses_a_live_client_without_a_key(live_server):
    request = urllib.request.Request(f"{live_server.url}/api/v1/people/")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 401
