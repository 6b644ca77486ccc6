import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from campaigns.models import Campaign, CoSigner, LetterTemplate, Target
from letters.models import Letter

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
# Days to move the whole session's clock ahead (make test's second pass): a test
# that builds its data from the real date and travels to a fixed one fails here
# before that date comes round for everyone.
TEST_CLOCK_SHIFT_DAYS = float(os.environ.get("TEST_CLOCK_SHIFT_DAYS") or 0)


LOGS = pytest.StashKey[list[Path]]()
LOG_LINES = 400  # of each log, in a failed test's report


def show_log_if_failed(request, path: Path) -> None:
    """Put the end of a process's log (a Celery worker's, gunicorn's) in the test's
    report if it fails: in CI the report is all that is left of the run."""
    request.node.stash.setdefault(LOGS, []).append(path)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        for path in item.stash.get(LOGS, []):
            lines = path.read_text(errors="replace").splitlines() if path.exists() else []
            tail = "\n".join(lines[-LOG_LINES:])
            report.sections.append((f"{path.name}, last {LOG_LINES} lines ({path})", tail))
    return report


def skip_or_fail(reason: str) -> None:
    """A missing service skips the test, or fails it under REQUIRE_SERVICES=1."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def shifted_clock():
    """The clock TEST_CLOCK_SHIFT_DAYS ahead for the whole session, still ticking.

    Processes a test starts (Celery workers, bin/run) keep the real clock, so the
    shifted pass leaves out the tests marked `services` (see the Makefile).
    """
    if not TEST_CLOCK_SHIFT_DAYS:
        yield
        return
    import time_machine

    with time_machine.travel(timedelta(days=TEST_CLOCK_SHIFT_DAYS), tick=True):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in English: a request to a /fr/ page leaves French active in
    the thread, and the next test's emails and addresses would follow it."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def redis_trusted_again():
    """A test that made Redis fail leaves no mark: this process trusts it again, and
    no wake-up flag whose task was never published holds back the next test's letters
    (with REDIS_URL set, the tests' cache is a Redis they share)."""
    from django.core.cache import cache

    from advocacy.shared_cache import redis_recovered
    from letters.delivery import KICK_KEY

    redis_recovered()
    yield
    redis_recovered()
    cache.delete(KICK_KEY)


@pytest.fixture(autouse=True)
def organization_unwritten():
    """Each test starts as a fresh database does, with no Organization row, and the
    identity cache says so (campaigns/identity.py): pages pay no query for it, as in
    production once the cache is warm, and no organization saved by an earlier test
    (rolled back, so no signal dropped it) shows in this one."""
    unwrite_organization()


@pytest.fixture
def organization(db):
    """The organization's identity as staff write it, in both languages."""
    from campaigns.models import Organization

    return Organization.objects.create(
        full_name_en="International Civil Liberties Monitoring Group",
        full_name_fr="Coalition pour la surveillance internationale des libertés civiles",
        short_name_en="ICLMG",
        short_name_fr="CSILC",
        mailing_address_en="1 Example Street, Suite 100\nOttawa ON  K1A 0B1",
        mailing_address_fr="100-1, rue Exemple\nOttawa (Ontario)  K1A 0B1",
        contact_email="info@iclmg.example",
        contact_url_en="https://iclmg.example/contact/",
        contact_url_fr="https://iclmg.example/fr/contact/",
    )


def unwrite_organization() -> None:
    """The identity cache as an empty Organization table leaves it (after a cache.clear())."""
    from django.core.cache import cache

    from campaigns.identity import CACHE_KEY, default_identities

    cache.set(CACHE_KEY, default_identities(), None)


@pytest.fixture(autouse=True)
def webhook_endpoints_forgotten():
    """The cached list of webhook endpoints never outlives the test that made them (the
    rollback does not touch the cache). Each test starts with none, and the cache knows
    it, as a running site's does: query budgets count what a letter costs then."""
    import time

    from webhooks import services

    services._local = (time.monotonic() + 3600, [])
    yield
    services.forget_endpoints()


@pytest.fixture
def postgres():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        skip_or_fail("DATABASE_URL does not point to PostgreSQL")


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    if not url:
        skip_or_fail("REDIS_URL is not set")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        skip_or_fail(f"Redis at {url} does not answer: {exc}")
    return url


@pytest.fixture
def minister_goodale(db):
    return Target.objects.create(
        name="Ralph Goodale",
        title="Minister of Public Safety",
        salutation="Minister Goodale",
        email="ralph.goodale@parl.gc.ca",
        postal_address="House of Commons\nOttawa ON  K1A 0A6",
    )


@pytest.fixture
def minister_mccallum(db):
    return Target.objects.create(
        name="John McCallum",
        title="Minister of Immigration",
        salutation="Minister McCallum",
        email="john.mccallum@parl.gc.ca",
    )


def make_campaign(**overrides) -> Campaign:
    values = {
        "title": "Stop the deportation",
        "slug": "stop-the-deportation",
        "summary": "Write to the ministers today.",
        "story": "<p>The story.</p>",
        "status": Campaign.Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(days=1),
        "goal": 100,
    }
    values.update(overrides)
    return Campaign.objects.create(**values)


def make_letter_campaign(*targets: Target, **overrides) -> Campaign:
    """An open letter campaign to the targets with a Cc to the campaign's address.

    Published a day before the clock's now: a test that travels in time calls it inside
    the travel, so the campaign is open whatever the real date.
    """
    campaign = make_campaign(**overrides)
    template = LetterTemplate.objects.create(
        campaign=campaign,
        subject="Let {first_name}'s neighbour stay",
        body="I write[ from {city}] to ask you to stop this deportation.",
        cc_addresses="campaign@example.org",
    )
    template.targets.set(targets)
    return campaign


@pytest.fixture
def campaign(db, minister_goodale, minister_mccallum):
    """An open letter campaign to two ministers with a Cc to the campaign's address."""
    return make_letter_campaign(minister_goodale, minister_mccallum)


@pytest.fixture
def closed_campaign(db, minister_goodale):
    campaign = make_campaign(
        title="An old action",
        slug="an-old-action",
        status=Campaign.Status.CLOSED,
        result="<p>We won.</p>",
        letter_count=812,
    )
    template = LetterTemplate.objects.create(campaign=campaign, subject="Old", body="Old body.")
    template.targets.set([minister_goodale])
    return campaign


@pytest.fixture
def draft_campaign(db, minister_goodale):
    campaign = make_campaign(title="Not yet", slug="not-yet", status=Campaign.Status.DRAFT)
    LetterTemplate.objects.create(campaign=campaign, subject="Draft", body="Draft body.")
    return campaign


def letter_data(**overrides) -> dict:
    """What a supporter types into the letter form."""
    data = {
        "first_name": "Jane",
        "last_name": "Doe",
        "email": "jane@example.com",
        "postal_code": "k1a0a6",
        "city": "Ottawa",
        "subject": "Let Jane's neighbour stay",
        "body": "I write from Ottawa to ask you to stop this deportation.",
    }
    data.update(overrides)
    return data


def make_letter(campaign: Campaign, **overrides) -> Letter:
    """A letter as the send stores it and the delivery worker's next pass leaves it:
    an accepted one with its deliveries, queued."""
    from letters import services

    data = letter_data(**overrides)
    data["postal_code"] = data["postal_code"].upper().replace(" ", "")
    data["postal_code"] = f"{data['postal_code'][:3]} {data['postal_code'][3:]}"
    letter = services.submit_letter(campaign, template=campaign.letter_templates.first(), **data)
    return created_deliveries(letter)


def created_deliveries(letter: Letter) -> Letter:
    """The letter once the delivery worker created the deliveries it awaited (none
    are sent: that is the next step of the same pass)."""
    from letters import services

    if letter.awaiting_deliveries:
        services.create_awaited_deliveries(letter_ids=[letter.pk])
        letter.refresh_from_db()
    return letter


@pytest.fixture
def abuse_checks(settings):
    """Rate limits and the minimum fill time switched on (test settings keep them off)."""
    from django.core.cache import cache

    settings.RATELIMIT_ENABLED = True
    settings.ANTIBOT_MIN_SECONDS = 3
    cache.clear()
    unwrite_organization()
    yield settings
    cache.clear()


def signed_start(seconds_ago: int = 60) -> str:
    """The hidden field a letter form carries: shown seconds_ago."""
    import time

    from advocacy.forms import antibot_token

    return antibot_token(now=time.time() - seconds_ago)


def review_stamp_for(client, campaign, *, email: str = "jane@example.com", seconds_ago=60) -> str:
    """The signed time a review page gives this client (its CSRF cookie) for this letter,
    as if shown seconds_ago: the send steps check it when abuse checks are on."""
    import secrets
    import time

    from advocacy.forms import review_stamp

    if "csrftoken" not in client.cookies:
        client.cookies["csrftoken"] = secrets.token_hex(16)  # a CSRF secret: 32 characters
    return review_stamp(
        letter=f"{campaign.pk}:{email.strip().lower()}",
        visitor=client.cookies["csrftoken"].value,
        now=time.time() - seconds_ago,
    )


def restore_roles() -> None:
    """Put back the role groups the migrations made, after a transactional test's flush
    emptied them: replay the migrations' steps that grant them (get_or_create, safe to
    run again), with the historical models as a migration gets them."""
    import inspect

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection)
    state_apps = loader.project_state().apps
    plan = []
    for leaf in loader.graph.leaf_nodes():
        plan += [key for key in loader.graph.forwards_plan(leaf) if key not in plan]
    for key in plan:
        for operation in loader.graph.nodes[key].operations:
            if isinstance(operation, RunPython) and "Group" in inspect.getsource(operation.code):
                operation.code(state_apps, None)


def make_staff(username: str, group: str):
    """A staff member in one of the role groups the roles migration creates."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(
        username=username,
        email=f"{username}@iclmg.example",
        password="correct horse battery staple",
        first_name=username.capitalize(),
        is_staff=True,
    )
    if not Group.objects.filter(name=group).exists():
        restore_roles()  # an earlier live-server test's flush took them
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return make_staff("edith", "Editors")


@pytest.fixture
def organizer(db):
    return make_staff("oscar", "Organizers")


# The supporter's MP: a fake Represent, the reference data, MPs in three BC ridings.


@pytest.fixture
def represent(settings):
    """A fake Represent on loopback; REPRESENT_URL points at it and the cache starts empty."""
    from django.core.cache import cache

    from tests.represent_fake import FakeRepresent

    cache.clear()
    unwrite_organization()
    with FakeRepresent() as fake:
        settings.REPRESENT_URL = fake.url
        settings.REPRESENT_TIMEOUT = 0.3
        yield fake
    cache.clear()


@pytest.fixture
def shipped_data():
    """The directory's files shipped with the site (campaigns/data/)."""
    from campaigns.directory import DATA_DIR

    return DATA_DIR


@pytest.fixture
def mp_directory(db):
    """The 343 ridings and MPs shipped with the site, loaded as load_demo loads them."""
    from campaigns import services
    from campaigns.directory import MPS_CSV, RIDINGS_CSV, read_mps_csv, read_ridings_csv

    services.import_ridings(records=read_ridings_csv(RIDINGS_CSV))
    services.sync_mps(records=read_mps_csv(MPS_CSV))
    return {t.riding.code: t for t in Target.objects.sitting_mps().select_related("riding")}


@pytest.fixture
def bc_mps(db):
    """Three sitting MPs of Richmond and Vancouver, by riding number."""
    from campaigns.models import Riding

    mps = {}
    for code, riding_name, name, email, party in [
        ("59027", "Richmond Centre—Marpole", "Chak Au", "chak.au@parl.gc.ca", "Conservative"),
        ("59028", "Richmond East—Steveston", "Parm Bains", "parm.bains@parl.gc.ca", "Liberal"),
        ("59035", "Vancouver Centre", "Hedy Fry", "hedy.fry@parl.gc.ca", "Liberal"),
    ]:
        riding = Riding.objects.create(code=code, name=riding_name, province="BC")
        mps[code] = Target.objects.create(name=name, email=email, party=party, riding=riding)
    return mps


@pytest.fixture
def mp_campaign(db, minister_goodale):
    """An open campaign whose letter goes to the supporter's MP and the minister."""
    campaign = make_campaign(
        title="Uphold the right to dissent", slug="uphold-the-right-to-dissent"
    )
    template = LetterTemplate.objects.create(
        campaign=campaign,
        subject="Uphold the right to dissent",
        body="As your constituent in {riding}, I ask you, {mp_name}, to vote against the motion.",
        to_supporters_mp=True,
    )
    template.targets.set([minister_goodale])
    return campaign


@pytest.fixture
def statement(db):
    """A joint statement with its own action: a letter to the supporter's MP."""
    campaign = make_campaign(
        title="Uphold the right to dissent",
        slug="uphold-the-right-to-dissent",
        kind=Campaign.Kind.STATEMENT,
        story="<p>We stand together for the right to dissent.</p>",
        action_title="Tell your MP you oppose the anti-Boycott motion!",
    )
    LetterTemplate.objects.create(
        campaign=campaign,
        subject="Oppose the motion",
        body="I oppose the motion.",
        to_supporters_mp=True,
    )
    for position, name in enumerate(["Canadian Labour Congress", "United Church of Canada"]):
        CoSigner.objects.create(
            campaign=campaign,
            name=name,
            url="https://example.org/",
            position=position,
            status=CoSigner.Status.APPROVED,
        )
    return campaign


# Partners (the partners app): a coalition member whose link brings supporters.


@pytest.fixture
def partner(db):
    from partners.models import Partner

    return Partner.objects.create(
        name_en="BC Civil Liberties Association",
        name_fr="Association des libertés civiles de la C.-B.",
        slug="bccla",
        website="https://bccla.example",
    )


@pytest.fixture
def other_partner(db):
    from partners.models import Partner

    return Partner.objects.create(name_en="Amnesty Canada", slug="amnesty")
