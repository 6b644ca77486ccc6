"""The French catalogue (locale/fr/LC_MESSAGES/django.po): compiled and checked in pure
Python (polib), so no machine needs GNU gettext's msgfmt to run or test the site."""

from pathlib import Path

import polib
from django.conf import settings


def catalogues() -> list[Path]:
    """Every .po file of the project's own locale folders."""
    return sorted(
        p for folder in settings.LOCALE_PATHS for p in Path(folder).glob("*/LC_MESSAGES/*.po")
    )


def compile_catalogue(po_path: Path) -> Path:
    """Write the .mo beside the .po (fuzzy and untranslated entries left out, as msgfmt does)."""
    mo_path = po_path.with_suffix(".mo")
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    return mo_path


def problems(po_path: Path) -> list[str]:
    """Entries a translator still owes: untranslated or fuzzy, each as one line."""
    po = polib.pofile(str(po_path))
    found = []
    for entry in po:
        if entry.obsolete:
            continue
        where = ", ".join(f"{f}:{line}" for f, line in entry.occurrences[:2])
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid!r} ({where})")
        elif not entry.translated():
            found.append(f"untranslated: {entry.msgid!r} ({where})")
    return found
