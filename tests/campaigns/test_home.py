import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_lists_open_campaigns_but_not_drafts(client, campaign, draft_campaign):
    response = client.get(reverse("campaigns:home"))

    assert response.status_code == 200
    assert campaign.title.encode() in response.content
    assert draft_campaign.title.encode() not in response.content
