"""Supporters' personal data encrypted at rest, and the blind index that finds it.

Each value is sealed with AES-256-GCM (`cryptography`'s AESGCM) under a key from the
environment (FIELD_ENCRYPTION_KEYS: the first key encrypts, every key decrypts), so a
stolen database dump or backup holds no name, address, email or letter without the
keys, which never enter the database. A sealed value is

    version (1 byte) | key id (4 bytes) | nonce (12 bytes) | ciphertext and tag

with the column's name ("letters.letter.email") as associated data: a value copied
into another column, another key's value, or one changed by a single bit fails to
open (InvalidTag) instead of reading as something else.

Lookups by address go through a blind index (blind_index()): an HMAC-SHA256 of the
normalized address under its own key (BLIND_INDEX_KEY), stored beside the sealed
address. Equal addresses have equal indexes, so uniqueness and lookups keep working;
the index alone tells nobody the address.
"""

import base64
import binascii
import hashlib
import hmac
import logging
import operator
import os
from functools import cache
from itertools import repeat

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

log = logging.getLogger(__name__)

VERSION = b"\x01"
KEY_ID_BYTES = 4
NONCE_BYTES = 12
HEADER_BYTES = 1 + KEY_ID_BYTES + NONCE_BYTES  # what comes before the ciphertext
# Slices of a sealed value, as C-level callables (no Python frame per value).
_NONCE = operator.itemgetter(slice(1 + KEY_ID_BYTES, HEADER_BYTES))
_CIPHERTEXT = operator.itemgetter(slice(HEADER_BYTES, None))


class DecryptionError(Exception):
    """A sealed value that no configured key opens: tampered with, moved from another
    column, or sealed under a key no longer in FIELD_ENCRYPTION_KEYS."""


def parse_key(text: str) -> bytes:
    """A key as the environment holds it (url-safe base64 of 32 bytes) as bytes."""
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii") + b"==")
    except (binascii.Error, ValueError, UnicodeError):
        key = b""
    if len(key) != 32:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY take url-safe base64 keys of 32 bytes "
            '(python -c "import base64, os; print(base64.urlsafe_b64encode(os.urandom(32))'
            '.decode())").'
        )
    return key


def new_key() -> str:
    """A fresh key in the environment's form."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def key_id(key: bytes) -> bytes:
    """The few bytes that say which key sealed a value (says nothing of the key)."""
    return hashlib.sha256(b"advocacy.key-id:" + key).digest()[:KEY_ID_BYTES]


def _derived(purpose: str) -> bytes:
    # Development only (settings refuse to start without the keys unless DEBUG).
    log.warning(
        "%s is not set: using a key derived from SECRET_KEY (development only; "
        "`make run` writes real keys to a new .env).",
        purpose,
    )
    return hashlib.sha256(f"advocacy.{purpose}:{settings.SECRET_KEY}".encode()).digest()


class Keyring:
    """The configured keys: the first seals, each opens what it sealed."""

    def __init__(self, keys: list[bytes]):
        self.keys = keys
        self.current_id = key_id(keys[0])
        self.current = AESGCM(keys[0])
        self.by_id = {key_id(k): AESGCM(k) for k in reversed(keys)}
        # The header of every value the current key sealed starts with this.
        self.current_prefix = VERSION + self.current_id

    def encrypt(self, plaintext: bytes, associated_data: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self.current.encrypt(nonce, plaintext, associated_data)
        return self.current_prefix + nonce + sealed

    def decrypt(self, value: bytes, associated_data: bytes) -> bytes:
        if value[:1] != VERSION or len(value) < HEADER_BYTES + 16:
            raise DecryptionError("Not a sealed value.")
        aesgcm = self.by_id.get(value[1 : 1 + KEY_ID_BYTES])
        if aesgcm is None:
            raise DecryptionError("Sealed under a key that is not configured.")
        try:
            return aesgcm.decrypt(_NONCE(value), _CIPHERTEXT(value), associated_data)
        except InvalidTag:
            raise DecryptionError("The value does not open: changed, or moved.") from None

    def is_current(self, value: bytes | None) -> bool:
        """Sealed under the current key (or nothing to seal)."""
        return not value or bytes(value[: 1 + KEY_ID_BYTES]) == self.current_prefix


@cache
def _keyring(configured: tuple[str, ...], secret: str) -> Keyring:
    keys = [parse_key(k) for k in configured if k.strip()]
    return Keyring(keys or [_derived("FIELD_ENCRYPTION_KEYS")])


def keyring() -> Keyring:
    """The keys of the current settings (tests may change them)."""
    return _keyring(tuple(settings.FIELD_ENCRYPTION_KEYS), settings.SECRET_KEY)


@cache
def _index_key(configured: str, secret: str) -> bytes:
    return parse_key(configured) if configured else _derived("BLIND_INDEX_KEY")


def encrypt(text: str, *, column: str) -> bytes:
    """The text sealed for this column ("app.model.field") under the current key."""
    return keyring().encrypt(text.encode(), column.encode())


def decrypt(value: bytes, *, column: str) -> str:
    """The text of a value sealed for this column; DecryptionError if none opens it."""
    return keyring().decrypt(bytes(value), column.encode()).decode()


def blind_index(email: str | None) -> str | None:
    """The keyed hash that finds an address (normalized first, so the ways of typing one
    address have one index); None for no address."""
    if email is None:
        return None
    from .emails import email_key

    key = _index_key(settings.BLIND_INDEX_KEY, settings.SECRET_KEY)
    return hmac.new(key, email_key(email).encode(), hashlib.sha256).hexdigest()


def decrypt_many(values: list[bytes], *, column: str) -> list[bytes]:
    """The plaintexts (bytes) of many values of one column: the exports' path. Values
    sealed under the current key are opened in one pass of C calls; a batch holding
    anything else (an older key during a rotation, an empty value) is opened one by one.
    """
    ring, aad = keyring(), column.encode()
    try:
        nonces, ciphertexts = map(_NONCE, values), map(_CIPHERTEXT, values)
        return list(map(ring.current.decrypt, nonces, ciphertexts, repeat(aad)))
    except (InvalidTag, ValueError, TypeError):
        return [ring.decrypt(bytes(v), aad) if v else b"" for v in values]
