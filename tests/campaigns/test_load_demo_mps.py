"""The demo's MP directory: loaded from the shared data when it is there."""

from io import StringIO

import pytest
from django.core.management import call_command

from campaigns.models import Campaign, Riding, Target

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_it_loads_the_343_mps_once_for_the_bds_campaign_s_letter_to_your_mp(shared_data):
    first = load_demo()
    second = load_demo()

    assert "MP directory: 343 new MPs, 0 changed emails, 0 departed MPs" in first
    assert "MP directory: already loaded." in second
    assert Target.objects.sitting_mps().count() == 343
    assert Riding.objects.exclude(name_fr="").count() == 343
    template = Campaign.objects.get(slug="uphold-the-right-to-dissent").letter_templates.get()
    assert template.to_supporters_mp


def test_it_still_loads_the_campaigns_without_the_shared_data(settings, tmp_path):
    settings.SHARED_DATA_DIR = tmp_path

    output = load_demo()

    assert f"MP directory: no reference data at {tmp_path}; MPs come from Represent." in output
    assert Campaign.objects.count() == 3
    assert not Target.objects.sitting_mps().exists()
