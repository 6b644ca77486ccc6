import pytest
from django.core.management import call_command
from django.urls import reverse

from campaigns.models import Achievement, Campaign, CoSigner, LetterTemplate, Target

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


def test_it_keeps_what_staff_closed_and_edited_when_it_runs_again(editor_client, client):
    call_command("load_demo", stdout=None)
    harkat = Campaign.objects.get(slug="stop-harkat-deportation")
    closed = editor_client.post(
        reverse("admin:campaigns_campaign_changelist"),
        {"action": "close_selected", "_selected_action": [harkat.pk]},
    )
    assert closed.status_code == 302
    harkat.refresh_from_db()
    harkat.summary = "Mohamed Harkat may stay: thank you for writing."
    harkat.save()
    template = harkat.letter_templates.get()
    template.subject = "Thank you, ministers"
    template.cc_addresses = "family@example.org"
    template.save()
    template.targets.remove(Target.objects.get(email="john.mccallum@parl.gc.ca"))
    Target.objects.filter(email="ralph.goodale@parl.gc.ca").update(title="Former minister")
    statement = Campaign.objects.get(kind=Campaign.Kind.STATEMENT)
    declined = statement.cosigners.first()
    declined.status = CoSigner.Status.DECLINED
    declined.save()
    Achievement.objects.filter(pk=Achievement.objects.first().pk).update(body="<p>Ours.</p>")

    call_command("load_demo", stdout=None)

    harkat.refresh_from_db()
    assert harkat.status == Campaign.Status.CLOSED
    assert harkat.summary == "Mohamed Harkat may stay: thank you for writing."
    template = harkat.letter_templates.get()
    assert template.subject == "Thank you, ministers"
    assert template.cc_list == ["family@example.org"]
    assert list(template.targets.values_list("email", flat=True)) == ["ralph.goodale@parl.gc.ca"]
    assert Target.objects.get(email="ralph.goodale@parl.gc.ca").title == "Former minister"
    declined.refresh_from_db()
    assert declined.status == CoSigner.Status.DECLINED
    assert Achievement.objects.filter(body="<p>Ours.</p>").count() == 1
    page = client.get(harkat.get_absolute_url()).content.decode()
    assert "This campaign is closed" in page
    assert "Mohamed Harkat may stay" in page


def test_it_creates_a_demo_campaign_that_is_missing_and_leaves_the_others(client):
    call_command("load_demo", stdout=None)
    Campaign.objects.filter(slug="stop-harkat-deportation").delete()
    Campaign.objects.exclude(kind=Campaign.Kind.STATEMENT).update(summary="Edited.")

    call_command("load_demo", stdout=None)

    harkat = Campaign.objects.get(slug="stop-harkat-deportation")
    assert harkat.status == Campaign.Status.PUBLISHED
    assert harkat.letter_templates.get().cc_list == ["letharkatstay@gmail.com"]
    assert Campaign.objects.filter(summary="Edited.").count() == 1  # the oversight campaign
    assert Target.objects.filter(email="ralph.goodale@parl.gc.ca").count() == 1
