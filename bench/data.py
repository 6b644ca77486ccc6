"""Realistic data, loaded fast: 100 campaigns, one of them viral with a million letters
and their deliveries, written by PostgreSQL itself (INSERT ... SELECT generate_series),
never row by row through the ORM. The supporters' personal data is sealed here as the
site seals it (advocacy/crypto.py) and copied in (COPY), then joined in by row number."""

import os
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Exists, Model, OuterRef, Q
from django.utils import timezone

from advocacy import crypto
from bench import before
from campaigns.models import Campaign, LetterTemplate, Target
from letters.models import Delivery, Letter, supporter_line

CAMPAIGNS = 100
VIRAL_LETTERS = int(os.environ.get("BENCH_LETTERS", 1_000_000))  # fewer: a quick trial run
LETTERS_PER_CAMPAIGN = 200  # the 99 others
VIRAL_SLUG = "stop-the-deportation-of-the-ahmed-family"

STORY = "".join(
    f"<p>Paragraph {n}: the family arrived in 2016, the children go to school in Montréal, "
    "and the Canada Border Services Agency has set a removal date. Their lawyer filed a "
    "request for a stay; the minister can still intervene. <strong>Write today.</strong> "
    '<a href="https://iclmg.ca/">Read more</a>.</p>'
    for n in range(12)
)  # about 3 KB: a campaign story as staff write them
LETTER_BODY = (
    "I am writing to ask you to stop the deportation of the Ahmed family. "
    "They have built their lives here; their children know no other home. "
    "Removing them to a country where they face persecution would break Canada's "
    "obligations under the Refugee Convention and the Charter. Please use your "
    "discretion and grant them a stay while their application is reviewed.\n\n"
    "Thank you for your attention to this urgent matter."
)


def load() -> dict:
    """Load everything; returns the viral campaign's id and how long each part took."""
    timings = {}
    started = time.monotonic()
    targets = [
        Target.objects.create(
            name=f"Minister {n}",
            title="Minister of Public Safety" if n % 2 else "Minister of Immigration",
            salutation=f"Minister {n}",
            email=f"minister{n}@parl.example",
        )
        for n in range(20)
    ]
    now = timezone.now()
    campaigns = Campaign.objects.bulk_create(
        Campaign(
            title="Stop the deportation of the Ahmed family" if n == 0 else f"Campaign {n}",
            slug=VIRAL_SLUG if n == 0 else f"campaign-{n:03d}",
            summary="Write to the ministers before the removal date.",
            story=STORY,
            status=Campaign.Status.PUBLISHED if n < 60 else Campaign.Status.CLOSED,
            publish_at=now - timezone.timedelta(days=30 + n),
            goal=1_500_000 if n == 0 else 5000,
            urgent=n == 0,
        )
        for n in range(CAMPAIGNS)
    )
    templates = LetterTemplate.objects.bulk_create(
        LetterTemplate(
            campaign=c,
            subject="Stop the deportation of the Ahmed family",
            body=LETTER_BODY,
            cc_addresses="campaign@iclmg.example",
        )
        for c in campaigns
    )
    for n, template in enumerate(templates):
        template.targets.set([targets[n % 20], targets[(n + 1) % 20]])
    timings["campaigns"] = time.monotonic() - started

    viral, viral_template = campaigns[0], templates[0]
    with transaction.atomic(), connection.cursor() as cursor:
        # The rows are consistent by construction: skip the per-row foreign-key
        # triggers (a superuser's setting, for this transaction only), the slow part.
        cursor.execute("SET LOCAL session_replication_role = replica")
        started = time.monotonic()
        _insert_letters(viral, viral_template, VIRAL_LETTERS)
        _build_plain(cursor, viral, viral_template)
        for campaign, template in zip(campaigns[1:], templates[1:], strict=True):
            _insert_letters(campaign, template, LETTERS_PER_CAMPAIGN)
        timings["letters"] = time.monotonic() - started
        started = time.monotonic()
        _insert_deliveries()
        timings["deliveries"] = time.monotonic() - started

    started = time.monotonic()
    from reports.tallies import reconcile_counts

    # The loaded letters are counted already (tallied); their counters and the
    # reports' tallies are built from them, as the nightly reconciliation would.
    reconcile_counts()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        # The load's gigabytes of dirty pages written out now, not by a checkpoint
        # spread over the first measurements (a viral hour does not follow a bulk load).
        cursor.execute("CHECKPOINT")
    timings["tallies"] = time.monotonic() - started
    return {
        "viral_id": viral.id,
        "viral_slug": viral.slug,
        "letters": VIRAL_LETTERS,
        "timings": timings,
    }


def loaded() -> dict | None:
    """What load() returned, for data an earlier run loaded (None when there is none)."""
    viral = Campaign.objects.filter(slug=VIRAL_SLUG).first()
    if viral is None:
        return None
    return {"viral_id": viral.id, "viral_slug": viral.slug, "letters": VIRAL_LETTERS, "timings": {}}


POSTAL_CODES = ["K1A 0A6", "H2X 1Y4", "M5V 2T6", "V6B 4Y8", "T2P 1J9"]
CITIES = ["Ottawa", "Montréal", "Toronto", "Vancouver", "Calgary"]


def _supporter(g: int, subject: str, now: datetime) -> dict:
    return {
        "first_name": "Supporter",
        "last_name": f"No. {g}",
        "email": f"supporter{g}@example.org",
        "province": ("ON", "QC", "ON", "BC", "AB")[g % 5],
        "news_opt_in": g % 3 == 0,
        "created_at": now - timedelta(seconds=g % 2592000),
        "postal_code": POSTAL_CODES[g % 5],
        "city": CITIES[g % 5],
        "subject": subject,
        "body": LETTER_BODY,
    }


SEALED = ["first_name", "last_name", "email", "postal_code", "city", "subject", "body"]
# What INSERT ... SELECT takes from bench_sealed (s), joined on the row number g.
# The plain columns the supporter list's sealed line also holds come from there too.
LINE = ["province", "news_opt_in", "created_at"]
SEALED_EXPRS = {c: f"s.{c}" for c in [*SEALED, "email_index", "supporter_row", *LINE]}


def copy_sealed(cursor, count: int, person: Callable[[int], dict]) -> None:
    """A temporary table bench_sealed: for g in 1..count, the personal data of
    person(g) sealed as the site seals it, its blind index and its sealed line of the
    supporter list, with the province, news opt-in and time that line holds, copied in
    at once (COPY)."""
    ring = crypto.keyring()
    aads = [f"letters.letter.{c}".encode() for c in SEALED]
    row_aad = b"letters.letter.supporter_row"
    cursor.execute("DROP TABLE IF EXISTS bench_sealed")
    cursor.execute(
        "CREATE TEMP TABLE bench_sealed (g bigint PRIMARY KEY, "
        + ", ".join(f"{c} bytea" for c in SEALED)
        + ", email_index text, supporter_row bytea"
        + ", province text, news_opt_in boolean, created_at timestamptz)"
    )
    with cursor.cursor.copy("COPY bench_sealed FROM STDIN") as copy:
        for g in range(1, count + 1):
            p = person(g)
            line = supporter_line(
                *(p[c] for c in ["first_name", "last_name", "email"]),
                p["postal_code"],
                *(p[c] for c in LINE),
            )
            copy.write_row(
                (
                    g,
                    *[
                        ring.encrypt(p[c].encode(), aad) if p[c] else b""
                        for c, aad in zip(SEALED, aads, strict=True)
                    ],
                    crypto.blind_index(p["email"]),
                    ring.encrypt(line.encode(), row_aad),
                    *(p[c] for c in LINE),
                )
            )


def _build_plain(cursor, campaign: Campaign, template: LetterTemplate) -> None:
    """The viral campaign's letters as letters_letter held them before encryption: the
    supporter list's "before" figure (bench/before.py)."""
    codes = ", ".join(f"'{c}'" for c in POSTAL_CODES)
    cities = ", ".join(f"'{c}'" for c in CITIES)
    before.build(
        cursor,
        campaign.id,
        {
            "first_name": "'Supporter'",
            "last_name": "'No. ' || g",
            "email": "'supporter' || g || '@example.org'",
            "postal_code": f"(ARRAY[{codes}])[mod(g, 5) + 1]",
            "city": f"(ARRAY[{cities}])[mod(g, 5) + 1]",
            "street_address": "''",
            "subject": "%(subject)s",
            "body": "%(body)s",
        },
        {"subject": template.subject, "body": LETTER_BODY},
    )


def _insert_letters(campaign: Campaign, template: LetterTemplate, count: int) -> None:
    """Letters sent over the last 30 days, by supporters across the country."""
    with connection.cursor() as cursor:
        now = timezone.now()
        copy_sealed(cursor, count, lambda g: _supporter(g, template.subject, now))
    _insert_select(
        Letter,
        {
            "public_id": "gen_random_uuid()",
            # Unique per letter: the model's defaults are drawn once per INSERT here.
            "link_key": "replace(gen_random_uuid()::text, '-', '')",
            "referral_code": "left(replace(gen_random_uuid()::text, '-', ''), 16)",
            "campaign_id": "%(campaign)s",
            "template_id": "%(template)s",
            "state": "'accepted'",
            **SEALED_EXPRS,
            "confirmed_at": "NULL",
            "tallied": "true",
        },
        # In the order of g, as the loader always wrote them (the join would shuffle them).
        "FROM generate_series(1, %(count)s) AS g JOIN bench_sealed s USING (g) ORDER BY g",
        {"campaign": campaign.id, "template": template.id, "count": count},
    )


def _insert_deliveries() -> None:
    """Every letter's deliveries, already sent: its targets and the campaign's Cc."""
    select = (
        "FROM letters_letter l"
        " JOIN campaigns_lettertemplate_targets tt ON tt.lettertemplate_id = l.template_id"
        " JOIN campaigns_target t ON t.id = tt.target_id"
    )
    common = {
        "letter_id": "l.id",
        "state": "'sent'",
        "attempts": "1",
        "next_attempt_at": "l.created_at",
        "created_at": "l.created_at",
        "sent_at": "l.created_at + interval '2 seconds'",
        "updated_at": "l.created_at + interval '2 seconds'",
        "tallied_state": "'sent'",
    }
    # The targets' names and addresses sealed once per target, as the site seals them
    # (each delivery would have its own nonce; the bytes to store are the same size).
    targets = {t.pk: t for t in Target.objects.all()}
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_targets")
        cursor.execute("CREATE TEMP TABLE bench_targets (id bigint, name bytea, address bytea)")
        for t in targets.values():
            cursor.execute(
                "INSERT INTO bench_targets VALUES (%s, %s, %s)",
                [t.pk, _seal(t.name, "delivery.name"), _seal(t.email, "delivery.address")],
            )
    to = {"kind": "'to'", "target_id": "t.id", "name": "bt.name", "address": "bt.address"}
    select += " JOIN bench_targets bt ON bt.id = t.id"
    _insert_select(Delivery, common | to, select, {})
    cc = {
        "kind": "'cc'",
        "name": "''::bytea",
        "address": "%(cc)s",
    }
    cc_address = _seal("campaign@iclmg.example", "delivery.address")
    _insert_select(Delivery, common | cc, "FROM letters_letter l", {"cc": cc_address})


def _seal(text: str, column: str) -> bytes:
    return crypto.encrypt(text, column=f"letters.{column}")


def _insert_select(model: type[Model], exprs: dict, from_sql: str, params: dict) -> None:
    """INSERT ... SELECT with an SQL expression per column; columns not given get the
    model's default, so a field another branch adds never breaks the loader."""
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        column = field.column
        if field.name in exprs or column in exprs:
            columns.append(column)
            values.append(exprs.get(field.name, exprs.get(column)))
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            columns.append(column)
            values.append("now()")
        elif field.has_default():
            key = f"default_{column}"
            params[key] = field.get_db_prep_save(field.get_default(), connection)
            columns.append(column)
            values.append(f"%({key})s")
        elif not field.null:
            columns.append(column)
            values.append("''")  # a NOT NULL text field without a default
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} {from_sql}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def submitted_letters(campaign_id: int, marker: str):
    """The letters the bench submitted over HTTP to a campaign (the loaded ones have no
    IP hash) whose address contains marker ("-w": wrk's, "spike…": the spike's). The
    addresses are encrypted: they are compared here, not in the database."""
    letters = Letter.objects.filter(campaign_id=campaign_id).exclude(ip_hash="")
    ids = [x.pk for x in letters.only("id", "email") if marker in (x.email or "")]
    return Letter.objects.filter(pk__in=ids)


def unsent(letters):
    """Of these letters, those not wholly sent yet: still awaiting their deliveries (the
    delivery worker creates them), or with a delivery not handed to the server."""
    pending = Delivery.objects.filter(letter=OuterRef("pk")).exclude(
        state__in=[Delivery.State.SENT, Delivery.State.DELIVERED]
    )
    return letters.filter(Q(awaiting_deliveries=True) | Exists(pending))
