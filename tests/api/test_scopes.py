"""Each key reads what its scopes allow; a partner's key, only its consenting supporters."""

import pytest

from partners.services import record_consent
from tests.api.conftest import auth, make_key
from tests.conftest import make_letter

pytestmark = pytest.mark.django_db


def _emails(response) -> set[str]:
    people = response.json()["_embedded"]["osdi:people"]
    return {p["email_addresses"][0]["address"] for p in people}


def test_it_refuses_people_and_letters_to_a_counts_only_key(client, campaign):
    make_letter(campaign)
    key, secret = make_key(scopes=("counts",))

    people = client.get("/api/v1/people/", **auth(secret))
    letters = client.get("/api/v1/outreaches/", **auth(secret))
    campaigns = client.get("/api/v1/advocacy_campaigns/", **auth(secret))

    assert people.status_code == 403 and "jane@example.com" not in people.content.decode()
    assert people.json()["detail"] == "This API key may not read this."
    assert letters.status_code == 403
    assert campaigns.status_code == 200
    assert campaigns.json()["_embedded"]["osdi:advocacy_campaigns"][0]["total_outreaches"] == 0


def test_it_refuses_counts_to_a_people_only_key(client, campaign):
    key, secret = make_key(scopes=("people",))

    assert client.get("/api/v1/advocacy_campaigns/", **auth(secret)).status_code == 403
    assert client.get("/api/v1/people/", **auth(secret)).status_code == 200


def test_it_links_the_entry_point_only_to_what_the_key_may_read(client):
    key, secret = make_key(scopes=("counts", "letters"))

    links = client.get("/api/v1/", **auth(secret)).json()["_links"]

    assert "osdi:advocacy_campaigns" in links and "osdi:outreaches" in links
    assert "osdi:people" not in links


def test_it_shows_a_partners_key_only_the_supporters_who_consented_to_it(
    client, campaign, partner, other_partner
):
    consenting = make_letter(campaign, email="yes@example.com")
    record_consent(consenting, partner=partner)
    to_other = make_letter(campaign, email="other@example.com")
    record_consent(to_other, partner=other_partner)
    make_letter(campaign, email="nobody@example.com")
    key, secret = make_key(scopes=("letters", "people"), partner=partner)
    org_key, org_secret = make_key(scopes=("letters", "people"))

    people = client.get("/api/v1/people/", **auth(secret))
    letters = client.get("/api/v1/outreaches/", **auth(secret)).json()
    everyone = client.get("/api/v1/people/", **auth(org_secret))

    assert _emails(people) == {"yes@example.com"}
    person = people.json()["_embedded"]["osdi:people"][0]
    assert person["email_addresses"][0]["status"] == "subscribed"
    assert person["custom_fields"]["consent_wording"].startswith(
        "Yes, share my name, email, postal code and city with BC Civil Liberties Association"
    )
    assert [o["identifiers"] for o in letters["_embedded"]["osdi:outreaches"]] == [
        [f"advocacy:{consenting.public_id}"]
    ]
    assert letters["_embedded"]["osdi:outreaches"][0]["referrer_data"] == {"source": "bccla"}
    assert _emails(everyone) == {"yes@example.com", "other@example.com", "nobody@example.com"}
    # Nor can it open another supporter's letter by its address.
    detail = client.get(f"/api/v1/outreaches/{to_other.public_id}/", **auth(secret))
    assert detail.status_code == 404


def test_it_lists_a_supporter_once_from_their_latest_letter(client, campaign, closed_campaign):
    from tests.conftest import make_campaign

    make_letter(campaign, email="Jane@Example.com", city="Ottawa")
    second = make_campaign(slug="second", title="Second")
    template = campaign.letter_templates.first()
    template.pk = None
    template.campaign = second
    template.save()
    make_letter(second, email="jane@example.com", city="Gatineau", postal_code="J8X 1A1")
    key, secret = make_key(scopes=("people",))

    people = client.get("/api/v1/people/", **auth(secret)).json()["_embedded"]["osdi:people"]

    assert len(people) == 1
    assert people[0]["postal_addresses"][0]["locality"] == "Gatineau"
    assert people[0]["postal_addresses"][0]["region"] == "QC"


def test_it_leaves_out_erased_and_unconfirmed_supporters(client, campaign):
    from privacy.services import erase_supporter

    make_letter(campaign, email="gone@example.com")
    erase_supporter(email="gone@example.com")
    campaign.require_confirmation = True
    campaign.save()
    make_letter(campaign, email="waiting@example.com")
    key, secret = make_key(scopes=("people",))

    response = client.get("/api/v1/people/", **auth(secret))

    assert _emails(response) == set()


def test_it_records_every_read_of_people_in_the_export_log(client, campaign):
    from reports.models import ExportLog

    make_letter(campaign)
    make_letter(campaign, email="bob@example.com")
    key, secret = make_key(scopes=("people", "counts"), name="Coalition CRM")

    client.get("/api/v1/people/?per_page=1", **auth(secret))
    client.get("/api/v1/advocacy_campaigns/", **auth(secret))  # no personal data: no entry

    log = ExportLog.objects.get()
    assert log.kind == ExportLog.Kind.API_PEOPLE and log.source == ExportLog.Source.API
    assert log.username == f"API key {key.prefix} · Coalition CRM"
    assert log.row_count == 1 and log.finished_at is not None
