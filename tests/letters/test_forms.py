import pytest
from django import forms

from letters.forms import normalize_postal_code


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("k1a0a6", "K1A 0A6"),
        ("K1A 0A6", "K1A 0A6"),
        (" h2x  1y4 ", "H2X 1Y4"),
        ("x0a0h0", "X0A 0H0"),
    ],
)
def test_it_normalizes_postal_codes(typed, normalized):
    assert normalize_postal_code(typed) == normalized


@pytest.mark.parametrize(
    "typed", ["", "12345", "K1A0A", "D1A 0A6", "W1A 0A6", "K1O 0A6", "K1A 0A6X"]
)
def test_it_rejects_what_is_not_a_canadian_postal_code(typed):
    with pytest.raises(forms.ValidationError):
        normalize_postal_code(typed)
