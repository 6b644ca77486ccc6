"""Staff write each action in English and French; a page never mixes the two."""

import pytest
from django.urls import reverse
from django.utils import translation

from campaigns.models import Campaign, LetterTemplate
from tests.campaigns.conftest import campaign_post_data

pytestmark = pytest.mark.django_db


def french_url(campaign) -> str:
    with translation.override("fr"):
        return campaign.get_absolute_url()


@pytest.fixture
def bilingual(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(
        languages="en fr",
        slug_fr="arretez-l-expulsion",
        title_fr="Arrêtez l'expulsion",
        summary_fr="Écrivez aux ministres aujourd'hui.",
        story_fr="<p>L'histoire.</p>",
    )
    LetterTemplate.objects.filter(campaign=campaign).update(
        subject_fr="Laissez rester le voisin de {first_name}",
        body_fr="J'écris de {city} pour vous demander d'arrêter cette expulsion.",
    )
    campaign.refresh_from_db()
    return campaign


def test_it_shows_each_language_its_own_texts(client, bilingual):
    english = client.get(bilingual.get_absolute_url()).content.decode()
    french = client.get(french_url(bilingual)).content.decode()

    assert "<h1>Stop the deportation</h1>" in english
    assert "<h1>Arrêtez l&#x27;expulsion</h1>" in french
    assert "<p>L'histoire.</p>" in french and "The story." not in french
    assert "J&#x27;écris de" in french
    assert "to ask you to stop this deportation" not in french


def test_it_says_plainly_when_a_campaign_is_offered_in_english_only(client, campaign):
    response = client.get(french_url(campaign))
    html = response.content.decode()

    assert response.status_code == 200
    assert "The story." not in html
    assert (
        '<a href="/en/campaigns/stop-the-deportation/" hreflang="en" lang="en">'
        "Stop the deportation</a>"
    ) in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'hreflang="fr" href=' not in html  # no French alternate for search engines


def test_it_marks_a_campaign_in_the_other_language_on_the_home_page(client, campaign):
    html = client.get("/fr/").content.decode()

    assert (
        '<a href="/fr/campaigns/stop-the-deportation/" lang="en">Stop the deportation</a>' in html
    )
    assert "badge--language" in html
    assert '<p lang="en">Write to the ministers today.</p>' in html


def test_it_suggests_next_only_actions_offered_in_the_pages_language(client, campaign):
    from campaigns.views import next_action

    with translation.override("fr"):
        assert next_action() is None
    with translation.override("en"):
        assert next_action() == campaign


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_it_gives_staff_an_english_and_a_french_box_for_each_text(editor_client):
    html = editor_client.get(reverse("admin:campaigns_campaign_add")).content.decode()

    for name in ("title", "summary", "story", "result"):
        assert f'id="id_{name}_en"' in html and f'id="id_{name}_fr"' in html
    assert 'id="id_letter_templates-__prefix__-subject_fr"' in html


def test_it_refuses_to_offer_a_language_the_campaign_is_not_written_in(
    editor_client, minister_goodale
):
    data = campaign_post_data(targets=[minister_goodale], languages="en fr", status="published")

    response = editor_client.post(reverse("admin:campaigns_campaign_add"), data)

    assert response.status_code == 200
    assert not Campaign.objects.exists()
    html = response.content.decode()
    assert html.count("Write it in this language, or offer the campaign only in the other.") == 2
    assert "write the letter in it too." in html


def test_it_saves_a_campaign_written_in_both_languages(editor_client, minister_goodale):
    data = campaign_post_data(
        targets=[minister_goodale],
        languages="en fr",
        status="published",
        slug_fr="loi-c-59",
        title_fr="Non aux pouvoirs de surveillance du projet de loi C-59",
        summary_fr="Demandez aux ministres de renoncer aux nouveaux pouvoirs.",
        story_fr="<p>Le projet de loi <script>x</script>permet…</p>",
    )
    data["letter_templates-0-subject_fr"] = "Renoncez aux nouveaux pouvoirs"
    data["letter_templates-0-body_fr"] = "J'habite {city} et je vous demande d'y renoncer."

    editor_client.post(reverse("admin:campaigns_campaign_add"), data)

    campaign = Campaign.objects.get()
    assert campaign.languages_offered() == ["en", "fr"]
    assert campaign.title_fr.startswith("Non aux pouvoirs")
    assert campaign.story_fr == "<p>Le projet de loi permet…</p>"
    assert campaign.letter_templates.get().subject_fr == "Renoncez aux nouveaux pouvoirs"
