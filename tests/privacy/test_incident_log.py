"""The register of confidentiality incidents (Quebec's Law 25): kept in the admin by
staff with its permission (Editors), never deleted, every change recorded."""

import pytest
from django.urls import reverse

from privacy.models import Incident, IncidentChange

pytestmark = pytest.mark.django_db

ADD = "admin:privacy_incident_add"


def incident_form(**overrides) -> dict:
    data = {
        "occurred_at_0": "2026-03-02",
        "occurred_at_1": "22:15:00",
        "discovered_at_0": "2026-03-03",
        "discovered_at_1": "09:00:00",
        "reported_by": "Sam, volunteer coordinator",
        "description": "A laptop with an export of 40 supporters was stolen from a car.",
        "data_affected": "Names, emails, postal codes",
        "people_affected": "40",
        "risk": "serious",
        "risk_reasons": "Supporters of a deportation campaign; names and postal codes.",
        "notify_commission": "on",
        "notify_people": "on",
        "decision_reasons": "Risk of serious injury to people at risk of deportation.",
        "decided_by": "Olive, privacy officer",
        "decided_at_0": "2026-03-03",
        "decided_at_1": "15:00:00",
        "measures": "Export revoked; laptops encrypted from now on.",
    }
    return {**data, **overrides}


def test_it_lets_an_editor_record_an_incident_and_its_decision(client, editor):
    client.force_login(editor)
    assert client.get(reverse(ADD)).status_code == 200

    response = client.post(reverse(ADD), incident_form(), follow=True)

    assert response.status_code == 200
    incident = Incident.objects.get()
    assert incident.people_affected == 40 and incident.risk == Incident.Risk.SERIOUS
    assert incident.notify_commission and incident.notify_people
    assert incident.decided_by == "Olive, privacy officer"
    listing = client.get(reverse("admin:privacy_incident_changelist"))
    assert b"A laptop with an export of 40 supporters" in listing.content


def test_it_records_who_changed_what_and_when(client, editor):
    client.force_login(editor)
    client.post(reverse(ADD), incident_form(notify_people=""))
    incident = Incident.objects.get()

    client.post(
        reverse("admin:privacy_incident_change", args=[incident.pk]),
        incident_form(people_affected="41", notify_people="on"),
    )

    first, second = IncidentChange.objects.order_by("id")
    assert first.username == second.username == "edith"
    assert first.changes["description"][1].startswith("A laptop")
    assert second.changes == {"people_affected": ["40", "41"], "notify_people": ["no", "yes"]}
    page = client.get(reverse("admin:privacy_incident_change", args=[incident.pk]))
    assert b"number of people affected" in page.content and b"41" in page.content
    # Saved unchanged: nothing more to record.
    client.post(
        reverse("admin:privacy_incident_change", args=[incident.pk]),
        incident_form(people_affected="41"),
    )
    assert IncidentChange.objects.count() == 2


def test_it_refuses_organizers_and_never_deletes(client, editor, organizer):
    client.force_login(editor)
    client.post(reverse(ADD), incident_form())
    incident = Incident.objects.get()
    delete = reverse("admin:privacy_incident_delete", args=[incident.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403

    client.force_login(organizer)
    assert client.get(reverse("admin:privacy_incident_changelist")).status_code == 403
    assert client.post(reverse(ADD), incident_form(description="Forged")).status_code == 403
    assert list(Incident.objects.values_list("description", flat=True)) == [incident.description]
    assert IncidentChange.objects.count() == 1


def test_it_refuses_an_incident_without_what_happened(client, editor):
    client.force_login(editor)

    response = client.post(reverse(ADD), incident_form(description="", people_affected="x"))

    assert b"This field is required." in response.content
    assert b"Enter a whole number." in response.content
    assert b"Sam, volunteer coordinator" in response.content
    assert not Incident.objects.exists() and not IncidentChange.objects.exists()
