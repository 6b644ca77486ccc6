import pytest
from django.core.management import call_command
from django.urls import reverse

from campaigns import demo_content
from campaigns.models import Achievement, AchievementLink, Campaign, CoSigner, SiteAppeal

pytestmark = pytest.mark.django_db


def test_it_loads_the_bds_statement_with_its_eight_organizations_and_its_action(client):
    call_command("load_demo", stdout=None)
    call_command("load_demo", stdout=None)

    statement = Campaign.objects.get(slug="uphold-the-right-to-dissent")
    assert statement.kind == Campaign.Kind.STATEMENT
    assert CoSigner.objects.count() == 8
    html = client.get(statement.get_absolute_url()).content.decode()
    names = [c["name"] for c in demo_content.CAMPAIGNS[1]["cosigners"]]
    positions = [html.index(n) for n in names]
    assert positions == sorted(positions)
    assert "Tell your MP you oppose the anti-Boycott motion!" in html
    assert "Your Member of Parliament" in html
    assert 'action="/en/campaigns/uphold-the-right-to-dissent/review/"' in html


def test_it_loads_every_achievement_once_and_links_them_to_campaigns(client):
    call_command("load_demo", stdout=None)
    call_command("load_demo", stdout=None)

    assert Achievement.objects.count() == len(demo_content.ACHIEVEMENTS)
    expected_links = sum(len(a["links"]) for a in demo_content.ACHIEVEMENTS)
    assert AchievementLink.objects.count() == expected_links
    timeline = client.get(reverse("campaigns:achievements")).content.decode()
    assert timeline.count('class="achievement"') == len(demo_content.ACHIEVEMENTS)
    years = ["ongoing", "2019", "2018", "2017", "2016", "2006", "2003"]
    headings = [timeline.index(f'<h2 id="year-{y}">') for y in years]
    assert headings == sorted(headings)
    oversight = Campaign.objects.get(slug="oversight-of-national-security-agencies")
    assert oversight.achievements.filter(title="A new overarching review agency").exists()


def test_it_loads_the_sites_appeal_and_the_harkat_familys_own(client):
    call_command("load_demo", stdout=None)

    assert SiteAppeal.objects.count() == 1
    harkat = client.get(reverse("campaigns:detail", args=["stop-harkat-deportation"]))
    oversight = client.get(
        reverse("campaigns:detail", args=["oversight-of-national-security-agencies"])
    )
    assert 'href="https://www.justiceforharkat.com"' in harkat.content.decode()
    assert 'href="https://iclmg.ca/donate/"' in oversight.content.decode()


def test_it_creates_the_organization_in_both_languages_once(client):
    from campaigns.models import Organization

    call_command("load_demo", stdout=None)
    Organization.objects.update(short_name_en="ICLMG-Canada")  # staff's edit
    call_command("load_demo", stdout=None)

    organization = Organization.objects.get()
    assert organization.full_name_en == "International Civil Liberties Monitoring Group"
    assert organization.full_name_fr.startswith("Coalition pour la surveillance internationale")
    assert organization.short_name_fr == "CSILC"
    assert organization.short_name_en == "ICLMG-Canada"
    html = client.get(reverse("campaigns:home")).content.decode()
    assert "International Civil Liberties Monitoring Group" in html
    assert "info@iclmg.example" in html
