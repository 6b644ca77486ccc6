"""Sending letters: claiming due deliveries, handing them to the provider,
recording each recipient's outcome, pacing, retries and the provider's reports.

letters/services.py stores letters; this module takes them from there to the
targets' inboxes.
"""

import contextlib
import logging
import random
import smtplib
from datetime import UTC, datetime, time, timedelta
from email.utils import parseaddr
from typing import Literal, NamedTuple

from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.conf import settings
from django.core.cache import cache
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Target

from .emails import build_letter_message, group_deliveries
from .models import Delivery, Letter

log = logging.getLogger(__name__)


def enqueue_delivery(letter_id: int) -> None:
    """Hand a letter to the queue once its transaction commits.

    robust=True: a broker outage must not turn a stored letter into a server
    error. The sweeper sends whatever was not enqueued.
    """
    from .tasks import deliver

    transaction.on_commit(lambda: deliver.delay(letter_id), robust=True)


# Sending. A delivery moves QUEUED -> SENDING (claimed, with a lease) -> SENT,
# or back to QUEUED with a later next_attempt_at, or to FAILED for good.
# Provider webhooks then move SENT on to DELIVERED, BOUNCED or COMPLAINED.

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


def claim_deliveries(letter_id: int, *, now=None) -> list[Delivery]:
    """Claim the letter's due deliveries for this worker, with a lease.

    The conditional UPDATE is the lock: two workers (a retry, a duplicate
    task, the sweeper) can never both claim the same row. The letter's row
    lock makes the claim whole: a letter's recipients are claimed together
    and go out in one message, never split between two racing workers.
    The lease_until value written here is the claim's token: later writes
    about a failure only apply while the row still carries it.
    """
    now = now or timezone.now()
    lease = now + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
    with transaction.atomic():
        # PostgreSQL: whoever holds the letter is claiming it; skip, it is in hand.
        # SQLite ignores this; its single writer lock serializes the UPDATE instead.
        # An erased supporter's letter is never claimed, whatever its deliveries say.
        claimable = Letter.objects.filter(pk=letter_id, erased_at__isnull=True)
        if not claimable.select_for_update(skip_locked=True).exists():
            return []
        claimed = (
            Delivery.objects.filter(letter_id=letter_id)
            .due(now)
            .update(state=Delivery.State.SENDING, lease_until=lease, attempts=F("attempts") + 1)
        )
    if not claimed:
        return []
    return list(
        Delivery.objects.filter(
            letter_id=letter_id, state=Delivery.State.SENDING, lease_until=lease
        ).select_related("letter", "target")
    )


def send_letter(letter_id: int, *, now=None) -> int:
    """Send whatever of this letter is due: one message for the targets and
    copies, one for the supporter's own copy. Returns how many were sent."""
    sent, _ = _send_letter(letter_id, now=now or timezone.now())
    return sent


def _send_letter(letter_id: int, *, now) -> tuple[int, bool]:
    """Send a letter's due deliveries; also tell whether the provider looked down."""
    claimed = claim_deliveries(letter_id, now=now)
    if not claimed:
        return 0, False
    letter = Letter.objects.select_related("campaign", "riding", "mp").get(pk=letter_id)
    # All of the letter's recipients, read once for every message's greeting.
    recipients = list(letter.deliveries.select_related("target"))
    claimed = _within_target_caps(claimed, now=now)
    sent, outage = 0, False
    connection = get_connection()
    # Opened here, the connection stays open until the outcomes are recorded:
    # send_messages() would otherwise close it (an SMTP QUIT round trip) inside
    # the window between the provider's acceptance and our record of it. If it
    # fails to open, send() tries again and the failure is recorded there.
    with contextlib.suppress(Exception):
        connection.open()
    try:
        for group in group_deliveries(claimed):
            sent_now, outage_now = _hand_off(
                letter, group, recipients=recipients, connection=connection, now=now
            )
            sent, outage = sent + sent_now, outage or outage_now
    finally:
        with contextlib.suppress(Exception):
            connection.close()
    return sent, outage


def _hand_off(
    letter: Letter, group: list[Delivery], *, recipients: list[Delivery], connection, now
) -> tuple[int, bool]:
    """Hand one message to the provider and record each recipient's outcome at once."""
    outage = False
    if not _take_slot("provider", limit=settings.DELIVERY_RATE_PER_MINUTE, window=60, now=now):
        _defer(group, until=_next_window(now, 60))
        return 0, False
    message = None
    try:  # composing too: a letter that cannot be built is retried, then failed, not stuck
        message = build_letter_message(letter, group, recipients=recipients)
        message.connection = connection
        if not hasattr(connection, "esp_name"):
            # SMTP: our own stable Message-ID, so a hand-off repeated after a
            # crash carries the same id and mailboxes fold the two together.
            message.extra_headers["Message-ID"] = _message_id(letter, group)
        message.send()
    except Exception as exc:  # noqa: BLE001 - every failure is recorded, then retried or stopped
        log.warning("Delivery of letter %s failed: %s", letter.pk, exc)
        outcomes = _outcomes_from_error(exc, message, group)
        outage = _looks_like_outage(exc)
    else:
        outcomes = _outcomes_from_result(message, group)
    return record_outcomes(group, outcomes=outcomes, now=now), outage


def _message_id(letter: Letter, group: list[Delivery]) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{letter.public_id}.{'.'.join(str(d.pk) for d in group)}@{domain}>"


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
    """The provider itself seems unreachable or failing: later letters would fail too."""
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


@transaction.atomic
def record_outcomes(group: list[Delivery], *, outcomes: dict[int, Outcome], now) -> int:
    """Record each recipient's outcome of one hand-off; returns how many were sent."""
    sent = 0
    # One delay for the whole hand-off: with a jitter each, its recipients would
    # come due at different times and go out as separate messages.
    delay = retry_delay(max(d.attempts for d in group))
    for d in group:
        outcome = outcomes[d.pk]
        if outcome.kind == "sent":
            # Whatever a stale claim did meanwhile, the provider has it now:
            # record it, so that nothing ever sends it again.
            sent += (
                Delivery.objects.filter(pk=d.pk)
                .exclude(state__in=HANDED_OFF)
                .update(
                    state=Delivery.State.SENT,
                    sent_at=timezone.now(),
                    lease_until=None,
                    provider_message_id=outcome.detail[:200],
                    last_error="",
                )
            )
            continue
        mine = Delivery.objects.filter(
            pk=d.pk, state=Delivery.State.SENDING, lease_until=d.lease_until
        )
        if outcome.kind == "failed":
            mine.update(
                state=Delivery.State.FAILED, lease_until=None, last_error=outcome.detail[:2000]
            )
            continue
        next_at = now + delay
        if next_at > retry_window_end(d):
            mine.update(
                state=Delivery.State.FAILED,
                lease_until=None,
                last_error=_("Gave up after %(n)s attempts: %(reason)s")
                % {"n": d.attempts, "reason": outcome.detail[:1900]},
            )
        else:
            mine.update(
                state=Delivery.State.QUEUED,
                next_attempt_at=next_at,
                lease_until=None,
                last_error=outcome.detail[:2000],
            )
    return sent


# Pace: shared fixed-window counters in the cache (Redis when REDIS_URL is set,
# so every worker draws on the same budget; process memory in the embedded mode).


def _take_slot(name: str, *, limit: int, window: int, now) -> bool:
    """Count one use of a budget in the current window; False once it is spent (0: no limit)."""
    if limit <= 0:
        return True
    key = f"delivery-pace:{name}:{int(now.timestamp()) // window}"
    cache.add(key, 0, timeout=window * 2)
    try:
        used = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.add(key, 1, timeout=window * 2)
        used = 1
    return used <= limit


def _next_window(now, window: int):
    """The start of the next window, plus jitter so waiting letters do not all wake at once."""
    start = (int(now.timestamp()) // window + 1) * window
    return datetime.fromtimestamp(start, tz=UTC) + timedelta(seconds=random.uniform(0, window / 12))


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


def _within_target_caps(claimed: list[Delivery], *, now) -> list[Delivery]:
    """Keep the deliveries whose target has room this hour; the rest wait for the next.

    Outside office hours, letters to targets (and their Cc copies) wait for the
    opening; the supporter's own copy goes at once.
    """
    opening = office_opening(now)
    if opening:
        waiting = [d for d in claimed if d.kind != Delivery.Kind.COPY]
        _defer(waiting, until=opening + timedelta(seconds=random.uniform(0, 300)))
        return [d for d in claimed if d.kind == Delivery.Kind.COPY]
    cap = settings.TARGET_HOURLY_CAP
    allowed, waiting = [], []
    for d in claimed:
        has_room = (
            d.kind != Delivery.Kind.TO
            or d.target_id is None
            or _take_slot(f"target:{d.target_id}", limit=cap, window=3600, now=now)
        )
        (allowed if has_room else waiting).append(d)
    if waiting and not any(d.kind == Delivery.Kind.TO for d in allowed):
        # The Cc copies travel with a letter to a target: none goes now, so they wait too.
        waiting += [d for d in allowed if d.kind == Delivery.Kind.CC]
        allowed = [d for d in allowed if d.kind != Delivery.Kind.CC]
    if waiting:
        _defer(waiting, until=_next_window(now, 3600))
    return allowed


def _defer(deliveries: list[Delivery], *, until) -> None:
    """Put claimed deliveries back in the queue, untried, until a later time."""
    for d in deliveries:
        Delivery.objects.filter(
            pk=d.pk, state=Delivery.State.SENDING, lease_until=d.lease_until
        ).update(
            state=Delivery.State.QUEUED,
            next_attempt_at=until,
            lease_until=None,
            attempts=F("attempts") - 1,
        )


def send_due(*, now=None, limit: int = 500) -> int:
    """Send every letter with a due delivery (the sweeper and the embedded loop)."""
    letter_ids = (
        Delivery.objects.due(now or timezone.now())
        .order_by("next_attempt_at")
        .values_list("letter_id", flat=True)
    )
    sent = 0
    for letter_id in list(dict.fromkeys(letter_ids[:limit])):
        # A fresh clock for each letter, so a long pass grants full leases to the last ones.
        letter_sent, outage = _send_letter(letter_id, now=now or timezone.now())
        sent += letter_sent
        if outage:
            # The rest would fail the same way; the next pass tries again.
            log.warning("Email provider unreachable; the sweep stops here.")
            break
    return sent


@transaction.atomic
def retry_deliveries(deliveries, *, now=None) -> int:
    """Queue failed deliveries again now, with a fresh retry window (staff's retry)."""
    now = now or timezone.now()
    failed = deliveries.failed().filter(letter__erased_at__isnull=True)  # erasure is final
    letter_ids = set(failed.values_list("letter_id", flat=True))
    count = failed.update(
        state=Delivery.State.QUEUED,
        next_attempt_at=now,
        retry_until=now + timedelta(hours=settings.DELIVERY_RETRY_HOURS),
        lease_until=None,
        attempts=0,
    )
    for letter_id in sorted(letter_ids):
        enqueue_delivery(letter_id)
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
    matching = Delivery.objects.filter(provider_message_id=message_id, address__iexact=recipient)
    # "Delivered" never overwrites a bounce or complaint that arrived first.
    from_states = [Delivery.State.SENT] if state == Delivery.State.DELIVERED else HANDED_OFF
    changed = matching.filter(state__in=from_states).exclude(state=state).update(state=state)
    if state == Delivery.State.BOUNCED:
        Target.objects.filter(
            pk__in=matching.exclude(target=None).values("target_id"), bounced_at__isnull=True
        ).update(bounced_at=at, bounce_reason=(reason or event_type)[:500])
    return changed
