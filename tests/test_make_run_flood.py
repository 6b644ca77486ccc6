"""The embedded default holds a flood: the real `make run` (runserver and the delivery
loop on SQLite, in a fresh checkout) takes 150 letters in under a minute, 100 of them
from one address, while an organizer downloads CSV exports (a campaign's supporter list
of 10,000 earlier letters over a slow connection first). No answer is a 500, no
process dies or is restarted, every accepted letter reaches each of its recipients
once, and whatever a documented limit refuses is answered 429 or with a message on
the form.

Every supporter is a browser of their own (cookies kept, forms read from the page and
sent as a browser sends them): the campaign page, the review, a pause to read it (the
signed time's ANTIBOT_MIN_SECONDS), then Send and the thank-you page. make run trusts
no proxy (TRUSTED_PROXY_COUNT is 0), so the limits key the real client address: one
hundred submissions come from 127.0.0.1 and the others from addresses of their own
(127.0.0.2 and up; loopback answers on all of them).

Among the 150: five people write to all six letter campaigns with one email (the sixth
is over the 5-an-hour limit per email: 429), five press Send at once after the review
("That was very fast", then again, accepted), and five write a second time to the same
campaign from another browser ("You have already written").
"""

import csv
import email
import io
import itertools
import os
import random
import re
import sqlite3
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

from advocacy.crypto import Keyring, parse_key
from letters.models import mail_ref
from tests.fresh_checkout import Site, fresh_checkout, wait_until

pytestmark = pytest.mark.services  # runs make run's own processes, on the real clock

HARKAT = "stop-harkat-deportation"
OVERSIGHT = "oversight-of-national-security-agencies"
WEEK = [f"action-of-the-week-{n}" for n in range(1, 5)]
GOODALE = "ralph.goodale@parl.gc.ca"  # a target of every letter campaign here
ONE_ADDRESS = "127.0.0.1"
PASSWORD = "a long and unguessable passphrase"
ANTIBOT_MIN_SECONDS = 3  # make run's default
TOO_FAST = "That was very fast."
OVER_LIMIT = "Many requests like this one came from your connection or for this email address"
ALREADY = "You have already written to this campaign"

# The Harkat campaign's earlier supporters: its supporter list is a few megabytes.
EARLIER = 10_000
# What staff did before the flood: four more actions to the Harkat campaign's ministers
# this week, and an organizer who may export supporters' personal data.
STAFF_SETUP = f"""
from datetime import timedelta
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone
from campaigns.models import Campaign, LetterTemplate
from letters.models import Letter

oscar = User.objects.create_user("oscar", "oscar@iclmg.example", {PASSWORD!r}, is_staff=True)
oscar.groups.add(Group.objects.get(name="Organizers"))
oscar.user_permissions.add(Permission.objects.get(codename="export_personal_data"))
model = Campaign.objects.get(slug={HARKAT!r}).letter_templates.get()
for n, slug in enumerate({WEEK!r}, start=1):
    campaign = Campaign.objects.create(
        slug=slug, title=f"Action of the week {{n}}", summary="Write to the ministers.",
        status=Campaign.Status.PUBLISHED, publish_at=timezone.now() - timedelta(hours=1),
    )
    letter = LetterTemplate.objects.create(
        campaign=campaign, subject=model.subject, body=model.body, editable=model.editable,
        cc_addresses=model.cc_addresses,
    )
    letter.targets.set(model.targets.all())
harkat = Campaign.objects.get(slug={HARKAT!r})
Letter.objects.bulk_create(
    Letter(
        campaign=harkat, template=model, first_name="Earlier", last_name=f"Supporter {{n}}",
        email=f"earlier{{n}}@example.org", postal_code="K1A 0A6", city="Ottawa",
        subject=model.subject, body=model.body, created_at=timezone.now() - timedelta(days=30),
    ).derive()
    for n in range({EARLIER})
)
"""


class FormReader(HTMLParser):
    """A page's forms as a browser would submit them: {action: {name: value}}, with the
    checked boxes, the selected options and the textareas' text; no button pressed."""

    def __init__(self, page: str):
        super().__init__()
        self.forms: dict[str, dict[str, str]] = {}
        self.form: dict[str, str] | None = None
        self.textarea = self.select = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.form = self.forms.setdefault(a.get("action", ""), {})
        elif self.form is None or "name" not in a and tag != "option":
            return
        elif tag == "input" and a.get("type") not in ("submit", "button", "reset", "image"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.form[a["name"]] = a.get("value", "on" if a.get("type") == "checkbox" else "")
        elif tag == "textarea":
            self.textarea = a["name"]
            self.form[a["name"]] = ""
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and (self.select not in self.form or "selected" in a):
            self.form[self.select] = a.get("value", "")  # the first option, or the selected

    def handle_data(self, data):
        if self.textarea:
            self.form[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


class FromAddress(HTTPAdapter):
    """Connections made from one loopback address."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, source_address=(self.address, 0), **kwargs)


@dataclass
class Submission:
    """One press of Send, and what the site answered."""

    address: str
    email: str
    slug: str
    status: int
    page: str = ""
    retry_after: str = ""
    public_id: str = ""  # of the letter stored, when it was


@dataclass
class Browser:
    site: str
    address: str
    session: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self):
        self.session.mount("http://", FromAddress(self.address))

    def get(self, path: str) -> requests.Response:
        response = self.session.get(self.site + path, timeout=60)
        assert response.status_code == 200, (path, response.status_code)
        return response

    def review(self, slug: str, person: dict) -> dict:
        """The campaign page's form, filled in and reviewed: the review's form to send."""
        page = self.get(f"/en/campaigns/{slug}/").text
        action = f"/en/campaigns/{slug}/review/"
        review = self.session.post(
            self.site + action, data=FormReader(page).forms[action] | person, timeout=60
        )
        assert review.status_code == 200, review.text[:3000]
        return FormReader(review.text).forms[f"/en/campaigns/{slug}/send/"]

    def send(self, slug: str, form: dict) -> Submission:
        response = self.session.post(
            f"{self.site}/en/campaigns/{slug}/send/", data=form, timeout=60, allow_redirects=False
        )
        sent = Submission(self.address, form["email"], slug, response.status_code, response.text)
        sent.retry_after = response.headers.get("Retry-After", "")
        if response.status_code == 302:
            thanks = self.get(response.headers["Location"])
            assert "Your letter is on its way." in thanks.text
            sent.public_id = re.search(r"/letters/([0-9a-f-]{36})/thanks/", thanks.url).group(1)
        return sent


def person(n: int) -> dict:
    return {
        "first_name": f"Sam{n}",
        "last_name": "Tremblay",
        "email": f"supporter{n}@example.com",
        "postal_code": "K1A 0A6",
        "city": "Ottawa",
    }


def pause_after(reviewed: float) -> None:
    """What a person takes to read their letter: the signed time's minimum, and a bit."""
    time.sleep(max(0.0, reviewed + ANTIBOT_MIN_SECONDS + 0.3 - time.monotonic()))


def writes_once(site: str, address: str, n: int, slug: str) -> list[Submission]:
    browser = Browser(site, address)
    form, reviewed = browser.review(slug, person(n)), time.monotonic()
    pause_after(reviewed)
    return [browser.send(slug, form)]


def writes_to_every_campaign(site: str, address: str, n: int) -> list[Submission]:
    """Six tabs, one per letter campaign, one email: the sixth letter is over its limit."""
    browser = Browser(site, address)
    slugs = [HARKAT, OVERSIGHT, *WEEK]
    forms, reviewed = [browser.review(slug, person(n)) for slug in slugs], time.monotonic()
    pause_after(reviewed)
    return [browser.send(slug, form) for slug, form in zip(slugs, forms, strict=True)]


def sends_at_once(site: str, address: str, n: int, slug: str) -> list[Submission]:
    """Send pressed with no time to read: refused, the review again; then sent."""
    browser = Browser(site, address)
    form, reviewed = browser.review(slug, person(n)), time.monotonic()
    hasty = browser.send(slug, form)
    assert hasty.status == 200, hasty.status
    pause_after(reviewed)
    return [hasty, browser.send(slug, FormReader(hasty.page).forms[f"/en/campaigns/{slug}/send/"])]


def writes_twice(site: str, addresses: tuple[str, str], n: int, slug: str) -> list[Submission]:
    """The same person writes again to the same campaign, from another browser."""
    first = writes_once(site, addresses[0], n, slug)
    return first + writes_once(site, addresses[1], n, slug)


class Organizer(threading.Thread):
    """Downloads the reports' CSV exports until told to stop: first the Harkat campaign's
    supporter list over a slow connection (the site streams it, reading the database
    as the organizer reads the file), then the figures, one after another."""

    SUPPORTERS = f"/en/reports/campaigns/{HARKAT}/supporters.csv"
    EXPORTS = [
        "/en/reports/export.csv?kind=per_campaign",
        "/en/reports/export.csv?kind=per_day",
        "/en/reports/export.csv?kind=per_province",
    ]

    def __init__(self, site: str):
        super().__init__()
        self.session = requests.Session()
        login = self.session.get(f"{site}/admin/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
        self.session.post(
            f"{site}/admin/login/?next=/admin/",
            data={"username": "oscar", "password": PASSWORD, "csrfmiddlewaretoken": token},
            timeout=30,
        )
        self.site, self.done = site, threading.Event()
        self.downloads: list[tuple[str, int, str, int]] = []  # path, status, type, rows

    def run(self):
        self.download(self.SUPPORTERS, slowly=True)
        for path in itertools.cycle(self.EXPORTS):
            if self.done.is_set():
                return
            self.download(path)

    def download(self, path: str, *, slowly: bool = False) -> None:
        started = time.monotonic()
        response = self.session.get(self.site + path, timeout=60, stream=True)
        text = b""
        for block in response.iter_content(16 * 1024):
            text += block
            if slowly:
                time.sleep(0.2)  # 80 kB a second
        rows = list(csv.reader(io.StringIO(text.decode())))
        kind = response.headers.get("Content-Type", "")
        self.downloads.append((path, response.status_code, kind, len(rows)))
        if slowly:
            print(f"\n{path}: {len(text) / 1e6:.1f} MB in {time.monotonic() - started:.1f} s")


def mail_by_letter(
    folder: Path, *, secret: str, public_ids: set[str]
) -> dict[str, list[email.message.Message]]:
    """The messages the file backend wrote to var/mail/, by the public id of the letter
    whose opaque reference (X-Letter-Ref, made with the site's secret) they carry."""
    ids_by_ref = {mail_ref(public_id, secret=secret): public_id for public_id in public_ids}
    letters: dict[str, list] = {}
    for path in folder.glob("*.log"):
        for chunk in path.read_text().split("\n" + "-" * 79 + "\n"):
            message = email.message_from_string(chunk.strip("\n"))
            if ref := message["X-Letter-Ref"]:
                letters.setdefault(ids_by_ref.get(ref, ref), []).append(message)
    return letters


def site_secret(checkout: Path) -> str:
    """The SECRET_KEY make run wrote to the checkout's .env."""
    return site_setting(checkout, "SECRET_KEY")


def site_setting(checkout: Path, name: str) -> str:
    """A variable make run wrote to the checkout's .env."""
    env = (checkout / ".env").read_text()
    return re.search(rf"^{name}=(.*)$", env, flags=re.M).group(1)


def site_keyring(checkout: Path) -> Keyring:
    """The keys that seal the site's personal data (make run wrote them to its .env)."""
    keys = site_setting(checkout, "FIELD_ENCRYPTION_KEYS").split(",")
    return Keyring([parse_key(key) for key in keys])


def recipients(messages: list[email.message.Message]) -> list[str]:
    found = []
    for message in messages:
        for header in ("To", "Cc"):
            found += [a.lower() for _, a in email.utils.getaddresses(message.get_all(header, []))]
    return found


def deliveries(path: Path, keyring: Keyring) -> dict[str, list[tuple[str, str]]]:
    """Each new letter's deliveries in the site's database: (address, state), the
    sealed addresses opened with the site's keys; the earlier supporters left out."""
    database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = database.execute(
        "SELECT l.public_id, l.email, d.address, d.state FROM letters_letter l "
        "LEFT JOIN letters_delivery d ON d.letter_id = l.id"
    )
    found: dict[str, list] = {}
    for public_id, sealed_email, sealed_address, state in rows:
        if keyring.decrypt(sealed_email, b"letters.letter.email").startswith(b"earlier"):
            continue
        address = sealed_address and keyring.decrypt(sealed_address, b"letters.delivery.address")
        address = address.decode().lower() if address else None
        found.setdefault(str(uuid.UUID(public_id)), []).append((address, state))
    database.close()
    return found


def all_recorded(path: Path, keyring: Keyring) -> bool:
    """Every delivery's outcome is recorded (none queued, none claimed and unrecorded)."""
    states = {state for rows in deliveries(path, keyring).values() for _, state in rows}
    return states <= {"sent"}


def flood(site: Site) -> list[Submission]:
    """150 presses of Send: 100 from ONE_ADDRESS, 50 from addresses of their own."""
    others = (f"127.0.0.{n}" for n in itertools.count(2))
    numbers = itertools.count(1)
    slugs = itertools.cycle([HARKAT, OVERSIGHT])
    url = site.url
    jobs = [(writes_to_every_campaign, url, ONE_ADDRESS, next(numbers)) for _ in range(5)]
    # Long jobs first, the rest shuffled: ones and others arrive mixed.
    rest = [(sends_at_once, url, ONE_ADDRESS, next(numbers), next(slugs)) for _ in range(5)]
    rest += [(writes_once, url, ONE_ADDRESS, next(numbers), next(slugs)) for _ in range(60)]
    rest += [
        (writes_twice, url, (next(others), next(others)), next(numbers), next(slugs))
        for _ in range(5)
    ]
    rest += [(writes_once, url, next(others), next(numbers), next(slugs)) for _ in range(40)]
    random.Random(13).shuffle(rest)
    with ThreadPoolExecutor(max_workers=24) as pool:
        done = [pool.submit(job, *args) for job, *args in jobs + rest]
        return [sent for future in done for sent in future.result()]


def test_it_holds_a_flood_of_letters_while_an_organizer_exports(tmp_path):
    site = Site(fresh_checkout(tmp_path / "advocacy"), REPRESENT_URL="http://127.0.0.1:9")
    try:
        setup = site.manage("shell", "-c", STAFF_SETUP)
        assert setup.returncode == 0, setup.stderr
        organizer = Organizer(site.url)
        organizer.start()
        started = time.monotonic()
        try:
            submissions = flood(site)
        finally:
            seconds = time.monotonic() - started
            organizer.done.set()
            organizer.join(timeout=60)

        statuses = sorted({s.status for s in submissions})
        accepted = [s for s in submissions if s.status == 302]
        over_limit = [s for s in submissions if s.status == 429]
        answered = [s for s in submissions if s.status == 200]
        assert len(submissions) == 150
        assert sum(s.address == ONE_ADDRESS for s in submissions) == 100
        assert seconds < 60, f"150 submissions took {seconds:.0f} s"
        assert statuses == [200, 302, 429], statuses  # no 500, nothing unexplained
        assert len(accepted) == 135

        # The sixth letter of each of the five who wrote to every campaign: 429, with
        # when to try again, the reason and what they typed, ready to send again.
        assert len(over_limit) == 5
        for refused in over_limit:
            assert refused.slug == WEEK[-1] and refused.address == ONE_ADDRESS
            assert OVER_LIMIT in refused.page
            assert int(refused.retry_after) > 0
            assert f'value="{refused.email}"' in refused.page
            assert "Send my letter" in refused.page
        # Sent with no time to read, or a second letter to the same campaign: the page
        # says so (and the hasty got their review again, sent a moment later).
        assert sum(TOO_FAST in s.page for s in answered) == 5
        assert sum(ALREADY in s.page for s in answered) == 5

        supporters, *figures = organizer.downloads
        assert supporters[:3] == (Organizer.SUPPORTERS, 200, "text/csv; charset=utf-8")
        assert supporters[3] > EARLIER  # the header, the earlier letters, the first new ones
        assert figures, "the organizer downloaded nothing else during the flood"
        for path, status, kind, rows in figures:
            assert (status, kind) == (200, "text/csv; charset=utf-8"), path
            assert rows >= 1, path  # the header, at least

        # Every accepted letter reaches each of its recipients once (the ministers and
        # the campaign's Cc in one message); nothing was stored for what was refused.
        mail = site.checkout / "var" / "mail"
        ids = {s.public_id for s in accepted}
        database = site.checkout / "db.sqlite3"
        by_letter = partial(mail_by_letter, secret=site_secret(site.checkout), public_ids=ids)
        keyring = site_keyring(site.checkout)
        wait_until(
            lambda: ids <= set(by_letter(mail)) and all_recorded(database, keyring),
            timeout=60,
            what="the delivery loop to send every accepted letter",
            log=site.log,
        )
        sent = by_letter(mail)
        assert set(sent) == ids
        stored = deliveries(database, keyring)
        assert set(stored) == ids
        for public_id, rows in stored.items():
            assert {state for _, state in rows} == {"sent"}
            assert sorted(recipients(sent[public_id])) == sorted(a for a, _ in rows)
            assert GOODALE in recipients(sent[public_id])

        # Nothing died and nothing had to be restarted.
        output = site.output()
        assert site.proc.poll() is None
        assert requests.get(f"{site.url}/healthz", timeout=10).text == "ok"
        started_pids = [
            int(p) for p in re.findall(r"bin/run: started the .* \(pid (\d+)\)", output)
        ]
        assert len(started_pids) == 2, output[-3000:]
        for pid in started_pids:
            os.kill(pid, 0)  # still running
        assert "Traceback" not in output
        assert "database is locked" not in output
        print(
            f"\n150 submissions in {seconds:.1f} s ({150 / seconds:.1f}/s), "
            f"{len(accepted)} accepted, {len(over_limit)} answered 429, "
            f"{len(organizer.downloads)} CSV downloads"
        )
    finally:
        site.stop()
