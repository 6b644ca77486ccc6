from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from campaigns import tasks
from campaigns.models import Campaign
from tests.campaigns.conftest import campaign_post_data

pytestmark = pytest.mark.django_db

PUBLISH_AT = datetime(2030, 5, 1, 9, 0, tzinfo=timezone.get_default_timezone())
CLOSE_AT = datetime(2030, 5, 8, 17, 0, tzinfo=timezone.get_default_timezone())


def home(client) -> str:
    return client.get(reverse("campaigns:home")).content.decode()


def test_it_puts_a_scheduled_campaign_live_at_its_time_and_closes_it_at_its_close_time(
    client, editor, minister_goodale
):
    with time_machine.travel(PUBLISH_AT - timedelta(days=1), tick=False):
        client.force_login(editor)
        response = client.post(
            reverse("admin:campaigns_campaign_add"),
            campaign_post_data(
                targets=[minister_goodale],
                status="scheduled",
                publish_at_0="2030-05-01",
                publish_at_1="09:00:00",
                close_at_0="2030-05-08",
                close_at_1="17:00:00",
            ),
        )
        assert response.status_code == 302
        client.logout()
        campaign = Campaign.objects.get()
        assert campaign.publish_at == PUBLISH_AT
        tasks.advance_schedule()
        assert "Stop Bill C-59" not in home(client)
        assert client.get(campaign.get_absolute_url()).status_code == 404

    with time_machine.travel(PUBLISH_AT - timedelta(seconds=1), tick=False):
        assert "Stop Bill C-59" not in home(client)

    with time_machine.travel(PUBLISH_AT + timedelta(seconds=1), tick=False):
        # Live at once, before the beat task has run...
        assert "Stop Bill C-59" in home(client)
        assert "Send your letter" in client.get(campaign.get_absolute_url()).content.decode()
        # ...and the task records it.
        tasks.advance_schedule()
        campaign.refresh_from_db()
        assert campaign.status == Campaign.Status.PUBLISHED

    with time_machine.travel(CLOSE_AT + timedelta(seconds=1), tick=False):
        assert "Stop Bill C-59" not in home(client)
        page = client.get(campaign.get_absolute_url()).content.decode()
        assert "This campaign is closed" in page
        tasks.advance_schedule()
        campaign.refresh_from_db()
        assert campaign.status == Campaign.Status.CLOSED


def test_it_keeps_a_draft_with_a_past_publish_time_hidden(client, draft_campaign):
    assert draft_campaign.publish_at < timezone.now()

    assert "Not yet" not in home(client)
    assert client.get(draft_campaign.get_absolute_url()).status_code == 404


def test_it_runs_the_schedule_every_minute_from_beat(settings):
    entry = next(
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "campaigns.tasks.advance_schedule"
    )

    assert entry["schedule"] <= 60
