"""Webhooks' writes and sends: an event is stored in the outbox in the transaction of
the change it reports, then a worker posts it, signed, and records the answer:
delivered, tried again later with a growing delay, or failed once the retry window
(WEBHOOK_RETRY_HOURS) is over. Nothing here ever runs inside a supporter's request
but the storing: posting is the worker's (tasks.py) and the sweeper's."""

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from datetime import UTC, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Endpoint, OutboxEvent

log = logging.getLogger(__name__)

ENDPOINTS_KEY = "webhooks:endpoints"  # the active endpoints and their events, cached
ANSWER_KEPT = 2000  # characters of a receiver's answer kept for staff
MAX_DELAY = timedelta(hours=6)
CLAIM_SIZE = 10  # events a worker takes at a time (its lease covers posting them all)
LOCAL_SECONDS = 5.0  # how long a process trusts its own copy of the endpoints' list
_local: tuple[float, list] = (0.0, [])  # (fresh until, on the monotonic clock; endpoints)


def subscribed(event: str) -> list[int]:
    """The active endpoints that want this event. Cached, so that a letter costs no
    query when nobody listens: in this process for LOCAL_SECONDS, in the shared cache
    for five minutes; every save of an endpoint forgets both (other processes' copies
    within LOCAL_SECONDS)."""
    global _local
    fresh_until, endpoints = _local
    if fresh_until <= time.monotonic():
        endpoints = cache.get(ENDPOINTS_KEY)
        if endpoints is None:
            endpoints = list(Endpoint.objects.filter(is_active=True).values("id", "events"))
            cache.set(ENDPOINTS_KEY, endpoints, 300)
        _local = (time.monotonic() + LOCAL_SECONDS, endpoints)
    return [e["id"] for e in endpoints if event in e["events"]]


def forget_endpoints() -> None:
    global _local
    _local = (0.0, [])
    cache.delete(ENDPOINTS_KEY)


def record_event(event: str, data: Callable[[], dict], *, now=None) -> int:
    """Store the event for every endpoint that wants it, in the caller's transaction, and
    wake a worker once that commits. Returns how many were stored.

    Never raises: a webhook must not undo the letter it reports. A failure rolls back
    its own savepoint only, and is logged.
    """
    endpoint_ids = subscribed(event)
    if not endpoint_ids:
        return 0
    now = now or timezone.now()
    try:
        with transaction.atomic():
            event_id = uuid.uuid4()
            payload = {
                "id": str(event_id),
                "type": event,
                "created": now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                "data": data(),
            }
            retry_until = now + timedelta(hours=settings.WEBHOOK_RETRY_HOURS)
            OutboxEvent.objects.bulk_create(
                OutboxEvent(
                    endpoint_id=pk,
                    event_id=event_id,
                    event=event,
                    payload=payload,
                    next_attempt_at=now,
                    retry_until=retry_until,
                    created_at=now,
                )
                for pk in endpoint_ids
            )
    except Exception:  # noqa: BLE001 - logged; the change it reports goes on
        log.exception("Webhook event %s could not be stored", event)
        return 0
    transaction.on_commit(kick, robust=True)
    return len(endpoint_ids)


def kick() -> None:
    """Ask a worker to post what is due (the sweeper does it anyway, every 30 s)."""
    from .tasks import send_due

    send_due.delay()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 of "<timestamp>.<body>" with the endpoint's secret, as sent."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8… minutes after each failed attempt, at most MAX_DELAY."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_DELAY)


def send_due(*, limit: int = 100) -> int:
    """Post the due events, up to `limit`, a few at a time; returns how many were
    delivered."""
    delivered = done = 0
    while done < limit:
        events = claim_due(limit=min(CLAIM_SIZE, limit - done))
        delivered += sum(post_event(event) for event in events)
        done += len(events)
        if len(events) < CLAIM_SIZE:
            break
    return delivered


@transaction.atomic
def claim_due(*, limit: int = CLAIM_SIZE) -> list[OutboxEvent]:
    """Take due events for this worker: their next attempt moves past a lease, so that
    another worker skips them, and they come due again if this one dies. The lease
    outlasts posting all of them to receivers that each take the whole time-out."""
    now = timezone.now()
    events = list(
        OutboxEvent.objects.due(now)
        .select_related("endpoint")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("next_attempt_at")[:limit]
    )
    lease = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * (limit + 2))
    OutboxEvent.objects.filter(pk__in=[e.pk for e in events]).update(
        next_attempt_at=lease, attempts=F("attempts") + 1
    )
    for event in events:
        event.next_attempt_at, event.attempts = lease, event.attempts + 1
    return events


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect is an answer (3xx), not a new address to post the event to.
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post_event(event: OutboxEvent) -> bool:
    """Post one claimed event, signed, and record the answer. True when delivered."""
    body = json.dumps(event.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = str(int(timezone.now().timestamp()))
    request = urllib.request.Request(
        event.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "advocacy-webhooks/1",
            "X-Advocacy-Event": event.event,
            "X-Advocacy-Event-Id": str(event.event_id),
            "X-Advocacy-Timestamp": timestamp,
            "X-Advocacy-Signature": signature(event.endpoint.secret, timestamp, body),
        },
    )
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            status, answer = response.status, response.read(ANSWER_KEPT)
    except urllib.error.HTTPError as exc:  # an answer, just not a 2xx one
        status, answer = exc.code, exc.read(ANSWER_KEPT)
    except (OSError, ValueError) as exc:  # refused, timed out, unreachable, bad address
        status, answer = None, str(exc).encode()
    return record_answer(event, status=status, answer=answer.decode(errors="replace"))


def record_answer(event: OutboxEvent, *, status: int | None, answer: str) -> bool:
    """Delivered on a 2xx; else due again after a delay, or failed past the window.
    Written only while this worker's claim holds (its lease), like deliveries."""
    now = timezone.now()
    fields = {"last_status": status, "last_response": answer[:ANSWER_KEPT]}
    if status is not None and 200 <= status < 300:
        fields |= {"state": OutboxEvent.State.DELIVERED, "delivered_at": now}
    elif now + retry_delay(event.attempts) > event.retry_until:
        fields |= {"state": OutboxEvent.State.FAILED}
    else:
        fields |= {"next_attempt_at": now + retry_delay(event.attempts)}
    OutboxEvent.objects.filter(
        pk=event.pk, state=OutboxEvent.State.PENDING, next_attempt_at=event.next_attempt_at
    ).update(**fields)
    if status is None or not 200 <= status < 300:
        log.warning("Webhook %s to %s: %s", event.pk, event.endpoint, status or answer[:200])
    return fields.get("state") == OutboxEvent.State.DELIVERED


@transaction.atomic
def resend_events(events, *, now=None) -> int:
    """Queue events (a queryset) again now, with a fresh retry window (staff's resend)."""
    now = now or timezone.now()
    count = events.update(
        state=OutboxEvent.State.PENDING,
        attempts=0,
        next_attempt_at=now,
        retry_until=now + timedelta(hours=settings.WEBHOOK_RETRY_HOURS),
    )
    if count:
        transaction.on_commit(kick, robust=True)
    return count
