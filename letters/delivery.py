"""Sending letters: claiming due deliveries in batches, handing them to the provider
over one kept connection, recording each recipient's outcome at once, pacing,
retries and the provider's reports.

letters/services.py stores letters; this module takes them from there to the
targets' inboxes. A delivery moves QUEUED -> SENDING (claimed, with a lease) ->
SENT, or back to QUEUED with a later next_attempt_at, or to FAILED for good.
Provider webhooks then move SENT on to DELIVERED, BOUNCED or COMPLAINED.

How a batch goes (send_batch):
0. the letters stored since the last pass get their deliveries, in one transaction
   (services.create_awaited_deliveries: a request stores a letter alone), created
   claimed by this pass, which sends them from what that transaction read;
1. if the batch has room left, one statement claims the due deliveries of that many
   more letters, whole letters only (claim_batch): retries, and leases run out;
2. one query each reads their recipients, the letters, campaigns, model letters
   and targets, each row once (_with_letters);
3. the provider's pace and every target's hourly cap are decided for the whole
   batch in one Redis round trip (a Lua script; in process memory without Redis);
4. each message goes out on the process's kept connection; the outcomes are
   recorded together (one statement for the recipients accepted, one for their
   letters' modified time) at the end of the batch, or sooner: once RECORD_SECONDS
   have passed since the first unrecorded answer, and after an error before the
   connection is touched.
"""

import contextlib
import logging
import random
import smtplib
import threading
import time as clock
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from email.utils import parseaddr
from typing import Literal, NamedTuple

from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.conf import settings
from django.core.cache import cache
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.db import OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from advocacy.log_filters import redact
from campaigns.identity import Identity, identity
from campaigns.models import Campaign, LetterTemplate, Riding, Target

from .emails import build_letter_message, group_deliveries
from .models import Delivery, DeliveryPace, Letter
from .signals import deliveries_changed

log = logging.getLogger(__name__)

BATCH_LETTERS = 50  # letters claimed and sent together: one claim, one pace decision
TASK_SECONDS = 2.0  # a task hands on to a fresh one after this, so beat's jobs get a turn
KICK_KEY = "delivery:kick"
KICK_SECONDS = 5  # a wake-up request no worker took is forgotten after this


# Waking a worker. Every stored letter asks for a sending pass after its commit;
# the requests are folded into one while a pass is waiting, so a spike of letters
# makes a few tasks of many letters each, not one task per letter.


def enqueue_delivery(letter_id: int | None = None) -> None:
    """Wake a worker once the current transaction commits.

    robust=True: a broker outage must not turn a stored letter into a server
    error. The sweeper sends whatever was not enqueued.
    """
    transaction.on_commit(kick, robust=True)


def kick() -> None:
    """Queue a sending pass unless one is already waiting (see drain() for why no
    letter is ever left behind by this)."""
    from .tasks import deliver_due

    if cache.add(KICK_KEY, 1, KICK_SECONDS):
        deliver_due.delay()


def drain(*, now=None, seconds: float = TASK_SECONDS) -> int:
    """Send batches until nothing is due (a worker's task); returns messages sent.

    The wake-up flag is cleared before each claim: a letter committed after the
    claim sets it again and queues a new pass, and one committed before is in
    the claim. A full batch asks for another pass at once, so that the other
    worker processes join in; after `seconds` the task hands on to that pass.
    """
    sent, started = 0, clock.monotonic()
    while True:
        cache.delete(KICK_KEY)
        batch = send_batch(now=now, before_sending=kick_if_full)
        sent += batch.sent
        if batch.outage or max(batch.letters, batch.created) < BATCH_LETTERS:
            return sent
        if clock.monotonic() - started > seconds:
            return sent


def kick_if_full(letters: int) -> None:
    if letters >= BATCH_LETTERS:
        kick()


HANDED_OFF = (
    Delivery.State.SENT,
    Delivery.State.DELIVERED,
    Delivery.State.BOUNCED,
    Delivery.State.COMPLAINED,
)
# Anymail's per-recipient statuses that mean the provider will never deliver.
REFUSALS = {
    "rejected": "The provider rejected this recipient (inactive after a bounce or complaint).",
    "invalid": "The provider found this address invalid.",
}
REFUSED_STATUSES = tuple(REFUSALS)


class Outcome(NamedTuple):
    """What became of one recipient of one hand-off."""

    kind: Literal["sent", "retry", "failed"]
    detail: str = ""  # the provider's message id when sent, the reason otherwise


# Claiming. One statement takes the due deliveries of whole letters and marks them
# SENDING with a lease; the lease time is the claim's token (later writes about a
# failure apply only while the row still carries it).

_DUE = (
    "{d}state IN ('queued', 'sending') AND ("
    "({d}state = 'queued' AND {d}next_attempt_at <= %(now)s) OR "
    "({d}state = 'sending' AND {d}lease_until < %(now)s))"
)
# An erased supporter's letter is never claimed, whatever its deliveries say.
_NOT_ERASED = (
    "NOT EXISTS (SELECT 1 FROM letters_letter l WHERE l.id = letter_id AND l.erased_at IS NOT NULL)"
)
# The same test in a form the planner cannot match to the partial index of
# unfinished deliveries, for the steps that find rows by letter or id: its row
# estimate (from statistics taken before a backlog came) is far too small, and with
# it PostgreSQL scanned the whole backlog once per row (11 s a claim on 3,300 rows).
_DUE_ROW = (
    "CASE {d}state WHEN 'queued' THEN {d}next_attempt_at <= %(now)s"
    " WHEN 'sending' THEN {d}lease_until < %(now)s ELSE false END"
)
# PostgreSQL. A letter's first due delivery (the "head") stands for the letter:
# whoever locks it claims all of the letter's due deliveries, so recipients are
# claimed together and go out in one message; a head another claimer holds is
# skipped, not waited for. Only claimers lock heads in this order, so a row lock
# taken elsewhere (a staff edit, a report refresh) delays a claim by its own
# length at most. Candidates are a few batches deep, so that concurrent claimers
# each find letters of their own. Each step is computed once (MATERIALIZED), on
# the index that fits it: the oldest due rows, then their letters' rows.
_CLAIM_POSTGRESQL = f"""
WITH candidates AS MATERIALIZED (
    SELECT letter_id FROM letters_delivery
    WHERE {_DUE.format(d="")} {{only}} AND {_NOT_ERASED}
    ORDER BY next_attempt_at
    LIMIT %(candidates)s
), firsts AS MATERIALIZED (
    SELECT min(d.id) AS id FROM letters_delivery d
    WHERE d.letter_id IN (SELECT letter_id FROM candidates) AND {_DUE_ROW.format(d="d.")}
    GROUP BY d.letter_id
), heads AS MATERIALIZED (
    SELECT d.id, d.letter_id FROM letters_delivery d
    WHERE d.id IN (SELECT id FROM firsts) AND {_DUE_ROW.format(d="d.")}
    ORDER BY d.next_attempt_at
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
)
UPDATE letters_delivery d
SET state = 'sending', lease_until = %(lease)s, attempts = d.attempts + 1, updated_at = %(now)s
WHERE d.letter_id IN (SELECT letter_id FROM heads) AND {_DUE_ROW.format(d="d.")}
RETURNING d.id, d.letter_id
"""
# SQLite has one writer at a time: the statement alone is the lock.
_CLAIM_SQLITE = f"""
UPDATE letters_delivery
SET state = 'sending', lease_until = %(lease)s, attempts = attempts + 1, updated_at = %(now)s
WHERE {_DUE.format(d="")} AND letter_id IN (
    SELECT letter_id FROM letters_delivery
    WHERE {_DUE.format(d="")} {{only}} AND {_NOT_ERASED}
    GROUP BY letter_id
    ORDER BY min(next_attempt_at)
    LIMIT %(limit)s
)
RETURNING id, letter_id
"""


def _create_awaited(*, letter_ids, limit: int, now, lease_until):
    """First the deliveries of letters stored since (services.submit_letter stores a
    letter alone), created claimed by this pass, which sends them."""
    from .services import create_awaited_deliveries  # services imports this module

    return create_awaited_deliveries(
        now=now, limit=limit, letter_ids=letter_ids, lease_until=lease_until
    )


def claim_batch(*, letter_ids=None, limit: int = BATCH_LETTERS, now=None) -> list[Delivery]:
    """Claim the due deliveries of up to `limit` letters (of `letter_ids`, if given),
    oldest first, for this worker, with a lease. Returns them with their letters."""
    claimed = _claim(letter_ids=letter_ids, limit=limit, now=now)
    return _with_letters(Delivery.objects.filter(pk__in=claimed))


def _claim(*, letter_ids=None, limit: int, now=None) -> dict[int, int]:
    """The deliveries claimed, as {id: letter id} (see claim_batch)."""
    now = now or timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    params = {
        "now": adapt(now),
        "lease": adapt(_lease_end(now)),
        "limit": limit,
        "candidates": limit * 4 * 3,  # a few batches deep, three recipients a letter
    }
    only = ""
    if letter_ids is not None:
        ids = [int(pk) for pk in letter_ids]
        if not ids:
            return {}
        only = f"AND letter_id IN ({', '.join(str(pk) for pk in ids)})"
    sql = _CLAIM_POSTGRESQL if connection.vendor == "postgresql" else _CLAIM_SQLITE
    with connection.cursor() as cursor:
        cursor.execute(sql.format(only=only), params)
        return dict(cursor.fetchall())


def _lease_end(now):
    return now + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)


def _with_letters(deliveries) -> list[Delivery]:
    """Deliveries with what their messages need, in the order messages are built. Each
    letter, target, campaign and model letter is read once, however many rows name it:
    joined in, the campaign's story came back once per letter and a target once per
    recipient, most of the time a batch took to read."""
    deliveries = list(deliveries.order_by("letter_id", "kind", "id"))
    letters = Letter.objects.order_by().in_bulk({d.letter_id for d in deliveries})
    values = letters.values()
    campaigns = Campaign.objects.order_by().in_bulk({lt.campaign_id for lt in values})
    templates = LetterTemplate.objects.order_by().in_bulk(
        {lt.template_id for lt in values} - {None}
    )
    ridings = Riding.objects.order_by().in_bulk({lt.riding_id for lt in values} - {None})
    targets = Target.objects.order_by().in_bulk(
        ({d.target_id for d in deliveries} | {lt.mp_id for lt in values}) - {None}
    )
    for letter in values:
        letter.campaign = campaigns[letter.campaign_id]
        letter.template = templates.get(letter.template_id)
        letter.riding = ridings.get(letter.riding_id)
        letter.mp = targets.get(letter.mp_id)
    for d in deliveries:
        d.letter = letters[d.letter_id]
        d.target = targets.get(d.target_id)
    return deliveries


# What sending and recording a delivery read of it: the rest (its other timestamps,
# parsed one by one in Python) stays in the database; it took a quarter of the read.
_SENDING_FIELDS = (
    "letter_id", "kind", "target_id", "name", "address", "attempts", "lease_until",
    "retry_until", "created_at",
)  # fmt: skip


def claim_deliveries(letter_id: int, *, now=None) -> list[Delivery]:
    """Claim one letter's due deliveries (see claim_batch)."""
    return claim_batch(letter_ids=[letter_id], limit=1, now=now)


# Sending.


@dataclass
class Batch:
    created: int = 0  # letters whose deliveries it created
    letters: int = 0  # letters claimed
    sent: int = 0  # deliveries handed to the provider
    outage: bool = False  # the provider looked down: the rest was put off


def send_letter(letter_id: int, *, now=None) -> int:
    """Send whatever of this letter is due: one message for the targets and
    copies, one for the supporter's own copy. Returns how many were sent."""
    return send_batch(letter_ids=[letter_id], now=now).sent


def send_due(*, now=None, limit: int = 500) -> int:
    """Send every letter with a due delivery, up to `limit` letters (the sweeper and
    the embedded loop); stops at the first sign that the provider is down."""
    sent = done = 0
    while done < limit:
        # A fresh clock for each batch, so a long pass grants full leases to the last ones.
        batch = send_batch(now=now, limit=min(BATCH_LETTERS, limit - done))
        sent, done = sent + batch.sent, done + batch.letters
        if batch.outage:
            log.warning("Email provider unreachable; the sweep stops here.")
            break
        if max(batch.letters, batch.created) < min(BATCH_LETTERS, limit - done + batch.letters):
            break
    return sent


def send_batch(*, letter_ids=None, limit: int = BATCH_LETTERS, now=None, before_sending=None):
    """Claim a batch of letters and send them; see the module's docstring."""
    now = now or timezone.now()
    awaited = _create_awaited(
        letter_ids=letter_ids, limit=limit, now=now, lease_until=_lease_end(now)
    )
    # The new letters' deliveries are this pass's already, with what creating them read;
    # the batch's room left goes to deliveries due again (retries, expired leases).
    rows = sorted(awaited.deliveries, key=lambda d: (d.letter_id, d.kind, d.pk))
    claimed = {d.pk for d in rows}
    room = limit - len({d.letter_id for d in rows})
    if room > 0 and (due := _claim(letter_ids=letter_ids, limit=room, now=now)):
        claimed.update(due)
        # Every recipient of the claimed letters, with the letters, in one query: the
        # claimed ones are sent, all of them are named in each message's greeting.
        again = Delivery.objects.filter(letter_id__in=set(due.values())).only(*_SENDING_FIELDS)
        rows += _with_letters(again)
    if not claimed:
        return Batch(created=awaited.letters)
    recipients: dict[int, list[Delivery]] = {}
    by_letter: dict[int, list[Delivery]] = {}
    for d in rows:
        recipients.setdefault(d.letter_id, []).append(d)
        if d.pk in claimed:
            by_letter.setdefault(d.letter_id, []).append(d)
    batch = Batch(created=awaited.letters, letters=len(by_letter))
    if before_sending:
        before_sending(batch.letters)
    messages = []  # (letter, group)
    opening = office_opening(now)
    for deliveries in by_letter.values():
        if opening:
            # Outside office hours letters to targets (and their copies) wait for
            # the opening; the supporter's own copy goes at once.
            waiting = [d for d in deliveries if d.kind != Delivery.Kind.COPY]
            _defer(waiting, until=opening + timedelta(seconds=random.uniform(0, 300)))
            deliveries = [d for d in deliveries if d.kind == Delivery.Kind.COPY]
        messages += [(group[0].letter, group) for group in group_deliveries(deliveries)]
    decisions = pace([[d.target_id for d in group if _capped(d)] for _, group in messages], now=now)
    mailer = _mailer()
    orgs = _Organizations()
    outage_error = None
    # Outcomes wait here between the provider's answer and their record (see
    # "The one window for a duplicate" in README): recorded together every
    # RECORD_SECONDS, before the connection is touched after an error, and at the end.
    unrecorded = _Unrecorded(now=now)
    for (letter, group), decision in zip(messages, decisions, strict=True):
        group = _apply(decision, group, now=now)
        if not group:
            continue
        if outage_error is not None:
            # The provider is down: the rest of the batch would fail the same way.
            unrecorded.add(group, _outcomes_from_error(outage_error, None, group))
            continue
        kept = mailer.is_open()
        outcomes, error = _hand_off(letter, group, recipients[letter.pk], mailer, orgs)
        unrecorded.add(group, outcomes)
        if error is None:
            if unrecorded.due():
                batch.sent += unrecorded.record()
            continue
        batch.sent += unrecorded.record()
        outage = _looks_like_outage(error)
        if outage or isinstance(error, smtplib.SMTPServerDisconnected):
            mailer.discard()
        if outage and kept and mailer.reconnects():
            outage = False  # the kept connection had broken; a fresh one answers
        if outage:
            outage_error = error
    batch.sent += unrecorded.record()
    mailer.batch_done()
    batch.outage = outage_error is not None
    return batch


RECORD_SECONDS = 0.1  # outcomes older than this are recorded before the next message


class _Unrecorded:
    """The outcomes of a batch's hand-offs not yet recorded."""

    def __init__(self, *, now):
        self.now = now
        self.deliveries: list[Delivery] = []
        self.outcomes: dict[int, Outcome] = {}
        self.since = clock.monotonic()

    def add(self, group: list[Delivery], outcomes: dict[int, Outcome]) -> None:
        if not self.deliveries:
            self.since = clock.monotonic()
        self.deliveries += group
        self.outcomes |= outcomes

    def due(self) -> bool:
        return clock.monotonic() - self.since >= RECORD_SECONDS

    def record(self) -> int:
        if not self.deliveries:
            return 0
        sent = record_outcomes(self.deliveries, outcomes=self.outcomes, now=self.now)
        self.deliveries, self.outcomes = [], {}
        return sent


class _Organizations(dict):
    """The organization in each language, read once a batch: it comes from the shared
    cache, and one read a message was a Redis round trip a message."""

    def __missing__(self, language: str) -> Identity:
        self[language] = identity(language)
        return self[language]


def _capped(d: Delivery) -> bool:
    """Whether the delivery counts against its target's hourly cap."""
    return d.kind == Delivery.Kind.TO and d.target_id is not None


def _apply(decision: "Decision", group: list[Delivery], *, now) -> list[Delivery]:
    """The deliveries of one message that go now; the others wait for their window."""
    if not decision.provider_room:
        _defer(group, until=_next_window(now, 60))
        return []
    capped = [d for d in group if _capped(d)]
    waiting = [d for d, room in zip(capped, decision.target_room, strict=True) if not room]
    if capped and len(waiting) == len(capped):
        # The Cc copies travel with a letter to a target: none goes now, so they wait too.
        waiting = [d for d in group if d.kind != Delivery.Kind.COPY]
    if waiting:
        _defer(waiting, until=_next_window(now, 3600))
    held = {d.pk for d in waiting}
    return [d for d in group if d.pk not in held]


def _hand_off(
    letter: Letter, group: list[Delivery], recipients: list[Delivery], mailer, orgs
) -> tuple[dict[int, Outcome], Exception | None]:
    """Hand one message to the provider. Returns each recipient's outcome, and the
    error if the send raised (the caller records, then decides about the connection)."""
    message = None
    try:  # composing too: a letter that cannot be built is retried, then failed, not stuck
        message = build_letter_message(
            letter, group, recipients=recipients, org=orgs[letter.language]
        )
        message.connection = mailer.connection()
        if not hasattr(message.connection, "esp_name"):
            # SMTP: our own stable Message-ID, so a hand-off repeated after a
            # crash carries the same id and mailboxes fold the two together.
            message.extra_headers["Message-ID"] = _message_id(letter, group)
        message.send()
    except Exception as exc:  # noqa: BLE001 - every failure is recorded, then retried or stopped
        # An SMTP refusal quotes its recipients, the supporter among them: ids only.
        log.warning("Delivery of letter %s failed: %s", letter.pk, redact(_describe(exc)))
        return _outcomes_from_error(exc, message, group), exc
    return _outcomes_from_result(message, group), None


# The provider's connection: one per worker process, kept open between batches,
# so a letter costs one SMTP transaction, not a connection, a greeting and a QUIT.
# It stays open until outcomes are recorded (not even the QUIT falls between the
# provider's acceptance and our record of it).

IDLE_CHECK_SECONDS = 30  # a connection idle longer is checked (NOOP) before use


class _Mailer(threading.local):
    def __init__(self):
        self._connection = None
        self._config = None
        self._last_used = 0.0

    def connection(self):
        config = _mail_config()
        if self._connection is not None and config != self._config:
            self.discard()  # the settings changed (tests do): connect afresh
        if self._connection is None:
            self._connection = get_connection()
            self._config = config
            self._connection.open()  # a failure is the caller's: recorded, then retried
        elif clock.monotonic() - self._last_used > IDLE_CHECK_SECONDS and not self._alive():
            self.discard()
            return self.connection()
        self._last_used = clock.monotonic()
        return self._connection

    def is_open(self) -> bool:
        return self._connection is not None

    def reconnects(self) -> bool:
        """Whether a fresh connection opens (after the kept one broke)."""
        try:
            self.connection()
        except Exception:  # noqa: BLE001 - still down: the caller stops the batch
            self.discard()
            return False
        return True

    def _alive(self) -> bool:
        smtp = getattr(self._connection, "connection", None)
        if not isinstance(self._connection, DjangoSMTPBackend) or smtp is None:
            return True
        try:
            return smtp.noop()[0] == 250
        except (OSError, smtplib.SMTPException):
            return False

    def discard(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
        self._connection = None

    def batch_done(self) -> None:
        # Only remote connections are worth keeping: the file backend of the
        # embedded mode writes a file per connection, one per batch is clearer.
        if not (isinstance(self._connection, DjangoSMTPBackend) or _is_provider_api(self)):
            self.discard()


def _is_provider_api(mailer: _Mailer) -> bool:
    return hasattr(mailer._connection, "esp_name")


_mailers = _Mailer()


def _mailer() -> _Mailer:
    return _mailers


def _mail_config() -> tuple:
    return (
        settings.EMAIL_BACKEND,
        getattr(settings, "EMAIL_HOST", ""),
        getattr(settings, "EMAIL_PORT", 0),
        getattr(settings, "EMAIL_HOST_USER", ""),
        getattr(settings, "EMAIL_USE_TLS", False),
        getattr(settings, "EMAIL_USE_SSL", False),
        repr(getattr(settings, "ANYMAIL", {})),
    )


def _message_id(letter: Letter, group: list[Delivery]) -> str:
    """The same for every hand-off of this group, and naming nothing a reader could use
    (the letter's public id would open its pages; its row ids, count the letters)."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    ids = ".".join(str(d.pk) for d in group)
    digest = salted_hmac("letters.message-id", f"{letter.public_id}.{ids}").hexdigest()[:32]
    return f"<{digest}@{domain}>"


def _outcomes_from_result(message, group: list[Delivery]) -> dict[int, Outcome]:
    """Per recipient, after the provider accepted the message for at least one."""
    refused = getattr(message, "refused_recipients", None) or {}  # letters.backends.SMTPBackend
    status = getattr(message, "anymail_status", None)
    statuses = {a.lower(): s for a, s in (status.recipients if status else {}).items()}
    fallback_id = (status.message_id if status and isinstance(status.message_id, str) else "") or (
        message.extra_headers.get("Message-ID", "")
    )
    # Postmark refuses a whole message for one invalid address (ErrorCode 300):
    # the others come back "unknown", not sent. They go again, without it.
    accepted = not statuses or any(s.status in ("sent", "queued") for s in statuses.values())
    outcomes = {}
    for d in group:
        address = d.address.lower()
        if address in refused:
            code, reply = refused[address]
            outcomes[d.pk] = Outcome(
                "failed" if code >= 500 else "retry", f"SMTP {code} {reply}".strip()
            )
        elif address in statuses and statuses[address].status in REFUSED_STATUSES:
            outcomes[d.pk] = Outcome("failed", REFUSALS[statuses[address].status])
        elif address in statuses and statuses[address].status == "failed":
            outcomes[d.pk] = Outcome("retry", "The provider failed to send to this recipient.")
        elif not accepted:
            outcomes[d.pk] = Outcome(
                "retry", "The provider refused the message for another recipient."
            )
        else:
            recipient_id = statuses[address].message_id if address in statuses else None
            outcomes[d.pk] = Outcome("sent", str(recipient_id or fallback_id))
    return outcomes


def _outcomes_from_error(exc: Exception, message, group: list[Delivery]) -> dict[int, Outcome]:
    """Per recipient, after the send raised: refused recipients one by one, else all alike."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = {parseaddr(a)[1].lower(): r for a, r in exc.recipients.items()}
        outcomes = {}
        for d in group:
            code, reply = refused.get(d.address.lower(), (450, b"not accepted"))
            reply = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
            outcomes[d.pk] = Outcome("failed" if code >= 500 else "retry", f"SMTP {code} {reply}")
        return outcomes
    if isinstance(exc, AnymailRecipientsRefused):
        status = getattr(message, "anymail_status", None)
        statuses = {a.lower(): s.status for a, s in (status.recipients if status else {}).items()}
        return {
            d.pk: Outcome(
                "failed",
                REFUSALS.get(statuses.get(d.address.lower()), "")
                or f"The provider refused this recipient: {_describe(exc)}",
            )
            for d in group
        }
    permanent, reason = classify_error(exc)
    return {d.pk: Outcome("failed" if permanent else "retry", reason) for d in group}


def classify_error(exc: Exception) -> tuple[bool, str]:
    """Whether a failed send is permanent (stop) or transient (retry), and why."""
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        error = error.decode(errors="replace") if isinstance(error, bytes) else str(error)
        # A refused sender or login is our configuration, not the letter: keep
        # retrying through the window while staff fix it.
        config = isinstance(exc, smtplib.SMTPSenderRefused | smtplib.SMTPAuthenticationError)
        return exc.smtp_code >= 500 and not config, f"SMTP {exc.smtp_code} {error}"
    if isinstance(exc, AnymailAPIError):
        code = exc.status_code
        # No status: never reached the provider. 5xx and 429: the provider's
        # trouble or our pace. 401/403: our credentials. Other 4xx: it refused the message.
        permanent = code is not None and 400 <= code < 500 and code not in (401, 403, 408, 429)
        return permanent, f"{type(exc).__name__} ({code or 'no response'}): {_describe(exc)}"
    return False, f"{type(exc).__name__}: {_describe(exc)}"


def _looks_like_outage(exc: Exception) -> bool:
    """The provider itself seems unreachable or failing: later letters would fail too.

    A refused recipient is about that recipient only, whatever its code: the pass
    goes on with the other letters.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code == 421
    if isinstance(exc, AnymailAPIError):
        return exc.status_code is None or exc.status_code >= 500 or exc.status_code == 429
    return isinstance(exc, OSError)


def _describe(exc: Exception) -> str:
    """The error as one line for last_error (anymail's spans several, with the response)."""
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001 - a half-built provider error must not hide the failure
        text = " ".join(str(a) for a in exc.args)
    return " ".join(text.split())[:500]


def retry_delay(attempts: int, *, jitter: float | None = None) -> timedelta:
    """Exponential backoff from one minute, doubling, capped at an hour, with ±20% jitter."""
    jitter = random.uniform(0.8, 1.2) if jitter is None else jitter
    return timedelta(seconds=min(3600, 30 * 2 ** min(max(attempts, 1), 10)) * jitter)


def retry_window_end(delivery: Delivery):
    """When transient failures stop being retried."""
    return delivery.retry_until or delivery.created_at + timedelta(
        hours=settings.DELIVERY_RETRY_HOURS
    )


# Pace: the provider's rate (messages a minute, all workers together) and each
# target's hourly cap, as fixed-window counters. With Redis every worker draws
# on the same budget, decided for a whole batch in one round trip by a Lua script;
# without Redis (or while it is down) the same rules run on a local counter.


class Decision(NamedTuple):
    """Whether a message may go now: the provider's budget, then its targets' caps."""

    provider_room: bool
    target_room: tuple[bool, ...]  # one per capped target of the message, in order


# KEYS[1]: the provider's window; KEYS[2..]: the targets' windows.
# ARGV: rate, its window's lifetime, cap, its window's lifetime, then one entry
# per message: the KEYS indexes of its capped targets, comma-separated.
# Answers one string per message: "P" (no provider room), or "T"/"S" (targets
# all full: wait; else send) followed by a 1 or 0 per target. Mirrors _decide().
PACE_SCRIPT = """
local rate, rate_ttl = tonumber(ARGV[1]), tonumber(ARGV[2])
local cap, cap_ttl = tonumber(ARGV[3]), tonumber(ARGV[4])
local function used(key) return tonumber(redis.call('GET', key) or '0') end
local function take(key, ttl)
  if redis.call('INCR', key) == 1 then redis.call('EXPIRE', key, ttl) end
end
local answers = {}
for i = 5, #ARGV do
  if rate > 0 and used(KEYS[1]) >= rate then
    answers[#answers + 1] = 'P'
  else
    local flags, targets, room = '', 0, 0
    for index in string.gmatch(ARGV[i], '%d+') do
      targets = targets + 1
      local key = KEYS[tonumber(index)]
      if cap <= 0 or used(key) < cap then
        if cap > 0 then take(key, cap_ttl) end
        flags, room = flags .. '1', room + 1
      else
        flags = flags .. '0'
      end
    end
    if targets > 0 and room == 0 then
      answers[#answers + 1] = 'T' .. flags
    else
      if rate > 0 then take(KEYS[1], rate_ttl) end
      answers[#answers + 1] = 'S' .. flags
    end
  end
end
return answers
"""
_local_pace_lock = threading.Lock()
_fallback_windows: dict[str, tuple[int, float]] = {}  # key: (count, expires), Redis being down


def current_rate() -> int:
    """Messages a minute to the provider: staff's setting in the admin, else
    DELIVERY_RATE_PER_MINUTE (0: no limit)."""
    override = DeliveryPace.objects.values_list("rate_per_minute", flat=True).first()
    return settings.DELIVERY_RATE_PER_MINUTE if override is None else override


def pace(messages: list[list[int]], *, now) -> list[Decision]:
    """For each message (the ids of its capped targets), whether it may go now;
    the budgets it uses are taken. One Redis round trip for the whole batch."""
    if not messages:
        return []
    rate, cap = current_rate(), settings.TARGET_HOURLY_CAP
    if rate <= 0 and cap <= 0:
        return [Decision(True, tuple(True for _ in m)) for m in messages]
    minute, hour = int(now.timestamp()) // 60, int(now.timestamp()) // 3600
    provider_key = f"delivery-pace:provider:{minute}"
    target_keys = {t: f"delivery-pace:target:{t}:{hour}" for m in messages for t in m}
    client = _redis()
    if client is not None:
        try:
            return _pace_on_redis(client, messages, provider_key, target_keys, rate, cap)
        except Exception as exc:  # noqa: BLE001 - Redis is an optimization, never a dependency
            log.warning("Pacing on local counters, Redis failed: %s", exc)
    with _local_pace_lock:
        store = _LocalWindows(cache if client is None else None)
        return [
            _decide(store, provider_key, [target_keys[t] for t in m], rate, cap) for m in messages
        ]


def _decide(store, provider_key: str, target_keys: list[str], rate: int, cap: int) -> Decision:
    """One message's decision on local counters; PACE_SCRIPT does the same in Redis."""
    if rate > 0 and store.used(provider_key) >= rate:
        return Decision(False, tuple(False for _ in target_keys))
    room = []
    for key in target_keys:
        has_room = cap <= 0 or store.used(key) < cap
        if has_room and cap > 0:
            store.take(key, 7200)
        room.append(has_room)
    if target_keys and not any(room):
        return Decision(True, tuple(room))  # provider room, but every target is full
    if rate > 0:
        store.take(provider_key, 120)
    return Decision(True, tuple(room))


def _pace_on_redis(client, messages, provider_key, target_keys, rate, cap) -> list[Decision]:
    keys = [cache.make_key(provider_key)]
    index = {}
    for target, key in target_keys.items():
        keys.append(cache.make_key(key))
        index[target] = len(keys)  # Lua counts from 1
    specs = [",".join(str(index[t]) for t in m) for m in messages]
    script = client.register_script(PACE_SCRIPT)  # EVALSHA; the script is sent once
    answers = script(keys=keys, args=[rate, 120, cap, 7200, *specs])
    decisions = []
    for answer in answers:
        answer = answer.decode() if isinstance(answer, bytes) else answer
        flags = tuple(f == "1" for f in answer[1:])
        decisions.append(Decision(answer[0] != "P", flags))
    return decisions


def _redis():
    """The Redis client behind the shared cache, or None when the cache is local."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(None, write=True)


class _LocalWindows:
    """Window counters in the local cache (the embedded mode), or in this process's
    memory while Redis is down."""

    def __init__(self, local_cache=None):
        self.cache = local_cache

    def used(self, key: str) -> int:
        if self.cache is not None:
            return self.cache.get(key, 0)
        count, expires = _fallback_windows.get(key, (0, 0.0))
        return count if expires > clock.monotonic() else 0

    def take(self, key: str, ttl: int) -> None:
        if self.cache is not None:
            if not self.cache.add(key, 1, ttl):
                self.cache.incr(key)
            return
        _fallback_windows[key] = (self.used(key) + 1, clock.monotonic() + ttl)


def _next_window(now, window: int):
    """The start of the next window, plus jitter so waiting letters do not all wake at once."""
    start = (int(now.timestamp()) // window + 1) * window
    return datetime.fromtimestamp(start, tz=UTC) + timedelta(seconds=random.uniform(0, window / 12))


def _defer(deliveries: list[Delivery], *, until) -> None:
    """Put claimed deliveries back in the queue, untried, until a later time."""
    if not deliveries:
        return
    # A claim's deliveries share one lease: one statement puts them all back.
    Delivery.objects.filter(
        pk__in=[d.pk for d in deliveries],
        state=Delivery.State.SENDING,
        lease_until=deliveries[0].lease_until,
    ).update(
        state=Delivery.State.QUEUED,
        next_attempt_at=until,
        lease_until=None,
        attempts=F("attempts") - 1,
    )


RECORD_ATTEMPTS = 3  # a batch's outcomes, when the database picks it as a deadlock's victim


def record_outcomes(deliveries: list[Delivery], *, outcomes: dict[int, Outcome], now) -> int:
    """Record each recipient's outcome of one or more hand-offs; returns how many were sent.

    One transaction, usually of two statements (every recipient accepted: the
    deliveries, then their letters' modified time), committed before anything else
    is sent or the connection closed: this is what closes the window in which a
    crash could send a message twice.
    """
    # One delay for every recipient of a letter: with a jitter each, they would come
    # due at different times and go out as separate messages.
    jitter = random.uniform(0.8, 1.2)
    attempts: dict[int, int] = {}
    for d in deliveries:
        attempts[d.letter_id] = max(attempts.get(d.letter_id, 0), d.attempts)
    sent_ids: dict[int, str] = {}
    later: dict[tuple, list[Delivery]] = {}
    for d in deliveries:
        outcome = outcomes[d.pk]
        delay = retry_delay(attempts[d.letter_id], jitter=jitter)
        # A refusal quotes the address: the supporter's own is kept out of the record
        # (it is stored encrypted everywhere else).
        detail = redact(outcome.detail) if d.kind == Delivery.Kind.COPY else outcome.detail
        if outcome.kind == "sent":
            sent_ids[d.pk] = outcome.detail[:200]
        elif outcome.kind == "failed":
            later.setdefault(("failed", detail[:2000], d.lease_until, None), []).append(d)
        elif now + delay > retry_window_end(d):
            reason = _("Gave up after %(n)s attempts: %(reason)s") % {
                "n": d.attempts,
                "reason": detail[:1900],
            }
            later.setdefault(("failed", reason, d.lease_until, None), []).append(d)
        else:
            key = ("retry", detail[:2000], d.lease_until, now + delay)
            later.setdefault(key, []).append(d)
    # The letters whose deliveries may change state: their modified time moves.
    touched = {d.letter_id for d in deliveries if d.pk in sent_ids}
    touched.update(
        d.letter_id for (kind, *_), group in later.items() if kind == "failed" for d in group
    )
    for attempt in range(1, RECORD_ATTEMPTS + 1):
        try:
            return _record(deliveries, sent_ids=sent_ids, later=later, touched=touched)
        except OperationalError as exc:
            # A deadlock's victim or a serialization failure: nothing of it was written,
            # and what was sent must be recorded, or it goes again when its lease ends.
            retryable = getattr(exc.__cause__, "sqlstate", None) in ("40P01", "40001")
            if not retryable or attempt == RECORD_ATTEMPTS or connection.in_atomic_block:
                raise
            log.warning("Recording deliveries met %s; trying again.", exc.__cause__.sqlstate)
    raise AssertionError("unreachable")


def _record(
    deliveries: list[Delivery], *, sent_ids: dict[int, str], later: dict, touched: set[int]
) -> int:
    changed: list[tuple[str, list[Delivery]]] = []  # (new state, its deliveries)
    # One transaction: the outcomes, the letters' modified time (the API's sync) and
    # the deliveries_changed receivers' writes (the webhooks' outbox) stand or fall
    # together. No savepoint: in production this is the outermost block.
    with transaction.atomic(savepoint=False):
        # Letters before their deliveries, as the counting job (reports.tallies) takes
        # them: in the other order the two deadlock, each holding what the other waits for.
        if touched:
            Letter.objects.filter(pk__in=touched).update(modified_at=timezone.now())
        recorded = _record_sent(sent_ids)
        if recorded:
            changed.append((Delivery.State.SENT, [d for d in deliveries if d.pk in recorded]))
        for (kind, detail, lease, due), group in later.items():
            # Only while this claim still holds them: a late failure from a claim that
            # lost its lease must not undo the newer claim's work.
            mine = Delivery.objects.filter(
                pk__in=[d.pk for d in group], state=Delivery.State.SENDING, lease_until=lease
            )
            if kind == "failed":
                if mine.update(state=Delivery.State.FAILED, lease_until=None, last_error=detail):
                    changed.append((Delivery.State.FAILED, group))
            else:
                mine.update(
                    state=Delivery.State.QUEUED,
                    next_attempt_at=due,
                    lease_until=None,
                    last_error=detail,
                )
        announce_changes(changed, letters_moved=True)
    return len(recorded)


def _record_sent(message_ids: dict[int, str]) -> set[int]:
    """Mark deliveries sent, each with its provider message id, in one statement;
    returns the ids it changed. Whatever a stale claim did meanwhile, the provider
    has them now: recorded, so that nothing ever sends them again."""
    if not message_ids:
        return set()
    rows = ", ".join(["(%s, %s)"] * len(message_ids))
    params = [value for pair in message_ids.items() for value in pair]
    handed_off = ", ".join(f"'{state}'" for state in HANDED_OFF)
    table = Delivery._meta.db_table
    sql = (
        f"UPDATE {table} SET state = 'sent', sent_at = %s, lease_until = NULL,"
        " provider_message_id = v.column2, last_error = ''"
        f" FROM (VALUES {rows}) AS v"  # columns column1 (id), column2 (message id)
        f" WHERE {table}.id = v.column1 AND {table}.state NOT IN ({handed_off})"
        f" RETURNING {table}.id"
    )
    sent_at = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [sent_at, *params])
        return {row[0] for row in cursor.fetchall()}


def announce_changes(
    changed: list[tuple[str, list[Delivery]]], *, letters_moved: bool = False
) -> None:
    """Move the letters' modified time (unless the caller did) and tell the receivers
    of deliveries_changed, inside the caller's transaction."""
    if not changed:
        return
    if not letters_moved:
        letter_ids = {d.letter_id for _, deliveries in changed for d in deliveries}
        # The clock now, not the batch's: the sync's cursor follows commit order closely.
        Letter.objects.filter(pk__in=letter_ids).update(modified_at=timezone.now())
    for state, deliveries in changed:
        by_letter: dict[int, list[int]] = {}
        for d in deliveries:
            by_letter.setdefault(d.letter_id, []).append(d.pk)
        for letter_id, ids in by_letter.items():
            deliveries_changed.send(
                sender=Delivery, letter_id=letter_id, delivery_ids=ids, state=state
            )


def office_opening(now):
    """None while targets' offices are open (DELIVERY_OFFICE_HOURS, weekdays, local
    time), else when they next open."""
    if not settings.DELIVERY_OFFICE_HOURS:
        return None
    opens, closes = (
        time.fromisoformat(t.strip()) for t in settings.DELIVERY_OFFICE_HOURS.split("-")
    )
    local = timezone.localtime(now)
    if local.weekday() < 5 and opens <= local.time() < closes:
        return None
    day = local.date()
    if local.weekday() >= 5 or local.time() >= closes:
        day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, opens, tzinfo=local.tzinfo)


@transaction.atomic
def retry_deliveries(deliveries, *, now=None) -> int:
    """Queue failed deliveries again now, with a fresh retry window (staff's retry)."""
    now = now or timezone.now()
    # Erasure is final: an erased supporter's letter is never queued again; nor one
    # whose text minimal-data mode scrubbed (privacy.services): it would go out as "[…]".
    retried = list(
        deliveries.failed()
        .filter(letter__erased_at__isnull=True)
        .filter(letter__scrubbed_at__isnull=True)
        .only("id", "letter_id")
    )
    count = Delivery.objects.filter(pk__in=[d.pk for d in retried]).update(
        state=Delivery.State.QUEUED,
        next_attempt_at=now,
        retry_until=now + timedelta(hours=settings.DELIVERY_RETRY_HOURS),
        lease_until=None,
        attempts=0,
    )
    if count:
        announce_changes([(Delivery.State.QUEUED, retried)])
        enqueue_delivery()
    return count


TRACKED_STATES = {
    "delivered": Delivery.State.DELIVERED,
    "bounced": Delivery.State.BOUNCED,
    "rejected": Delivery.State.BOUNCED,
    "complained": Delivery.State.COMPLAINED,
}


@transaction.atomic
def record_delivery_event(
    *, message_id: str, recipient: str, event_type: str, reason: str = "", at=None
) -> int:
    """Record a provider's report on one recipient of one message; repeats change nothing."""
    state = TRACKED_STATES.get(event_type)
    if not state or not message_id or not recipient:
        return 0
    at = at or timezone.now()
    # Addresses are encrypted: the message's few recipients are compared here.
    same = [
        d.pk
        for d in Delivery.objects.filter(provider_message_id=message_id).only("address")
        if d.address.lower() == recipient.lower()
    ]
    matching = Delivery.objects.filter(pk__in=same)
    # "Delivered" never overwrites a bounce or complaint that arrived first.
    from_states = [Delivery.State.SENT] if state == Delivery.State.DELIVERED else HANDED_OFF
    moving = list(matching.filter(state__in=from_states).exclude(state=state).only("letter_id"))
    changed = Delivery.objects.filter(pk__in=[d.pk for d in moving]).update(state=state)
    announce_changes([(state, moving)])
    if state == Delivery.State.BOUNCED:
        Target.objects.filter(
            pk__in=matching.exclude(target=None).values("target_id"), bounced_at__isnull=True
        ).update(bounced_at=at, bounce_reason=(reason or event_type)[:500])
    return changed
