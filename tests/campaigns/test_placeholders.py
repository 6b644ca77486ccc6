"""Placeholders in model letters: filled, and never a gap or a dangling phrase when empty."""

import pytest

from campaigns.placeholders import fill, used_outside_brackets

JANE = {"first_name": "Jane", "city": "Ottawa", "mp_name": "Yasir Naqvi"}
NO_CITY = {**JANE, "city": ""}


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("I write from {city} today.", JANE, "I write from Ottawa today."),
        ("I live[ in {city}] and vote.", JANE, "I live in Ottawa and vote."),
        ("I live[ in {city}] and vote.", NO_CITY, "I live and vote."),
        ("I live [in {city}] and vote.", NO_CITY, "I live and vote."),
        ("I live [in {city}].", NO_CITY, "I live."),
        ("[In {city}, ]we care.", NO_CITY, "we care."),
        ("[In {city}, ]we care.", JANE, "In Ottawa, we care."),
        ("Hello {city}, friend", NO_CITY, "Hello, friend"),
        ("From {first_name} {city} {first_name}.", NO_CITY, "From Jane Jane."),
        ("[{first_name} in {city}] stays.", NO_CITY, "stays."),
        (
            "Keep [sic] and [{unknown}] as written.",
            NO_CITY,
            "Keep [sic] and [{unknown}] as written.",
        ),
        ("Line one [in {city}]\nline two", NO_CITY, "Line one\nline two"),
    ],
)
def test_it_fills_placeholders_leaving_no_gap_when_one_is_empty(text, values, expected):
    assert fill(text, values) == expected
    assert "  " not in fill(text, values)


def test_it_finds_the_placeholders_used_outside_brackets():
    text = "I am {first_name}[ from {city}]. My MP is {mp_name}. {unknown}"

    assert used_outside_brackets(text) == {"first_name", "mp_name"}
