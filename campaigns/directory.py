"""The MP directory's input: records read from a CSV file or from Represent, and
the postal-code hints that find the ridings near a supporter.

Pure: reading and shaping only. The writes are in services.sync_mps.
"""

import csv
import functools
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# The directory the site ships with (see data/README.md for sources and licences).
DATA_DIR = Path(__file__).resolve().parent / "data"
RIDINGS_CSV = DATA_DIR / "federal_electoral_districts_2023.csv"
MPS_CSV = DATA_DIR / "mps_45th_parliament.csv"
FSA_HINTS_JSON = DATA_DIR / "fsa_to_riding_hint.json"

HILL_ADDRESS = "House of Commons\nOttawa ON  K1A 0A6"

# The first two digits of an Elections Canada riding number give the province.
PROVINCE_BY_RIDING_PREFIX = {
    "10": "NL", "11": "PE", "12": "NS", "13": "NB", "24": "QC", "35": "ON",
    "46": "MB", "47": "SK", "48": "AB", "59": "BC", "60": "YT", "61": "NT", "62": "NU",
}  # fmt: skip


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: for matching names people type."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def province_of_riding(code: str) -> str:
    return PROVINCE_BY_RIDING_PREFIX.get((code or "")[:2], "")


@dataclass(frozen=True)
class RidingRecord:
    code: str
    name: str
    name_fr: str = ""

    @property
    def province(self) -> str:
        return province_of_riding(self.code)


@dataclass(frozen=True)
class OfficeRecord:
    """An office with a phone number, as Represent lists it."""

    kind: str  # "legislature" (Parliament Hill) or "constituency"
    phone: str
    postal_address: str = ""

    @property
    def name(self) -> str:
        """A constituency office's own name, from its address's first line ("Main office -
        Richmond"); the Hill office needs none."""
        if self.kind != "constituency":
            return ""
        first = (self.postal_address or "").strip().splitlines()[:1]
        return first[0].strip()[:200] if first and not first[0].strip()[:1].isdigit() else ""


@dataclass(frozen=True)
class MPRecord:
    """One sitting MP as a source describes them."""

    name: str
    email: str
    riding_code: str  # "" when the source names a riding of an older representation order
    riding_name: str
    party: str = ""
    riding_name_fr: str = ""
    postal_address: str = HILL_ADDRESS
    first_name: str = ""
    last_name: str = ""
    gender: str = ""  # Represent's "M" or "F" when it gives one; the CSV has none
    offices: tuple[OfficeRecord, ...] = ()  # Represent's, with phone numbers; the CSV has none

    @property
    def province(self) -> str:
        return province_of_riding(self.riding_code)

    @property
    def salutation(self) -> str:
        """How a letter greets this MP until staff set it: "Dear Ms. Mendès" when the
        source says how, else the full name and office, never a guessed title."""
        title = {"F": "Ms.", "M": "Mr."}.get(self.gender.upper())
        if title and self.last_name:
            return f"{title} {self.last_name}"
        return default_mp_salutation(self.name)


def default_mp_salutation(name: str) -> str:
    """ "Yasir Naqvi, MP": respectful without knowing how the member is addressed."""
    return f"{name}, MP"


RIDING_ID_RE = re.compile(r"ed:(\d{5})(?:-\d{4})?$")


def read_ridings_csv(path: Path) -> list[RidingRecord]:
    """Ridings from Open Civic Data's federal_electoral_districts CSV (id, name, name_fr)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # The id ends in "/ed:35001-2023"; its 5 digits are Elections Canada's number.
    return [
        RidingRecord(
            code=RIDING_ID_RE.search(row["id"]).group(1),
            name=row["name"].strip(),
            name_fr=(row.get("name_fr") or "").strip(),
        )
        for row in rows
        if RIDING_ID_RE.search(row["id"])
    ]


def read_mps_csv(path: Path) -> list[MPRecord]:
    """MPs from a CSV with the columns name, email, party, fed_code_2023, riding_name,
    riding_name_fr (as ../shared/data/mps_45th_parliament.csv)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        MPRecord(
            name=row["name"].strip(),
            email=row["email"].strip(),
            party=(row.get("party") or "").strip(),
            riding_code=row["fed_code_2023"].strip().zfill(5),
            riding_name=row["riding_name"].strip(),
            riding_name_fr=(row.get("riding_name_fr") or "").strip(),
            first_name=(row.get("first_name") or "").strip(),
            last_name=(row.get("last_name") or "").strip(),
        )
        for row in rows
    ]


# The ridings near a postal code, for when Represent cannot say which one it is in.

NEARBY_LIMIT = 12  # the most FSA prefixes hint at, anywhere in Canada (4 at the median)


@functools.cache
def fsa_hints() -> dict[str, str]:
    """FSA (a postal code's first three characters) -> the riding number hinted for it."""
    with open(FSA_HINTS_JSON, encoding="utf-8") as f:
        data = json.load(f)
    return {
        fsa.upper(): str(hint["ridingId"]).zfill(5)
        for fsa, hint in data.items()
        if str(hint.get("ridingId", "")).isdigit()
    }


@functools.cache
def _hints_by_prefix() -> dict[str, Counter]:
    by_prefix: dict[str, Counter] = {}
    for fsa, code in fsa_hints().items():
        by_prefix.setdefault(fsa[:2], Counter())[code] += 1
    return by_prefix


def nearby_riding_codes(postal_code: str) -> list[str]:
    """The ridings near a postal code, likeliest first: the one hinted for its FSA, then
    those hinted for the FSAs sharing its first two characters, the most hinted first.

    Many FSAs span several ridings, so this orders a short list for the supporter
    to choose from; it never decides their MP on its own.
    """
    fsa = "".join((postal_code or "").split()).upper()[:3]
    counts = _hints_by_prefix().get(fsa[:2], Counter())
    ordered = sorted(counts, key=lambda code: (-counts[code], code))
    hinted = fsa_hints().get(fsa)
    if hinted:
        ordered = [hinted] + [code for code in ordered if code != hinted]
    return ordered[:NEARBY_LIMIT]
