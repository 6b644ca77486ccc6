"""The MP directory's input: records read from a CSV file or from Represent.

Pure: reading and shaping only. The writes are in services.sync_mps.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

HILL_ADDRESS = "House of Commons\nOttawa ON  K1A 0A6"

# The first two digits of an Elections Canada riding number give the province.
PROVINCE_BY_RIDING_PREFIX = {
    "10": "NL", "11": "PE", "12": "NS", "13": "NB", "24": "QC", "35": "ON",
    "46": "MB", "47": "SK", "48": "AB", "59": "BC", "60": "YT", "61": "NT", "62": "NU",
}  # fmt: skip


def shared_data_dir() -> Path:
    """Where the reference data lives in development: ../shared/data beside the checkout."""
    return Path(settings.SHARED_DATA_DIR)


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
class MPRecord:
    """One sitting MP as a source describes them."""

    name: str
    email: str
    riding_code: str  # "" when the source names a riding of an older representation order
    riding_name: str
    party: str = ""
    riding_name_fr: str = ""
    postal_address: str = HILL_ADDRESS

    @property
    def province(self) -> str:
        return province_of_riding(self.riding_code)


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
        )
        for row in rows
    ]
