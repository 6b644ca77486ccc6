"""Targets' offices with phone numbers: imported with the MP directory from Represent,
entered by staff for ministers, dialled as tel: links."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from campaigns.models import Office, Target, tel_url
from campaigns.represent import mp_record
from campaigns.services import ensure_mp_targets
from tests.represent_fake import BAINS, representative

pytestmark = pytest.mark.django_db

HOUSE = "/representatives/house-of-commons/?limit=100"
HILL = {
    "fax": "1 613 992-1385",
    "tel": "1 613 992-1385",
    "type": "legislature",
    "postal": "House of Commons\nOttawa ON  K1A 0A6",
}
RICHMOND = {
    "tel": "1 604 257-2900",
    "type": "constituency",
    "postal": "Main office - Richmond\n230-11331 Coppersmith Way\nRichmond BC  V7A 5J9",
}


def import_house(represent, *members) -> str:
    represent.answer(HOUSE, {"objects": list(members), "meta": {"next": None}})
    out = StringIO()
    call_command("import_mps_represent", stdout=out)
    return out.getvalue()


def offices_of(name: str) -> list[tuple]:
    return list(
        Office.objects.filter(target__name=name).values_list("kind", "name", "phone", "position")
    )


def member(name="Parm Bains", **kwargs):
    return representative(
        name, email="parm.bains@parl.gc.ca", riding_code="59028",
        riding_name="Richmond East—Steveston", **kwargs,
    )  # fmt: skip


def test_it_keeps_each_mps_offices_that_have_a_phone_number(represent):
    import_house(
        represent,
        member(
            offices=[
                RICHMOND,
                {"type": "constituency", "postal": "Satellite office, no phone"},
                {"tel": "1 604 555-0100", "type": "residence", "postal": "Not an office"},
                HILL,
            ]
        ),
    )

    assert offices_of("Parm Bains") == [
        ("legislature", "", "1 613 992-1385", 0),
        ("constituency", "Main office - Richmond", "1 604 257-2900", 1),
    ]
    hill, richmond = Office.objects.filter(target__name="Parm Bains")
    assert (hill.label, hill.tel_url, hill.phone_display) == (
        "Parliament Hill office", "tel:+16139921385", "613-992-1385",
    )  # fmt: skip
    assert richmond.postal_address.endswith("Richmond BC  V7A 5J9")


def test_it_replaces_changed_offices_and_reports_the_update(represent):
    import_house(represent, member(offices=[HILL]))

    moved = {**RICHMOND, "tel": "1 604 555-0123"}
    output = import_house(represent, member(offices=[HILL, moved]))

    assert "1 other updates, 0 unchanged" in output.splitlines()[0]
    assert [o[2] for o in offices_of("Parm Bains")] == ["1 613 992-1385", "1 604 555-0123"]
    assert (
        "0 other updates, 1 unchanged"
        in import_house(represent, member(offices=[HILL, moved])).splitlines()[0]
    )


def test_it_leaves_offices_alone_when_the_source_lists_none(represent, tmp_path):
    import_house(represent, member(offices=[HILL, RICHMOND]))
    mps = tmp_path / "mps.csv"
    mps.write_text(
        "name,email,party,fed_code_2023,riding_name\n"
        "Parm Bains,parm.bains@parl.gc.ca,Liberal,59028,Richmond East—Steveston\n"
    )

    call_command("import_mps_csv", str(mps), stdout=StringIO())

    assert len(offices_of("Parm Bains")) == 2


def test_it_gives_an_mp_found_by_postal_code_their_offices(db):
    [bains] = ensure_mp_targets(records=[mp_record(BAINS)])

    assert [o.phone for o in bains.offices.all()] == ["1 613 992-1385", "1 604 257-2900"]


@pytest.mark.parametrize(
    ("written", "url", "shown"),
    [
        ("1 613 992-1385", "tel:+16139921385", "613-992-1385"),
        ("(613) 995-0284", "tel:+16139950284", "613-995-0284"),
        ("613.992.1385 ext. 204", "tel:+16139921385;ext=204", "613-992-1385 ext. 204"),
        ("+1-819-994-2424 poste 3", "tel:+18199942424;ext=3", "819-994-2424 ext. 3"),
    ],
)
def test_it_dials_a_number_however_it_is_written(written, url, shown):
    office = Office(phone=written)

    assert tel_url(written) == url
    assert (office.tel_url, office.phone_display) == (url, shown)


def test_it_lets_editors_give_a_minister_an_office_and_refuses_a_number_too_short(
    client, editor, minister_goodale
):
    client.force_login(editor)
    url = reverse("admin:campaigns_target_change", args=[minister_goodale.pk])
    data = {
        "name": minister_goodale.name,
        "title": minister_goodale.title,
        "salutation": minister_goodale.salutation,
        "email": minister_goodale.email,
        "offices-TOTAL_FORMS": "1",
        "offices-INITIAL_FORMS": "0",
        "offices-0-kind": "office",
        "offices-0-name": "Minister's office",
        "offices-0-phone": "613-991-29",
        "offices-0-position": "0",
        "_save": "1",
    }

    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Enter a 10-digit phone number" in refused.content.decode()
    assert not Office.objects.exists()

    client.post(url, {**data, "offices-0-phone": "613-555-0101"})
    office = Target.objects.get(pk=minister_goodale.pk).offices.get()
    assert (office.label, office.tel_url) == ("Minister's office", "tel:+16135550101")
