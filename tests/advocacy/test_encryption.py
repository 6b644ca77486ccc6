"""The encrypted field (advocacy/models.py, advocacy/crypto.py): what a supporter typed
is stored sealed, read back as typed, and opens only in its own column, unchanged,
under a configured key."""

import pytest
from django.core.exceptions import FieldError
from django.db import connection

from advocacy import crypto
from letters.models import Letter
from tests.conftest import make_letter

OTHER_KEY = crypto.new_key()


def raw(letter, column: str) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM letters_letter WHERE id = %s", [letter.pk])
        return bytes(cursor.fetchone()[0])


def write_raw(letter, column: str, value: bytes) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE letters_letter SET {column} = %s WHERE id = %s", [value, letter.pk])


def test_it_stores_sealed_and_reads_back_what_was_typed(campaign):
    letter = make_letter(campaign, first_name="Zéphyrine", city="")

    stored = raw(letter, "first_name")
    again = Letter.objects.get(pk=letter.pk)

    assert "Zéphyrine".encode() not in stored and stored[:1] == crypto.VERSION
    assert (again.first_name, again.city, again.last_name) == ("Zéphyrine", "", "Doe")


def test_it_seals_one_text_differently_each_time():
    sealed = {crypto.encrypt("Jane", column="letters.letter.first_name") for _ in range(3)}

    assert len(sealed) == 3
    assert {crypto.decrypt(s, column="letters.letter.first_name") for s in sealed} == {"Jane"}


def test_it_refuses_a_tampered_value(campaign):
    letter = make_letter(campaign)
    stored = bytearray(raw(letter, "email"))
    stored[-1] ^= 1
    write_raw(letter, "email", bytes(stored))

    with pytest.raises(crypto.DecryptionError):
        Letter.objects.get(pk=letter.pk)


def test_it_refuses_a_value_moved_to_another_column(campaign):
    letter = make_letter(campaign, first_name="Jane", last_name="Doe")
    write_raw(letter, "last_name", raw(letter, "first_name"))

    with pytest.raises(crypto.DecryptionError):
        Letter.objects.get(pk=letter.pk)


def test_it_reads_nothing_under_a_key_that_did_not_seal_it(campaign, settings):
    letter = make_letter(campaign)

    settings.FIELD_ENCRYPTION_KEYS = [OTHER_KEY]

    with pytest.raises(crypto.DecryptionError):
        Letter.objects.get(pk=letter.pk)


def test_it_refuses_every_comparison_but_null(campaign):
    letter = make_letter(campaign, email="jane@example.com")

    for lookup in ("email", "email__iexact", "email__contains", "first_name__startswith"):
        with pytest.raises(FieldError, match="encrypted"):
            Letter.objects.filter(**{lookup: "jane"}).exists()
    assert list(Letter.objects.filter(email__isnull=False)) == [letter]
    assert not Letter.objects.filter(email=None).exists()
    assert list(Letter.objects.of_address(" JANE@Example.com")) == [letter]


def test_it_finds_one_address_however_it_is_typed():
    index = crypto.blind_index("jane@example.com")

    assert crypto.blind_index("  Jane@EXAMPLE.com\u200b") == index
    assert crypto.blind_index("john@example.com") != index
    assert len(index) == 64 and "jane" not in index
