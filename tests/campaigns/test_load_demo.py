import pytest
from django.core.management import call_command
from django.urls import reverse

from campaigns.models import Campaign, LetterTemplate, Target

pytestmark = pytest.mark.django_db


def test_it_loads_the_three_seed_campaigns_once_however_often_it_runs(client):
    call_command("load_demo", stdout=None)
    call_command("load_demo", stdout=None)

    assert Campaign.objects.count() == 3
    assert LetterTemplate.objects.count() == 3
    assert Target.objects.filter(email="ralph.goodale@parl.gc.ca").count() == 1
    home = client.get(reverse("campaigns:home")).content.decode()
    for title in (
        "Stop Mohamed Harkat&#x27;s deportation to torture",
        "Canadian groups call on the government to uphold the right to dissent",
        "Strong oversight and review of Canadian national security agencies",
    ):
        assert title in home


def test_it_addresses_the_harkat_letter_to_both_ministers_with_a_copy_to_the_family():
    call_command("load_demo", stdout=None)

    template = Campaign.objects.get(slug="stop-harkat-deportation").letter_templates.get()
    assert sorted(template.targets.values_list("email", flat=True)) == [
        "john.mccallum@parl.gc.ca",
        "ralph.goodale@parl.gc.ca",
    ]
    assert template.cc_list == ["letharkatstay@gmail.com"]
