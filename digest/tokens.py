"""Signed tokens for the links in digest emails: no login, nothing stored."""

from django.core import signing

CONFIRM_SALT = "digest.confirm"
UNSUBSCRIBE_SALT = "digest.unsubscribe"
CONFIRM_MAX_AGE = 14 * 24 * 3600  # a confirmation link works for two weeks


def make_token(subscriber, *, salt: str) -> str:
    # The email is signed too: a token stops working if the row's address changes.
    return signing.dumps([subscriber.pk, subscriber.email], salt=salt, compress=True)


def read_token(token: str, *, salt: str, max_age: int | None = None) -> tuple[int, str] | None:
    """(pk, email) from a valid token, None from a forged or expired one."""
    try:
        pk, email = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return pk, email
