"""The demo's MP directory: the ridings and MPs shipped with the site, loaded once."""

from io import StringIO

import pytest
from django.core.management import call_command

from campaigns.models import Campaign, Riding, Target

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_it_loads_the_343_mps_once_for_the_bds_campaign_s_letter_to_your_mp():
    first = load_demo()
    second = load_demo()

    assert "MP directory: 343 new MPs, 0 changed emails, 0 departed MPs" in first
    assert "MP directory: already loaded." in second
    assert Target.objects.sitting_mps().count() == 343
    assert Riding.objects.exclude(name_fr="").count() == 343
    template = Campaign.objects.get(slug="uphold-the-right-to-dissent").letter_templates.get()
    assert template.to_supporters_mp


def test_it_greets_each_loaded_mp_by_name_and_office_until_staff_say_otherwise():
    load_demo()

    naqvi = Target.objects.get(name="Yasir Naqvi")
    assert (naqvi.riding.name, naqvi.salutation) == ("Ottawa Centre", "Yasir Naqvi, MP")
    assert Target.objects.sitting_mps().filter(salutation="").count() == 0


def test_it_keeps_an_imported_or_edited_directory_on_a_later_run():
    load_demo()
    Target.objects.filter(name="Alexandra Mendès").update(salutation="Ms. Mendès")
    Target.objects.filter(name="Yasir Naqvi").update(email="y.naqvi@parl.gc.ca")

    load_demo()

    assert Target.objects.get(name="Alexandra Mendès").salutation == "Ms. Mendès"
    assert Target.objects.get(name="Yasir Naqvi").email == "y.naqvi@parl.gc.ca"
