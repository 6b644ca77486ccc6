"""Two campaigns with figures computed by hand (see the comments on report_data).

The clock is Wednesday 11 March 2026, 15:00 in Toronto: "today" starts at
midnight on the 11th, "this week" at midnight on Monday the 9th (local time).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from campaigns.models import Campaign, LetterTemplate, Riding, Target
from letters.models import Delivery, Letter
from reports.tallies import fold_counts
from tests.conftest import make_campaign, make_letter

TORONTO = ZoneInfo("America/Toronto")
NOW = datetime(2026, 3, 11, 15, 0, tzinfo=TORONTO)


def local(day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=TORONTO)


@pytest.fixture
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def make_user(username: str, *perms: str, staff=True, superuser=False) -> User:
    user = User.objects.create_user(
        username, f"{username}@iclmg.example", "pw", is_staff=staff, is_superuser=superuser
    )
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


@pytest.fixture
def organizer(db):
    """Staff who may see reports and export counts, but not personal data."""
    return make_user("organizer", "campaigns.view_reports")


@pytest.fixture
def data_officer(db):
    """An organizer who may also export supporters' personal data."""
    return make_user("data_officer", "campaigns.view_reports", "letters.export_personal_data")


@pytest.fixture
def superuser(db):
    return make_user("root", superuser=True)


@pytest.fixture
def editor(db):
    """Staff without the reports permission."""
    return make_user("editor")


@pytest.fixture
def ridings(db):
    return {
        "ottawa": Riding.objects.create(code="35075", name="Ottawa Centre", province="ON"),
        "papineau": Riding.objects.create(code="24056", name="Papineau", province="QC"),
    }


@pytest.fixture
def mps(ridings):
    return {
        "ottawa": Target.objects.create(
            name="Yasir Naqvi", email="yasir.naqvi@parl.gc.ca", riding=ridings["ottawa"]
        ),
        "papineau": Target.objects.create(
            name="Justin Trudeau", email="justin.trudeau@parl.gc.ca", riding=ridings["papineau"]
        ),
    }


def set_states(letter: Letter, **states_by_target_name) -> None:
    for delivery in letter.deliveries.filter(kind=Delivery.Kind.TO).select_related("target"):
        first_word = delivery.target.name.split()[0].lower()
        delivery.state = states_by_target_name.get(first_word, Delivery.State.QUEUED)
        delivery.save(update_fields=["state"])


@pytest.fixture
def report_data(campaign, minister_goodale, mps):
    """Campaign A ("stop-the-deportation", to Goodale and McCallum):
      L1 jane   K1A (ON) MP Ottawa Centre  2 Mar 10:00   opted in
      L2 paul   H2X (QC) MP Papineau        4 Mar 23:30 local (the 5th in UTC)
      L3 ana    V5K (BC) no MP              9 Mar 00:30 local (this week's first hour)
      L4 lee    K2P (ON) MP Ottawa Centre  11 Mar 08:00  then sent from own mail
      a test letter and an unconfirmed letter: neither counts.
    Campaign B ("repeal-c51", to Goodale):
      L5 jane (again)  10 Mar 09:00
      L6 bob           11 Mar 09:00, then erased
    """
    Campaign.objects.filter(pk=campaign.pk).update(publish_at=local(1, 0))
    campaign.refresh_from_db()
    other = make_campaign(title="Repeal C-51", slug="repeal-c51", publish_at=local(1, 0))
    template = LetterTemplate.objects.create(campaign=other, subject="Repeal", body="Repeal it.")
    template.targets.set([minister_goodale])

    l1 = make_letter(
        campaign,
        email="jane@example.com",
        postal_code="K1A0A6",
        mp=mps["ottawa"],
        news_opt_in=True,
        now=local(2, 10),
    )
    l2 = make_letter(
        campaign,
        first_name="Paul",
        last_name="Tremblay",
        email="paul@example.com",
        postal_code="H2X1Y4",
        mp=mps["papineau"],
        now=local(4, 23, 30),
    )
    l3 = make_letter(
        campaign,
        first_name="Ana",
        last_name="Silva",
        email="ana@example.com",
        postal_code="V5K0A1",
        now=local(9, 0, 30),
    )
    l4 = make_letter(
        campaign,
        first_name="Lee",
        last_name="Wong",
        email="lee@example.com",
        postal_code="K2P1L4",
        mp=mps["ottawa"],
        now=local(11, 8),
    )
    Letter.objects.filter(pk=l4.pk).update(state=Letter.State.OWN_CLIENT)
    make_letter(campaign, email="staff@iclmg.example", is_test=True, now=local(11, 9))
    Letter.objects.create(
        campaign=campaign,
        state=Letter.State.UNCONFIRMED,
        email="maybe@example.com",
        province="ON",
        created_at=local(11, 10),
    )
    set_states(l1, ralph="delivered", john="bounced", yasir="delivered")
    set_states(l2, ralph="sent", john="failed", justin="delivered")
    set_states(l3, ralph="bounced", john="queued")
    set_states(l4, ralph="delivered", john="complained", yasir="sending")

    make_letter(other, email="jane@example.com", postal_code="K1A0A6", now=local(10, 9))
    bob = make_letter(other, first_name="Bob", email="bob@example.com", now=local(11, 9))
    # What erasure does: the personal data goes, the letter and its province stay.
    Letter.objects.filter(pk=bob.pk).update(
        email=None,
        email_index=None,
        first_name=None,
        last_name=None,
        postal_code=None,
        erased_at=timezone.now(),
    )
    fold_counts()  # as the periodic job does every few seconds
    campaign.refresh_from_db()
    other.refresh_from_db()
    return {"a": campaign, "b": other}
