"""Signed links in emails to supporters: confirm a letter, unsubscribe, erase.

A link carries only the letter's public id, signed: never an email address,
which would end up in logs and browser histories.
"""

import uuid

from django.core import signing
from django.urls import reverse

from advocacy.links import absolute_url

from .models import Letter

SALTS = {
    "confirm": "letters.links.confirm",
    "unsubscribe": "letters.links.unsubscribe",
    "erase": "letters.links.erase",
}


def make_token(letter: Letter, purpose: str) -> str:
    return signing.dumps(str(letter.public_id), salt=SALTS[purpose])


def read_token(token: str, purpose: str, *, max_age: int | None = None) -> uuid.UUID | None:
    """The letter's public id, or None when the token is altered, expired or not ours."""
    try:
        return uuid.UUID(signing.loads(token, salt=SALTS[purpose], max_age=max_age))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def confirm_url(letter: Letter) -> str:
    return absolute_url(reverse("letters:confirm", args=[make_token(letter, "confirm")]))


def unsubscribe_url(letter: Letter) -> str:
    return absolute_url(reverse("privacy:unsubscribe", args=[make_token(letter, "unsubscribe")]))


def erase_url(letter: Letter) -> str:
    return absolute_url(reverse("privacy:erase", args=[make_token(letter, "erase")]))
