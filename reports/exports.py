"""CSV exports: what each kind holds, and how its rows are streamed out.

Rows are read through a server-side cursor (QuerySet.iterator) and written as
they come, a chunk at a time, so memory stays flat and the first bytes leave at
once, whether the export has ten rows or a million. Supporters' personal data is
encrypted at rest (advocacy/crypto.py): it is decrypted here, in Python, and what
they typed is kept from running as a spreadsheet formula (letters.models.formula_safe).
"""

import contextlib
import csv
import operator
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import islice

from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Max,
    Min,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncDate

from advocacy import crypto
from campaigns.models import Campaign
from letters.models import Letter, formula_safe

from . import after_letter
from .figures import in_range, read_transaction, signed_filter, signed_letters, signers_count
from .models import ExportLog

CHUNK_ROWS = 5000  # rows per fetch from the cursor and per chunk sent to the client

HEADERS = {
    ExportLog.Kind.PER_CAMPAIGN: [
        "campaign",
        "title",
        "signers",
        "letters",
        "own_client",
        "first_letter_at",
        "last_letter_at",
    ],
    ExportLog.Kind.PER_DAY: ["campaign", "day", "signers", "letters"],
    ExportLog.Kind.PER_PROVINCE: ["campaign", "province", "signers", "letters"],
    ExportLog.Kind.PER_RIDING: [
        "campaign",
        "riding_number",
        "riding",
        "province",
        "signers",
        "letters",
    ],
    ExportLog.Kind.RESPONSIVENESS: [
        "campaign",
        "target",
        "letters_delivered",
        "supporters_asked",
        "replies_reported",
        "not_yet",
        "no_reply",
        "answered",
        "reply_rate_percent",
    ],
    ExportLog.Kind.CALLS_PER_DAY: [
        "campaign",
        "day",
        "target",
        "reached",
        "voicemail",
        "unavailable",
        "calls",
    ],
    ExportLog.Kind.PER_SOURCE: [
        "campaign",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "partner",
        "embedded",
        "signers",
        "letters",
    ],
    ExportLog.Kind.PER_REFERRER: ["campaign", "referral_code", "letters"],
    ExportLog.Kind.SUPPORTERS: [
        "first_name",
        "last_name",
        "email",
        "postal_code",
        "province",
        "news_opt_in",
        "signed_on",
    ],
}

# The figures anyone who sees reports may export (the personal-data lists have their own
# views; the API's reads are logged here, not exported from here).
COUNT_KINDS = [
    k
    for k in ExportLog.Kind
    if k
    not in (
        ExportLog.Kind.SUPPORTERS,
        ExportLog.Kind.SUBSCRIBERS,
        ExportLog.Kind.API_PEOPLE,
        ExportLog.Kind.PARTNER_SUPPORTERS,
    )
]


def export_rows(
    kind: str,
    *,
    campaign: Campaign | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet:
    """The rows of one export, as a values_list() queryset in the order of HEADERS[kind]."""
    if kind == ExportLog.Kind.PER_CAMPAIGN:
        return _per_campaign(campaign, date_from, date_to)
    if kind == ExportLog.Kind.RESPONSIVENESS:
        # Since the campaign began, as the public pages show it: a reply is not dated
        # by the letter it answers.
        return after_letter.responsiveness_rows(campaign)
    if kind == ExportLog.Kind.CALLS_PER_DAY:
        return after_letter.calls_per_day_rows(campaign, date_from=date_from, date_to=date_to)
    letters = signed_letters()
    if campaign is not None:
        letters = letters.filter(campaign=campaign)
    letters = in_range(letters, date_from, date_to)
    if kind == ExportLog.Kind.SUPPORTERS:
        return _supporters(letters)
    if kind == ExportLog.Kind.PER_REFERRER:
        return (
            letters.exclude(referred_by="")
            .values("campaign__slug", "referred_by")
            .annotate(letters=Count("id"))
            .order_by("campaign__slug", "-letters", "referred_by")
            .values_list("campaign__slug", "referred_by", "letters")
        )
    groups = {
        ExportLog.Kind.PER_SOURCE: [
            "campaign__slug",
            "utm_source",
            "utm_medium",
            "utm_campaign",
            "partner_slug",
            "embedded",
        ],
        ExportLog.Kind.PER_DAY: ["campaign__slug", "day"],
        ExportLog.Kind.PER_PROVINCE: ["campaign__slug", "province"],
        ExportLog.Kind.PER_RIDING: [
            "campaign__slug",
            "riding__code",
            "riding__name",
            "riding__province",
        ],
    }[kind]
    if kind == ExportLog.Kind.PER_DAY:
        letters = letters.annotate(day=TruncDate("created_at"))
    return (
        letters.values(*groups)
        .annotate(signers=signers_count(), letters=Count("id"))
        .order_by(*[F(g).asc(nulls_last=True) for g in groups])
        .values_list(*groups, "signers", "letters")
    )


def _per_campaign(campaign, date_from, date_to) -> QuerySet:
    # From Campaign, so a campaign without a letter in the period still has its row.
    counted = signed_filter("letters__", date_from, date_to)
    campaigns = Campaign.objects.all()
    if campaign is not None:
        campaigns = campaigns.filter(pk=campaign.pk)
    return (
        campaigns.annotate(
            signers=signers_count("letters__", counted),
            n_letters=Count("letters", filter=counted),
            own_client=Count("letters", filter=counted & Q(letters__state=Letter.State.OWN_CLIENT)),
            first_letter=Min("letters__created_at", filter=counted),
            last_letter=Max("letters__created_at", filter=counted),
        )
        .order_by("slug")
        .values_list(
            "slug", "title", "signers", "n_letters", "own_client", "first_letter", "last_letter"
        )
    )


# The columns of the supporter list a supporter typed (formula_safe on the way out).
SUPPORTERS_TYPED = (0, 1, 2)


def _supporters(letters: QuerySet) -> QuerySet:
    # Erased letters have no one left to list. On PostgreSQL the list is each letter's
    # sealed line (sealed_csv()); these columns are the same list read field by field,
    # the opt-in and the local date as text, for other databases.
    opt_in = Case(
        When(news_opt_in=True, then=Value("yes")), default=Value("no"), output_field=CharField()
    )
    return (
        letters.filter(email__isnull=False, supporter_row__isnull=False)
        .annotate(opt_in=opt_in, signed_on=Cast(TruncDate("created_at"), output_field=CharField()))
        .order_by("created_at", "id")
        .values_list(
            "first_name",
            "last_name",
            "email",
            "postal_code",
            "province",
            "opt_in",
            "signed_on",
        )
    )


class _Lines(list):
    """Where csv.writer writes: one string per row, drained after each chunk."""

    write = list.append  # called once per row: a C method, not a Python one

    def drain(self) -> str:
        text = "".join(self)
        self.clear()
        return text


def _formula_safe_rows(rows: Iterable[tuple], typed: tuple[int, ...]) -> Iterator[tuple]:
    for row in rows:
        row = list(row)
        for i in typed:
            row[i] = formula_safe(row[i])
        yield row


def stream_csv(
    header: list[str],
    rows: QuerySet,
    *,
    on_finish: Callable[[int], None] | None = None,
    prefix: str = "",
    typed: tuple[int, ...] = (),
) -> Iterator[str]:
    """Yield the CSV text a chunk at a time; call on_finish(row_count) after the last row.
    typed: the columns a supporter typed, kept from running as spreadsheet formulas."""
    lines = _Lines()
    writer = csv.writer(lines)
    writer.writerow(header)
    yield prefix + lines.drain()
    count = 0
    # Inside a transaction Django's server-side cursor is declared WITHOUT HOLD and
    # streams; in autocommit it would be WITH HOLD, and PostgreSQL would compute
    # the whole result before sending the first row. (None on SQLite: it would hold
    # the write lock for as long as the download lasts.)
    with read_transaction(rows.db):
        connection = connections[rows.db]
        if connection.vendor == "postgresql":
            # Every row will be read: plan for the whole result, as COPY would, not
            # for the first 10% (PostgreSQL's default for cursors).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        iterator = rows.iterator(chunk_size=CHUNK_ROWS)
        if typed:
            iterator = _formula_safe_rows(iterator, typed)
        while True:
            writer.writerows(islice(iterator, CHUNK_ROWS))
            if not lines:
                break
            count += len(lines)  # csv.writer writes each row in one call
            yield lines.drain()
    if on_finish is not None:
        on_finish(count)


def stream_export(
    kind: str,
    rows: QuerySet,
    *,
    on_finish: Callable[[int], None] | None = None,
) -> Iterator[str | bytes]:
    """The export's CSV, a chunk at a time: the supporter list (the biggest) from its
    sealed rows on PostgreSQL, the cursor and csv.writer otherwise."""
    if kind == ExportLog.Kind.SUPPORTERS:
        if connections[rows.db].vendor == "postgresql":
            return sealed_csv(HEADERS[kind], rows, on_finish=on_finish)
        return stream_csv(HEADERS[kind], rows, on_finish=on_finish, typed=SUPPORTERS_TYPED)
    return stream_csv(HEADERS[kind], rows, on_finish=on_finish)


SEALED_COLUMN = "letters.letter.supporter_row"
FETCH_ROWS = 1000  # rows per FETCH of the supporter list's cursor (sealed_csv())
_FIRST = operator.itemgetter(0)


def _reselect(rows: QuerySet, *fields: str) -> QuerySet:
    """The same rows (filters, order) as other columns, annotations included."""
    query = rows.query.clone()
    query.set_annotation_mask(None)
    return QuerySet(model=rows.model, query=query, using=rows.db).values_list(*fields)


def _fetched_ahead(cursor, size: int) -> Iterator[list]:
    """The cursor's rows, size at a time, fetched one batch ahead by a thread of their
    own: PostgreSQL reads and sends the next batch while this thread opens the last
    (the fetching thread waits on the network without holding Python's lock)."""
    batches: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def fetch() -> None:
        try:
            while not stop.is_set() and (batch := cursor.fetchmany(size)):
                while not stop.is_set():
                    try:
                        batches.put(batch, timeout=0.1)
                        break
                    except queue.Full:
                        continue
        except Exception as exc:  # noqa: BLE001 - raised again in the reading thread
            batches.put(exc)
        finally:
            batches.put(None)

    fetcher = threading.Thread(target=fetch, name="supporter-list-fetch", daemon=True)
    fetcher.start()
    try:
        while (batch := batches.get()) is not None:
            if isinstance(batch, Exception):
                raise batch
            yield batch
    finally:
        # A download cut short: the fetcher stops before the cursor it uses is closed.
        stop.set()
        while fetcher.is_alive():
            with contextlib.suppress(queue.Empty):
                batches.get(timeout=0.1)
        fetcher.join()


def sealed_csv(
    header: list[str], rows: QuerySet, *, on_finish: Callable[[int], None] | None = None
) -> Iterator[bytes]:
    """The supporter list on PostgreSQL, CHUNK_ROWS lines at a time: each letter's sealed
    line (Letter.supporter_row: already CSV, formula-safe, with its newline), read from
    the covering index letter_supporter_list (letters 0016) through a server-side cursor
    in binary (bytea arrives as bytes, parsed by psycopg in C a batch at a time), fetched
    a batch ahead by a thread (_fetched_ahead) while the last is opened. PostgreSQL
    computes nothing per row and a batch is opened and joined in C calls: no Python code
    runs per row.
    """
    lines = _Lines()
    csv.writer(lines, lineterminator="\n").writerow(header)
    yield lines.drain().encode()
    sql, params = _reselect(rows, "supporter_row").query.sql_with_params()
    count = 0
    with read_transaction(rows.db):  # a WITHOUT HOLD cursor streams (see stream_csv())
        connection = connections[rows.db]
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        with connection.connection.cursor(name="supporter_list", binary=True) as cursor:
            cursor.execute(sql, params)
            out, pending = [], 0
            # Small fetches: measured faster than large ones (each batch's rows and
            # opened lines stay in the CPU's caches); sent CHUNK_ROWS lines at a time.
            for batch in _fetched_ahead(cursor, FETCH_ROWS):
                sealed = list(map(_FIRST, batch))
                out.append(b"".join(crypto.decrypt_many(sealed, column=SEALED_COLUMN)))
                pending += len(batch)
                if pending >= CHUNK_ROWS:
                    yield b"".join(out)
                    count += pending
                    out, pending = [], 0
            if out:
                yield b"".join(out)
                count += pending
    if on_finish is not None:
        on_finish(count)
