"""The admin for people who are not developers: the model letter in view, the
organization's name, the way to the reports, and help in plain words."""

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import Campaign
from tests.campaigns.conftest import campaign_post_data

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:campaigns_campaign_add")
CHANGELIST_URL = reverse("admin:campaigns_campaign_changelist")


def letter_forms(response) -> int:
    formsets = response.context["inline_admin_formsets"]
    letters = next(f for f in formsets if f.formset.prefix == "letter_templates")
    return letters.formset.total_form_count()


def test_it_shows_one_model_letters_fields_on_the_add_page(editor_client):
    response = editor_client.get(ADD_URL)

    assert letter_forms(response) == 1
    html = response.content.decode()
    assert 'name="letter_templates-0-subject_en"' in html
    assert 'name="letter_templates-0-body_en"' in html
    assert 'name="letter_templates-0-targets"' in html


def test_it_adds_no_letter_when_a_statement_leaves_those_fields_empty(editor_client):
    blank_letter = {
        "letter_templates-0-subject": "",
        "letter_templates-0-body": "",
        "letter_templates-0-targets": [],
        "letter_templates-0-cc_addresses": "",
    }

    response = editor_client.post(ADD_URL, campaign_post_data(kind="statement", **blank_letter))

    assert response.status_code == 302
    assert not Campaign.objects.get().letter_templates.exists()


def test_it_asks_for_no_second_letter_on_a_campaign_that_has_one(editor_client, campaign):
    response = editor_client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))

    assert letter_forms(response) == 1  # its own letter; "Add another" for more


def test_it_shows_an_empty_letter_to_a_saved_campaign_without_one(editor_client, draft_campaign):
    draft_campaign.letter_templates.all().delete()

    url = reverse("admin:campaigns_campaign_change", args=[draft_campaign.pk])
    assert letter_forms(editor_client.get(url)) == 1


def test_it_names_the_organization_in_the_admin_header(editor_client, settings):
    settings.ORG_NAME = "ICLMG"
    login_page = Client().get(reverse("admin:login"))
    for response in (login_page, editor_client.get(reverse("admin:index"))):
        html = response.content.decode()
        assert '<a href="/admin/">ICLMG administration</a>' in html
        assert "<title>" in html and "| ICLMG administration</title>" in html
        assert "Django administration" not in html


def test_it_links_organizers_to_the_reports_from_every_admin_page(
    organizer_client, campaign, organizer
):
    reports = f'<a href="{reverse("reports:index")}">Reports</a>'
    for url in (
        reverse("admin:index"),
        CHANGELIST_URL,
        reverse("admin:campaigns_campaign_change", args=[campaign.pk]),
    ):
        assert reports in organizer_client.get(url).content.decode()


def test_it_links_each_campaign_in_the_list_to_its_report(organizer_client, campaign):
    html = organizer_client.get(CHANGELIST_URL).content.decode()

    report = reverse("reports:campaign", args=[campaign.slug])
    assert f'<a href="{report}">Report</a>' in html


def test_it_offers_no_report_link_to_staff_without_the_reports_permission(editor_client, campaign):
    html = editor_client.get(CHANGELIST_URL).content.decode()

    assert reverse("reports:index") not in html
    assert reverse("reports:campaign", args=[campaign.slug]) not in html


def test_it_explains_the_fields_in_plain_words(editor_client):
    html = editor_client.get(ADD_URL).content.decode()

    assert "links people have shared would stop working" in html  # the slug
    assert "Toronto time. When a scheduled campaign goes live" in html
    assert "Untick to send your exact words" in html  # the model letter's "editable"
    assert "Type a name to find them." in html  # its targets
    assert "Rich text, sanitized." not in html
