"""A partner's page: its staff see its own figures and export only the supporters who
ticked its box; another partner's page and file are refused, every export logged."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone, translation

from advocacy.crypto import blind_index
from partners.models import PartnerConsent
from reports.models import ExportLog
from tests.conftest import letter_data, make_letter_campaign

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def partner_staff(partner):
    user = User.objects.create_user("pat", password="correct horse battery staple")
    partner.staff.add(user)
    return user


@pytest.fixture
def letters(client, campaign, partner, other_partner):
    """Through BCCLA's link: Ann ticks its box, Bob does not; through Amnesty's: Cy ticks
    Amnesty's; Dee comes on her own."""
    url = reverse("letters:send", args=[campaign.slug])
    client.post(url, letter_data(email="ann@example.com", first_name="Ann", partner="bccla",
                                 partner_consent="on", embed="1"))  # fmt: skip
    client.post(url, letter_data(email="bob@example.com", first_name="Bob", partner="bccla"))
    client.post(url, letter_data(email="cy@example.com", first_name="Cy", partner="amnesty",
                                 partner_consent="on"))  # fmt: skip
    client.post(url, letter_data(email="dee@example.com", first_name="Dee"))


def test_it_sends_a_partner_s_staff_to_their_page_after_signing_in(client, partner_staff):
    response = client.post(
        reverse("partners:login"),
        {"username": "pat", "password": "correct horse battery staple"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("partners:detail", args=["bccla"])
    assert "BC Civil Liberties Association" in response.content.decode()


def test_it_shows_a_partner_its_own_figures(client, partner_staff, partner, letters):
    client.force_login(partner_staff)

    response = client.get(reverse("partners:detail", args=[partner.slug]))

    assert response.status_code == 200
    assert response.context["total"] == {"letters": 2, "embedded": 1, "consents": 1}
    html = response.content.decode()
    assert "Stop the deportation" in html
    # Figures, not people (whole words: a random CSRF token may hold the letters "Cy").
    assert not re.search(r"\b(Ann|Cy)\b|@example\.com", html)


def test_it_refuses_another_partner_s_figures_and_file(
    client, partner_staff, other_partner, letters
):
    client.force_login(partner_staff)

    page = client.get(reverse("partners:detail", args=[other_partner.slug]))
    export = client.get(reverse("partners:export", args=[other_partner.slug]))

    assert page.status_code == 403 and export.status_code == 403
    assert b"cy@example.com" not in page.content + export.content
    assert not ExportLog.objects.exists()


def test_it_exports_only_the_supporters_who_ticked_the_partner_s_box(
    client, partner_staff, partner, letters
):
    client.force_login(partner_staff)

    response = client.get(reverse("partners:export", args=[partner.slug]))

    rows = read_csv(response)
    assert rows[0][:5] == ["first_name", "last_name", "email", "postal_code", "city"]
    assert [row[2] for row in rows[1:]] == ["ann@example.com"]
    consent = PartnerConsent.objects.get(letter__email_index=blind_index("ann@example.com"))
    assert rows[1][6:] == [
        "stop-the-deportation",
        str(consent.given_at),
        "en",
        "Yes, share my name, email, postal code and city with BC Civil Liberties "
        "Association, who may contact me.",
    ]
    text = "\n".join(",".join(row) for row in rows)
    assert "bob@example.com" not in text and "dee@example.com" not in text
    log = ExportLog.objects.get()
    assert (log.kind, log.username, log.row_count) == ("partner_supporters", "pat", 1)


def test_it_exports_one_campaign_s_supporters(client, partner_staff, partner, letters, db):
    from campaigns.models import Target

    other = make_letter_campaign(*Target.objects.all(), title="Repeal C-51", slug="repeal-c51")
    client.post(
        reverse("letters:send", args=[other.slug]),
        letter_data(email="eve@example.com", partner="bccla", partner_consent="on"),
    )
    client.force_login(partner_staff)

    response = client.get(reverse("partners:export", args=[partner.slug]), {"campaign": other.slug})

    assert [row[2] for row in read_csv(response)[1:]] == ["eve@example.com"]
    assert ExportLog.objects.get().campaign == other


def test_it_records_the_consent_s_wording_language_and_time_in_french(client, campaign, partner):
    campaign.languages, campaign.slug_fr = "en fr", "arretez"
    campaign.title_fr, campaign.summary_fr = "Arrêtez", "Écrivez."
    campaign.save()
    campaign.letter_templates.update(subject_fr="Sujet", body_fr="Corps de la lettre.")
    with translation.override("fr"):
        url = reverse("letters:send", args=[campaign.slug_fr])
    before = timezone.now()

    client.post(url, letter_data(partner="bccla", partner_consent="on", language="fr"))

    consent = PartnerConsent.objects.select_related("letter").get()
    assert consent.language == "fr"
    assert before <= consent.given_at <= timezone.now()
    assert consent.given_at == consent.letter.created_at
    assert consent.wording == (
        "Oui, transmettez mon nom, mon courriel, mon code postal et ma ville à "
        "Association des libertés civiles de la C.-B., qui pourra me contacter."
    )


def test_it_asks_anyone_else_to_sign_in(client, partner):
    response = client.get(reverse("partners:detail", args=[partner.slug]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("partners:login"))


def test_it_lets_the_organization_s_report_readers_see_but_not_export(
    client, organizer, partner, letters
):
    client.force_login(organizer)

    page = client.get(reverse("partners:detail", args=[partner.slug]))
    export = client.get(reverse("partners:export", args=[partner.slug]))

    assert page.status_code == 200
    assert "Download all (CSV)" not in page.content.decode()
    assert export.status_code == 403


def test_it_404s_for_a_partner_that_does_not_exist(client, partner_staff):
    client.force_login(partner_staff)

    assert client.get(reverse("partners:detail", args=["nobody"])).status_code == 404
