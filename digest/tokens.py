"""Signed tokens for the links in digest emails: no login.

A token is the subscriber's link key, a random string stored for this alone,
signed with the time for one purpose: "<key>:<time>:<signature>". It names no
one: tokens made before link keys carried the subscriber's id and address
(signing.dumps, compressed but readable); they keep working while
LEGACY_LINK_TOKENS is on, like the letters' (letters/signed_links.py).
"""

from django.conf import settings
from django.core import signing

from .models import Subscriber, new_link_key

CONFIRM_SALT = "digest.confirm"
UNSUBSCRIBE_SALT = "digest.unsubscribe"
CONFIRM_MAX_AGE = 14 * 24 * 3600  # a confirmation link works for two weeks


def make_token(subscriber: Subscriber, *, salt: str) -> str:
    if not subscriber.link_key:
        # Signed up before link keys: given one now, once.
        Subscriber.objects.filter(pk=subscriber.pk, link_key=None).update(link_key=new_link_key())
        subscriber.link_key = Subscriber.objects.values_list("link_key", flat=True).get(
            pk=subscriber.pk
        )
    return signing.TimestampSigner(salt=f"{salt}.v2").sign(subscriber.link_key)


def subscriber_for(token: str, *, salt: str, max_age: int | None = None) -> Subscriber | None:
    """The subscriber of a valid token, None for a forged, expired or foreign one."""
    try:
        key = signing.TimestampSigner(salt=f"{salt}.v2").unsign(token, max_age=max_age)
    except signing.BadSignature:
        return _legacy_subscriber(token, salt=salt, max_age=max_age)
    return Subscriber.objects.filter(link_key=key).first()


def _legacy_subscriber(token: str, *, salt: str, max_age: int | None) -> Subscriber | None:
    if not settings.LEGACY_LINK_TOKENS:
        return None
    try:
        pk, email = signing.loads(token, salt=salt, max_age=max_age)
        # The address is signed too: a token stops working if the row's address changes.
        subscriber = Subscriber.objects.filter(pk=int(pk)).first()
        return subscriber if subscriber and subscriber.email == str(email) else None
    except (signing.BadSignature, ValueError, TypeError):
        return None
