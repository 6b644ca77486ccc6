"""Signed links in emails to supporters: confirm a letter, unsubscribe, erase, ask
what the site holds about them.

A link carries the letter's link key, a random string stored on the letter for
this alone, signed for one purpose: "<key>:<signature>". Nothing in it names the
letter (its id, its public id, which opens its pages) or its writer (an email
address would end up in logs and browser histories), and an unsubscribe link
cannot be turned into an erase link without our SECRET_KEY.

Links made before the key existed carried the public id, signed the same way
(signing.dumps): they keep working while LEGACY_LINK_TOKENS is on, so that the
links in emails already sent do not break. README, "Abuse, privacy and security".
"""

import uuid

from django.conf import settings
from django.core import signing
from django.urls import reverse

from advocacy.links import absolute_url

from .models import Letter, new_link_key

SALTS = {
    "confirm": "letters.links.confirm.v2",
    "unsubscribe": "letters.links.unsubscribe.v2",
    "erase": "letters.links.erase.v2",
    "access": "letters.links.access.v2",
}
LEGACY_SALTS = {
    "confirm": "letters.links.confirm",
    "unsubscribe": "letters.links.unsubscribe",
    "erase": "letters.links.erase",
}


def make_token(letter: Letter, purpose: str) -> str:
    if not letter.link_key:
        # A letter stored before link keys: given one now, once (a concurrent
        # request may have given it one first: then that one is used).
        Letter.objects.filter(pk=letter.pk, link_key=None).update(link_key=new_link_key())
        letter.link_key = Letter.objects.values_list("link_key", flat=True).get(pk=letter.pk)
    return signing.Signer(salt=SALTS[purpose]).sign(letter.link_key)


def letter_from_token(token: str, purpose: str) -> Letter | None:
    """The letter a link is for, or None when the token is altered or not ours."""
    letters = Letter.objects.select_related("campaign")
    try:
        key = signing.Signer(salt=SALTS[purpose]).unsign(token)
    except signing.BadSignature:
        return _legacy_letter(token, purpose, letters)
    return letters.filter(link_key=key).first()


def _legacy_letter(token: str, purpose: str, letters) -> Letter | None:
    if not settings.LEGACY_LINK_TOKENS or purpose not in LEGACY_SALTS:
        return None
    try:
        public_id = uuid.UUID(signing.loads(token, salt=LEGACY_SALTS[purpose]))
    except (signing.BadSignature, ValueError, TypeError, AttributeError):
        return None
    return letters.filter(public_id=public_id).first()


def confirm_url(letter: Letter) -> str:
    return absolute_url(reverse("letters:confirm", args=[make_token(letter, "confirm")]))


def unsubscribe_url(letter: Letter) -> str:
    return absolute_url(reverse("privacy:unsubscribe", args=[make_token(letter, "unsubscribe")]))


def erase_url(letter: Letter) -> str:
    return absolute_url(reverse("privacy:erase", args=[make_token(letter, "erase")]))


def access_url(letter: Letter) -> str:
    return absolute_url(reverse("privacy:access", args=[make_token(letter, "access")]))
