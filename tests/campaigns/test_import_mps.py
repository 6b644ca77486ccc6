"""The MP directory's import commands and the change report they print."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from campaigns.models import Riding, Target
from tests.conftest import make_campaign
from tests.represent_fake import representative

pytestmark = pytest.mark.django_db

FIELDS = [
    "name",
    "first_name",
    "last_name",
    "email",
    "party",
    "fed_code_2023",
    "riding_name",
    "riding_name_fr",
    "province_code",
    "province",
    "photo_url",
    "source_riding_id_in_upstream",
]


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def read_rows(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_rows(path, rows: list[dict]):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def small_file(tmp_path, rows, name="mps.csv"):
    full = [
        {"name": n, "email": e, "party": p, "fed_code_2023": c, "riding_name": r}
        for n, e, c, r, p in rows
    ]
    return write_rows(tmp_path / name, full)


ELEVEN = [
    (f"Member {i}", f"member.{i}@parl.gc.ca", f"350{i:02d}", f"Riding {i}", "Liberal")
    for i in range(1, 12)
]


def test_it_imports_the_343_ridings_with_their_french_names(shipped_data):
    output = run("import_ridings", str(shipped_data / "federal_electoral_districts_2023.csv"))

    assert output == "343 ridings read: 343 new, 0 updated.\n"
    assert Riding.objects.count() == 343
    riding = Riding.objects.get(code="24017")
    assert riding.province == "QC"
    assert riding.name_fr
    assert Riding.objects.filter(province="NU").get().name == "Nunavut"
    again = run("import_ridings", str(shipped_data / "federal_electoral_districts_2023.csv"))
    assert again == "343 ridings read: 0 new, 0 updated.\n"


def test_it_imports_the_343_mps_then_reports_a_changed_email_and_a_departure(
    shipped_data, tmp_path, django_assert_max_num_queries
):
    source = shipped_data / "mps_45th_parliament.csv"
    run("import_ridings", str(shipped_data / "federal_electoral_districts_2023.csv"))

    with django_assert_max_num_queries(360):  # one insert per MP, reads in bulk
        first = run("import_mps_csv", str(source))

    assert first.splitlines()[0].startswith(
        "343 new MPs, 0 changed emails, 0 departed MPs, 0 returning MPs"
    )
    assert Target.objects.sitting_mps().count() == 343
    assert "0 new ridings" in first  # the ridings came from their own file
    bains = Target.objects.get(name="Parm Bains")
    assert (bains.email, bains.riding.code, bains.riding.province) == (
        "parm.bains@parl.gc.ca",
        "59028",
        "BC",
    )
    assert bains.postal_address == "House of Commons\nOttawa ON  K1A 0A6"

    rows = read_rows(source)
    changed = next(r for r in rows if r["name"] == "Parm Bains")
    changed["email"] = "parm.bains.mp@parl.gc.ca"
    leaving = next(r for r in rows if r["name"] == "Hedy Fry")
    rows.remove(leaving)
    second = run("import_mps_csv", str(write_rows(tmp_path / "changed.csv", rows)))

    lines = second.splitlines()
    assert lines[0] == (
        "0 new MPs, 1 changed emails, 1 departed MPs, 0 returning MPs, 0 other updates, "
        "341 unchanged, 0 new ridings, 0 skipped."
    )
    assert (
        "Changed email: Parm Bains (Richmond East—Steveston): "
        "parm.bains@parl.gc.ca -> parm.bains.mp@parl.gc.ca"
    ) in lines
    assert "Departed MP: Hedy Fry (Vancouver Centre)" in lines
    assert Target.objects.count() == 343  # nobody is deleted
    fry = Target.objects.get(name="Hedy Fry")
    assert fry.departed_at is not None
    assert Target.objects.sitting_mps().count() == 342
    assert Target.objects.get(name="Parm Bains").email == "parm.bains.mp@parl.gc.ca"


def test_it_creates_ridings_from_the_mp_file_when_they_are_missing(tmp_path):
    path = small_file(tmp_path, [("Parm Bains", "parm.bains@parl.gc.ca", "59028", "Richmond", "")])

    output = run("import_mps_csv", str(path))

    assert "1 new MPs" in output
    assert "1 new ridings" in output
    assert Riding.objects.get().province == "BC"


def test_it_seats_a_by_election_winner_and_marks_the_predecessor_departed(tmp_path):
    run("import_mps_csv", str(small_file(tmp_path, ELEVEN)))
    after = [*ELEVEN[:-1], ("New Member", "new.member@parl.gc.ca", "35011", "Riding 11", "NDP")]

    output = run("import_mps_csv", str(small_file(tmp_path, after, "after.csv")))

    assert output.splitlines()[0].startswith("1 new MPs, 0 changed emails, 1 departed MPs")
    assert "New MP: New Member (Riding 11) <new.member@parl.gc.ca>" in output
    assert "Departed MP: Member 11 (Riding 11)" in output
    assert Target.objects.sitting_mps().get(riding__code="35011").name == "New Member"


def test_it_seats_a_returning_mp_again(tmp_path):
    run("import_mps_csv", str(small_file(tmp_path, ELEVEN)))
    run("import_mps_csv", str(small_file(tmp_path, ELEVEN[:-1], "without.csv")))

    output = run("import_mps_csv", str(small_file(tmp_path, ELEVEN, "again.csv")))

    assert "1 returning MPs" in output
    assert Target.objects.sitting_mps().count() == 11
    assert Target.objects.count() == 11


def test_it_ignores_a_change_of_case_in_an_email(tmp_path):
    run("import_mps_csv", str(small_file(tmp_path, ELEVEN)))
    upper = [(n, e.title(), c, r, p) for n, e, c, r, p in ELEVEN]

    output = run("import_mps_csv", str(small_file(tmp_path, upper, "upper.csv")))

    assert "0 changed emails" in output


def test_it_warns_when_an_open_campaign_writes_to_a_departed_mp(tmp_path, minister_goodale):
    run("import_mps_csv", str(small_file(tmp_path, ELEVEN)))
    campaign = make_campaign(title="Write to Member 11", slug="member-11")
    template = campaign.letter_templates.create(subject="Hello", body="Body")
    template.targets.set([Target.objects.get(name="Member 11"), minister_goodale])

    output = run("import_mps_csv", str(small_file(tmp_path, ELEVEN[:-1], "without.csv")))

    assert "WARNING: open campaign “Write to Member 11” still writes to departed MP Member 11" in (
        output
    )


def test_it_refuses_a_list_that_would_empty_the_house(tmp_path):
    many = [
        (f"Member {i}", f"member.{i}@parl.gc.ca", f"35{i:03d}", f"Riding {i}", "")
        for i in range(1, 40)
    ]
    run("import_mps_csv", str(small_file(tmp_path, many, "many.csv")))

    with pytest.raises(CommandError, match="--allow-mass-departure"):
        run("import_mps_csv", str(small_file(tmp_path, many[:5], "few.csv")))

    assert Target.objects.sitting_mps().count() == 39
    output = run(
        "import_mps_csv", str(small_file(tmp_path, many[:5], "few.csv")), "--allow-mass-departure"
    )
    assert "34 departed MPs" in output


def test_it_changes_nothing_on_a_dry_run(tmp_path):
    output = run("import_mps_csv", str(small_file(tmp_path, ELEVEN)), "--dry-run")

    assert output.startswith("Dry run: nothing was saved.\n11 new MPs")
    assert not Target.objects.exists()


def test_it_says_so_when_the_file_is_missing(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_mps_csv", str(tmp_path / "nope.csv"))


def test_it_imports_the_house_from_represent_page_by_page(represent):
    members = [
        representative(
            f"Member {i}",
            email=f"member.{i}@parl.gc.ca",
            riding_code=f"350{i:02d}",
            riding_name=f"R{i}",
        )
        for i in range(1, 4)
    ]
    represent.answer(
        "/representatives/house-of-commons/?limit=100",
        {
            "objects": members[:2],
            "meta": {"next": "/representatives/house-of-commons/?limit=100&offset=2"},
        },
    )
    represent.answer(
        "/representatives/house-of-commons/?limit=100&offset=2",
        {"objects": members[2:], "meta": {"next": None}},
    )

    output = run("import_mps_represent")

    assert output.splitlines()[0].startswith("3 new MPs, 0 changed emails, 0 departed MPs")
    assert sorted(Target.objects.sitting_mps().values_list("riding__code", flat=True)) == [
        "35001",
        "35002",
        "35003",
    ]
    assert len(represent.requests) == 2


def test_it_imports_nothing_when_represent_fails_midway(represent, tmp_path):
    run("import_mps_csv", str(small_file(tmp_path, ELEVEN)))
    represent.answer(
        "/representatives/house-of-commons/?limit=100",
        {
            "objects": [],
            "meta": {"next": "/representatives/house-of-commons/?limit=100&offset=100"},
        },
    )
    represent.fail("/representatives/house-of-commons/?limit=100&offset=100", 503)

    with pytest.raises(CommandError, match="Represent did not answer: HTTP 503"):
        run("import_mps_represent")

    assert Target.objects.sitting_mps().count() == 11


def test_it_reads_the_lists_shipped_with_the_site_when_no_file_is_named():
    assert run("import_ridings") == "343 ridings read: 343 new, 0 updated.\n"

    output = run("import_mps_csv")

    assert output.startswith("343 new MPs, 0 changed emails, 0 departed MPs")
    assert Target.objects.get(name="Alexandra Mendès").riding.name == "Brossard—Saint-Lambert"


def test_it_fills_each_mp_s_salutation_and_keeps_the_one_staff_wrote(represent, tmp_path):
    mendes = representative(
        "Alexandra Mendès",
        email="alexandra.mendes@parl.gc.ca",
        riding_code="24015",
        riding_name="Brossard—Saint-Lambert",
    )
    mendes.update(first_name="Alexandra", last_name="Mendès", gender="F")
    naqvi = representative(
        "Yasir Naqvi", email="yasir.naqvi@parl.gc.ca", riding_code="35079", riding_name="Ottawa"
    )
    naqvi.update(first_name="Yasir", last_name="Naqvi", gender="")  # Represent may not say
    represent.answer(
        "/representatives/house-of-commons/?limit=100",
        {"objects": [mendes, naqvi], "meta": {"next": None}},
    )

    run("import_mps_represent")

    salutations = dict(Target.objects.values_list("name", "salutation"))
    assert salutations == {"Alexandra Mendès": "Ms. Mendès", "Yasir Naqvi": "Yasir Naqvi, MP"}
    Target.objects.filter(name="Yasir Naqvi").update(salutation="Mr. Naqvi")
    rows = [
        ("Alexandra Mendès", "alexandra.mendes@parl.gc.ca", "24015", "Brossard", "Liberal"),
        ("Yasir Naqvi", "yasir.naqvi@parl.gc.ca", "35079", "Ottawa Centre", "Liberal"),
    ]
    run("import_mps_csv", str(small_file(tmp_path, rows)))
    salutations = dict(Target.objects.values_list("name", "salutation"))
    assert salutations == {"Alexandra Mendès": "Ms. Mendès", "Yasir Naqvi": "Mr. Naqvi"}
