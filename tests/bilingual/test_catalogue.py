"""The French catalogue is complete: CI fails on a string without its French, and on a
template passage that no translation tag carries."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from bilingual.catalogue import compile_catalogue, problems
from bilingual.templatecheck import check_templates, untranslated_text
from tests.conftest import skip_or_fail

ROOT = Path(settings.BASE_DIR)
FRENCH = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
HOW_TO_FIX = (
    "Run `make messages` (manage.py makemessages -l fr), write the French of each string as "
    "its msgstr in locale/fr/LC_MESSAGES/django.po, delete any '#, fuzzy' line once the "
    "French is right, then run `make test` again."
)
# What `make messages` leaves out: the tests, tools and installed or built files.
IGNORED = [".venv", "node_modules", "bench", "tests", "docs", "static", "staticfiles"]


def test_it_has_french_for_every_entry_of_the_catalogue():
    owed = problems(FRENCH)

    assert owed == [], (
        f"{len(owed)} French entries to write:\n" + "\n".join(owed) + "\n" + HOW_TO_FIX
    )


def test_it_has_every_string_of_the_code_in_the_catalogue(tmp_path, settings, monkeypatch):
    """What makemessages extracts today, merged into a copy of the catalogue, is already
    translated: a new or changed string fails here. It runs on a tree of links to the
    project's folders, so the real catalogue is never touched."""
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        skip_or_fail("GNU gettext is missing (apt-get install gettext; .ci/run installs it)")
    tree = tmp_path / "tree"
    tree.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in IGNORED and entry.name != "locale" and not entry.name.startswith("."):
            (tree / entry.name).symlink_to(entry)
    copy = tree / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    shutil.copy(FRENCH, copy)
    settings.LOCALE_PATHS = [tree / "locale"]
    monkeypatch.chdir(tree)

    call_command(
        "makemessages",
        locale=["fr"],
        ignore_patterns=IGNORED,
        no_obsolete=True,
        symlinks=True,
        verbosity=0,
    )

    owed = problems(copy)
    assert owed == [], (
        f"{len(owed)} strings of the code have no French yet:\n"
        + "\n".join(owed)
        + "\n"
        + HOW_TO_FIX
    )


def test_it_finds_no_template_text_outside_a_translation_tag():
    found = check_templates(ROOT / "templates")

    assert found == [], (
        "Template text that French pages would show in English:\n"
        + "\n".join(found)
        + '\nWrap it in {% translate "…" %} or {% blocktranslate %}…{% endblocktranslate %} '
        "(with {% load i18n %}), then: " + HOW_TO_FIX
    )


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('<p>{% translate "Hello" %}</p>', []),
        ("<p>{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}</p>", []),
        ("<p>Hello {{ name }}</p>", ["Hello"]),
        ('<img src="x.png" alt="A minister">', ["A minister"]),
        ('<img src="x.png" alt="{% translate "A minister" %}">', []),
        ('<input type="hidden" name="a" value="token">', []),
        ("<script>var words = 'not prose';</script>", []),
        ("{% comment %}Notes for developers{% endcomment %}", []),
        ("<p>PDF · {{ size }}</p>", []),
        ('<body class="{% block c %}page--wide{% endblock %}">', []),
    ],
)
def test_it_tells_marked_text_from_unmarked(source, found):
    assert untranslated_text(source, html=True) == found


def test_it_finds_unmarked_words_in_a_plain_text_email():
    assert untranslated_text("{% load i18n %}Thanks for writing.\n{{ url }}", html=False) == [
        "Thanks for writing."
    ]


def test_it_compiles_the_catalogue_without_gnu_gettext(tmp_path):
    copy = tmp_path / "django.po"
    shutil.copy(FRENCH, copy)

    mo = compile_catalogue(copy)

    assert mo.stat().st_size > 10_000
