"""A campaign with a call script, and the ministers' offices to call."""

import re
from html import unescape

import pytest

from calls.models import CallScript
from campaigns.models import Office

SCRIPT = (
    "Hello, my name is {full_name} and I live in {city}. I am calling {salutation} "
    "to ask that Mohamed Harkat not be deported to torture. Thank you."
)


def give_offices(*targets) -> None:
    """Each target a Hill office with a fictional number (555-01xx is never assigned)."""
    for n, target in enumerate(targets):
        Office.objects.create(
            target=target,
            kind=Office.Kind.OFFICE,
            name="Minister's office",
            phone=f"613-555-01{n:02d}",
        )


def add_script(campaign, text: str = SCRIPT, targets=()) -> CallScript:
    script = CallScript.objects.create(campaign=campaign, text=text)
    script.targets.set(targets)
    return script


@pytest.fixture
def scripted(campaign, minister_goodale, minister_mccallum):
    """The campaign, its ministers' offices, and its call script."""
    give_offices(minister_goodale, minister_mccallum)
    add_script(campaign)
    return campaign


def page_text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
