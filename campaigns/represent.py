"""Open North's Represent API: a postal code's MPs, and the whole House of Commons.

The one module that talks to Represent. Postal-code answers (found or unknown)
are cached for a week in the shared cache; failures are not, so the next
supporter tries again.
"""

import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.core.cache import cache

from .directory import HILL_ADDRESS, MPRecord, OfficeRecord

log = logging.getLogger(__name__)

CURRENT_SET = "federal-electoral-districts-2023-representation-order"
HOUSE_OF_COMMONS = "/representative-sets/house-of-commons/"
# Which riding a postal code is in changes only with a new map; who sits for the
# riding is read from the directory at each letter, so a long cache stays right.
CACHE_SECONDS = 7 * 24 * 60 * 60


class RepresentError(Exception):
    """Represent did not answer usefully: timeout, refused, 5xx, or not JSON."""


class Outcome(StrEnum):
    FOUND = "found"
    UNKNOWN = "unknown"  # 404, or no MP for this code
    UNAVAILABLE = "unavailable"  # timeout, refused, 503, garbage


@dataclass(frozen=True)
class PostcodeLookup:
    outcome: Outcome
    mps: tuple[MPRecord, ...] = field(default=())
    city: str = ""

    @property
    def found(self) -> bool:
        return self.outcome == Outcome.FOUND


def compact(postal_code: str) -> str:
    """'k1a 0a6' -> 'K1A0A6', the form Represent's URLs use."""
    return "".join(postal_code.split()).upper()


def cache_key(postal_code: str) -> str:
    return f"represent:postcode:{compact(postal_code)}"


def cached_lookup(postal_code: str) -> PostcodeLookup | None:
    """The cached answer for this code, without asking Represent."""
    return _cache_get(cache_key(postal_code))


def lookup_postal_code(postal_code: str, *, now: float | None = None) -> PostcodeLookup:
    """The House of Commons MPs for a valid postal code (the form has checked its letters)."""
    key = cache_key(postal_code)
    hit = _cache_get(key)
    if hit is not None:
        return hit
    code = compact(postal_code)
    if not _within_rate(now=time.time() if now is None else now):
        # No postal code in logs: it is personal data.
        log.warning("Represent lookup skipped: over the per-minute budget")
        return PostcodeLookup(Outcome.UNAVAILABLE)
    url = f"{settings.REPRESENT_URL}/postcodes/{code}/?" + urllib.parse.urlencode(
        {"sets": CURRENT_SET}
    )
    try:
        data = _get_json(url)
    except _NotFound:
        result = PostcodeLookup(Outcome.UNKNOWN)
    except RepresentError as exc:
        log.warning("Represent lookup failed: %s", type(exc).__name__)
        return PostcodeLookup(Outcome.UNAVAILABLE)
    else:
        mps = mps_from_postcode(data)
        result = PostcodeLookup(
            Outcome.FOUND if mps else Outcome.UNKNOWN, mps, city=str(data.get("city") or "")
        )
    try:
        cache.set(key, result, CACHE_SECONDS)
    except Exception as exc:  # noqa: BLE001 - a cache outage must not stop a letter
        log.warning("Could not cache a Represent answer: %s", type(exc).__name__)
    return result


def _cache_get(key: str):
    try:
        return cache.get(key)
    except Exception as exc:  # noqa: BLE001 - a cache outage must not stop a letter
        log.warning("Cache unavailable for a Represent answer: %s", type(exc).__name__)
        return None


def _within_rate(*, now: float) -> bool:
    """Count this minute's requests across every process (Redis in production).

    Represent answers 503 above about 60 requests a minute; staying under the
    budget keeps a surge of supporters from getting the whole site refused.
    Without a working cache the count is unknown, and the request goes ahead.
    """
    key = f"represent:minute:{int(now // 60)}"
    try:
        cache.add(key, 0, 120)
        return cache.incr(key) <= settings.REPRESENT_RATE_PER_MINUTE
    except ValueError:  # expired between add and incr
        return True
    except Exception as exc:  # noqa: BLE001
        log.warning("Cache unavailable for the Represent budget: %s", exc)
        return True


def mps_from_postcode(data: dict) -> tuple[MPRecord, ...]:
    """House of Commons members from both lists; a code straddling ridings has several.

    Represent fills representatives_concordance when Canada Post's own
    concordance names the ridings, representatives_centroid from the code's
    centre point; either may be missing, and the same MP may be in both.
    """
    found: dict[str, MPRecord] = {}
    for key in ("representatives_concordance", "representatives_centroid"):
        for rep in data.get(key) or []:
            record = mp_record(rep)
            if record is not None:
                found.setdefault(record.riding_code or record.riding_name, record)
    return tuple(found.values())


def mp_record(rep: dict) -> MPRecord | None:
    """An MPRecord from one of Represent's representatives, or None when not an MP."""
    related = rep.get("related") or {}
    # The representative set says who sits in the House; elected_office is free text
    # that some answers get wrong ("MPP" for an MP).
    if related.get("representative_set_url") != HOUSE_OF_COMMONS and (
        rep.get("representative_set_name") != "House of Commons"
    ):
        return None
    name = (rep.get("name") or "").strip()
    if not name:
        return None
    boundary = related.get("boundary_url") or ""
    parts = [p for p in boundary.split("/") if p]
    riding_code = parts[-1] if len(parts) >= 3 and parts[-2] == CURRENT_SET else ""
    postal = next(
        (
            o.get("postal")
            for o in rep.get("offices") or []
            if o.get("type") == "legislature" and o.get("postal")
        ),
        HILL_ADDRESS,
    )
    return MPRecord(
        name=name,
        email=(rep.get("email") or "").strip(),
        party=(rep.get("party_name") or "").strip(),
        riding_code=riding_code if riding_code.isdigit() and len(riding_code) == 5 else "",
        riding_name=(rep.get("district_name") or "").strip(),
        postal_address=postal,
        first_name=(rep.get("first_name") or "").strip(),
        last_name=(rep.get("last_name") or "").strip(),
        gender=(rep.get("gender") or "").strip(),
        offices=offices_from(rep),
    )


OFFICE_KINDS = ("legislature", "constituency")


def offices_from(rep: dict) -> tuple[OfficeRecord, ...]:
    """A member's offices that have a phone number: the Hill office first, then the
    constituency offices in Represent's order."""
    offices = [
        OfficeRecord(
            kind=office["type"],
            phone=str(office["tel"]).strip()[:40],
            postal_address=str(office.get("postal") or "").strip(),
        )
        for office in rep.get("offices") or []
        if isinstance(office, dict)
        and office.get("type") in OFFICE_KINDS
        and str(office.get("tel") or "").strip()
    ]
    return tuple(sorted(offices, key=lambda o: OFFICE_KINDS.index(o.kind)))


def fetch_house_of_commons(*, base_url: str | None = None) -> list[MPRecord]:
    """Every member of the House from Represent's paginated representative set."""
    base = (base_url or settings.REPRESENT_URL).rstrip("/")
    url = f"{base}/representatives/house-of-commons/?limit=100"
    records: list[MPRecord] = []
    seen: set[str] = set()
    while url:
        if url in seen:  # a looping "next" would never end
            raise RepresentError(f"pagination loops at {url}")
        seen.add(url)
        try:
            data = _get_json(url)
        except _NotFound as exc:
            raise RepresentError(f"{url} answered 404") from exc
        for rep in data.get("objects") or []:
            record = mp_record(rep)
            if record is not None:
                records.append(record)
        next_url = (data.get("meta") or {}).get("next")
        url = urllib.parse.urljoin(base + "/", next_url) if next_url else ""
    return records


class _NotFound(Exception):
    pass


def _get_json(url: str) -> dict:
    request = urllib.request.Request(
        url,
        headers={"Accept": "application/json", "User-Agent": f"{settings.ORG_NAME} advocacy site"},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.REPRESENT_TIMEOUT) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise _NotFound from exc
        raise RepresentError(f"HTTP {exc.code}") from exc
    except (OSError, ValueError) as exc:  # URLError, timeouts, refused connections
        raise RepresentError(str(exc) or type(exc).__name__) from exc
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise RepresentError("the answer is not JSON") from exc
    if not isinstance(data, dict):
        raise RepresentError("the answer is not a JSON object")
    return data
