"""Reports count letters by the language they were written in."""

import pytest
from django.urls import reverse

from campaigns.models import LetterTemplate
from reports.tallies import fold_counts
from tests.conftest import make_letter

pytestmark = pytest.mark.django_db


def test_it_counts_a_campaigns_letters_by_language(client, organizer, campaign):
    LetterTemplate.objects.filter(campaign=campaign).update(subject_fr="Objet", body_fr="Texte.")
    make_letter(campaign, email="a@example.com")
    make_letter(campaign, email="b@example.com", language="fr")
    make_letter(campaign, email="c@example.com", language="fr")
    fold_counts()  # the counting job, a few seconds later
    client.force_login(organizer)

    html = client.get(reverse("reports:campaign", args=[campaign.slug])).content.decode()

    table = html.split('id="language-table"', 1)[1].split("</table>", 1)[0]
    assert '<th scope="row">French</th><td>2</td>' in table
    assert '<th scope="row">English</th><td>1</td>' in table
    assert table.index("French") < table.index("English")
