"""The Represent client against a local server answering in Represent's format."""

import json
from pathlib import Path

from django.test import override_settings

from campaigns import represent as represent_api
from campaigns.represent import Outcome
from tests.represent_fake import AU, BAINS, mpp, representative

# Represent's answers in today's format and one captured from the previous Parliament.
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "represent"


def test_it_finds_one_mp_for_a_postal_code(represent):
    represent.postcode("V7A5J9", centroid=[BAINS, mpp("Henry Yao")])

    lookup = represent_lookup("V7A 5J9")

    assert lookup.outcome == Outcome.FOUND
    assert [(m.name, m.email, m.riding_code, m.riding_name) for m in lookup.mps] == [
        ("Parm Bains", "parm.bains@parl.gc.ca", "59028", "Richmond East—Steveston")
    ]
    assert lookup.mps[0].province == "BC"
    assert lookup.mps[0].postal_address == "House of Commons\nOttawa ON  K1A 0A6"
    assert lookup.city == "Richmond"


def test_it_asks_for_the_code_in_capitals_without_a_space_and_current_ridings_only(represent):
    represent.postcode("V7A5J9", centroid=[BAINS])

    represent_lookup("v7a 5j9")

    assert represent.requests == [
        "/postcodes/V7A5J9/?sets=federal-electoral-districts-2023-representation-order"
    ]


def test_it_reads_both_lists_and_keeps_each_mp_once(represent):
    represent.postcode("V6X1A1", centroid=[BAINS], concordance=[AU, BAINS])

    lookup = represent_lookup("V6X 1A1")

    assert lookup.outcome == Outcome.FOUND
    assert sorted(m.name for m in lookup.mps) == ["Chak Au", "Parm Bains"]


def test_it_reads_the_concordance_when_the_centroid_list_is_absent(represent):
    represent.postcode("V6X1A1", concordance=[AU])

    assert [m.name for m in represent_lookup("V6X 1A1").mps] == ["Chak Au"]


def test_it_says_unknown_for_a_code_represent_does_not_know(represent):
    lookup = represent_lookup("V0V 0V0")  # the fake answers 404 with an HTML page

    assert lookup.outcome == Outcome.UNKNOWN
    assert lookup.mps == ()


def test_it_says_unknown_when_no_member_of_the_house_comes_back(represent):
    represent.postcode("V7A5J9", centroid=[mpp("Henry Yao")])

    assert represent_lookup("V7A 5J9").outcome == Outcome.UNKNOWN


def test_it_gives_up_quickly_when_represent_does_not_answer(represent):
    represent.hang("/postcodes/V7A5J9/")

    lookup = represent_lookup("V7A 5J9")

    assert lookup.outcome == Outcome.UNAVAILABLE


def test_it_says_unavailable_on_a_503(represent):
    represent.fail("/postcodes/V7A5J9/", 503)

    assert represent_lookup("V7A 5J9").outcome == Outcome.UNAVAILABLE


def test_it_says_unavailable_when_the_answer_is_not_json(represent):
    represent.routes["/postcodes/V7A5J9/"] = (200, b"<html>maintenance</html>", "text/html")

    assert represent_lookup("V7A 5J9").outcome == Outcome.UNAVAILABLE


def test_it_caches_an_answer_so_a_second_lookup_does_not_call_represent(represent):
    represent.postcode("V7A5J9", centroid=[BAINS])

    first = represent_lookup("V7A 5J9")
    second = represent_lookup("v7a5j9")

    assert first == second
    assert represent.postcode_requests("V7A5J9") == 1


def test_it_caches_an_unknown_code_too(represent):
    represent_lookup("V0V 0V0")
    represent_lookup("V0V 0V0")

    assert represent.postcode_requests("V0V0V0") == 1


def test_it_asks_again_after_a_failure(represent):
    represent.fail("/postcodes/V7A5J9/", 503)
    represent_lookup("V7A 5J9")
    represent.postcode("V7A5J9", centroid=[BAINS])

    lookup = represent_lookup("V7A 5J9")

    assert lookup.outcome == Outcome.FOUND
    assert represent.postcode_requests("V7A5J9") == 2


def test_it_fails_fast_when_represent_refuses_the_connection(settings):
    settings.REPRESENT_URL = "http://127.0.0.1:9"

    assert represent_lookup("V7A 5J9").outcome == Outcome.UNAVAILABLE


def test_it_keeps_a_member_of_the_house_even_when_elected_office_is_mislabelled():
    """Represent's set says who sits in the House; a hand-edited "MPP" does not."""
    rep = representative(
        "Sven Spengemann",
        email="sven.spengemann@parl.gc.ca",
        riding_code="35061",
        riding_name="Mississauga—Lakeshore",
        boundary_set="federal-electoral-districts",
        elected_office="MPP",
    )

    record = represent_api.mp_record(rep)

    assert record.name == "Sven Spengemann"
    assert record.riding_code == ""  # an older representation order: placed by name only


def test_it_reads_the_example_answers():
    examples = json.loads((FIXTURES / "postcode_examples.json").read_text())

    today = represent_api.mps_from_postcode(examples["illustrative"])
    captured = represent_api.mps_from_postcode(examples["captured_2021"])

    assert [(m.name, m.riding_code) for m in today] == [("Parm Bains", "59028")]
    assert [(m.name, m.riding_code, m.riding_name) for m in captured] == [
        ("Sven Spengemann", "", "Mississauga—Lakeshore")
    ]


def represent_lookup(code):
    return represent_api.lookup_postal_code(code)


def test_it_stays_under_represent_s_rate_limit_and_falls_back(represent, settings):
    settings.REPRESENT_RATE_PER_MINUTE = 2
    for code in ("V7A5J9", "V6X1A1", "V6Z2A9"):
        represent.postcode(code, centroid=[BAINS])
    minute = 1_800_000_000.0

    first = represent_api.lookup_postal_code("V7A 5J9", now=minute)
    second = represent_api.lookup_postal_code("V6X 1A1", now=minute + 1)
    third = represent_api.lookup_postal_code("V6Z 2A9", now=minute + 2)
    cached = represent_api.lookup_postal_code("V7A 5J9", now=minute + 3)
    next_minute = represent_api.lookup_postal_code("V6Z 2A9", now=minute + 60)

    assert [r.outcome for r in (first, second, third, cached, next_minute)] == [
        Outcome.FOUND,
        Outcome.FOUND,
        Outcome.UNAVAILABLE,  # over the budget: the riding list, without asking
        Outcome.FOUND,  # from the cache
        Outcome.FOUND,  # a new minute, a new budget
    ]
    assert len(represent.requests) == 3


def test_it_still_looks_up_when_the_cache_is_down(represent, caplog):
    represent.postcode("V7A5J9", centroid=[BAINS])
    redis_down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # closed port
        }
    }

    with override_settings(CACHES=redis_down):
        lookup = represent_lookup("V7A 5J9")

    assert lookup.outcome == Outcome.FOUND
    assert "Cache unavailable" in caplog.text
