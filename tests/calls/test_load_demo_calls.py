"""The demo's calls: the Harkat campaign's script in both languages and its ministers'
offices (fictional numbers), loaded once, never over what staff changed."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from calls.models import CallScript
from campaigns.models import Campaign, Office
from tests.calls.conftest import page_text

pytestmark = pytest.mark.django_db


def load() -> None:
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo_calls", stdout=StringIO())


def test_it_lets_the_demo_call_both_ministers_in_english_and_french(client):
    load()
    harkat = Campaign.objects.get(slug="stop-harkat-deportation")

    english = page_text(client.get(reverse("calls:page", args=[harkat.slug])))
    with translation.override("fr"):
        french_url = reverse("calls:page", args=[harkat.local_slug])
    french = page_text(client.get(french_url))

    assert "I am calling to ask Minister Goodale to stop the deportation" in english
    assert "613-555-0110" in english and "613-555-0111" in english
    assert "Bonjour, je m'appelle [votre nom] et j'habite à [votre ville]." in french
    assert "J'appelle pour demander à" in french


def test_it_loads_once_and_keeps_what_staff_changed():
    load()
    CallScript.objects.update(text_en="Our own words.")
    Office.objects.filter(phone="613-555-0110").update(phone="613-555-0199")

    load()

    assert list(CallScript.objects.values_list("text_en", flat=True)) == ["Our own words."]
    assert sorted(Office.objects.values_list("phone", flat=True)) == [
        "613-555-0111",
        "613-555-0199",
    ]


def test_it_says_so_without_the_demo_campaign():
    out = StringIO()

    call_command("load_demo_calls", stdout=out)

    assert "run load_demo first" in out.getvalue()
    assert not CallScript.objects.exists()
