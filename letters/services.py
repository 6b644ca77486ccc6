"""Writes: storing letters, claiming and sending their deliveries."""

import logging
import random
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from campaigns.models import Campaign, LetterTemplate, Target

from .emails import build_confirmation_message, build_letter_message
from .models import Delivery, Letter
from .screening import hold_reason_for

log = logging.getLogger(__name__)


class CampaignClosed(Exception):
    """The campaign does not take letters now."""


class AlreadySigned(Exception):
    """This email has already written to this campaign."""


def enqueue_delivery(letter_id: int) -> None:
    """Hand a letter to the queue once its transaction commits.

    robust=True: a broker outage must not turn a stored letter into a server
    error. The sweeper sends whatever was not enqueued.
    """
    from .tasks import deliver

    transaction.on_commit(lambda: deliver.delay(letter_id), robust=True)


@transaction.atomic
def submit_letter(
    campaign: Campaign,
    *,
    template: LetterTemplate,
    first_name: str,
    last_name: str,
    email: str,
    postal_code: str,
    city: str = "",
    subject: str,
    body: str,
    send_copy: bool = False,
    news_opt_in: bool = False,
    mp: Target | None = None,
    ip_hash: str = "",
    is_test: bool = False,
    now=None,
) -> Letter:
    """Store a supporter's letter and one queued delivery per recipient."""
    now = now or timezone.now()
    if not is_test and not campaign.is_open(now):
        raise CampaignClosed
    if not template.editable:
        subject, body = template.subject, template.body
    letter = Letter(
        campaign=campaign,
        template=template,
        first_name=first_name,
        last_name=last_name,
        email=email,
        postal_code=postal_code,
        city=city,
        province=province_of(postal_code),
        riding=mp.riding if mp else None,
        mp=mp,
        subject=subject,
        body=body,
        send_copy=send_copy,
        news_opt_in=news_opt_in,
        ip_hash=ip_hash,
        is_test=is_test,
        created_at=now,
        state=Letter.State.ACCEPTED,
    )
    if news_opt_in:
        letter.news_consent_text, letter.news_consent_at = str(Letter.NEWS_CONSENT_TEXT), now
    if not is_test:
        letter.hold_reason = _hold_reason(letter, template)
        if campaign.require_confirmation:
            letter.state = Letter.State.UNCONFIRMED
        elif letter.hold_reason:
            letter.state = Letter.State.HELD
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError as exc:
        raise AlreadySigned from exc
    if letter.state == Letter.State.UNCONFIRMED:
        enqueue_confirmation(letter.id)
    elif letter.state == Letter.State.ACCEPTED:
        _accept(letter, template, now=now)
    return letter


def _accept(letter: Letter, template: LetterTemplate, *, now) -> None:
    """Create the letter's deliveries, count it, and queue it."""
    Delivery.objects.bulk_create(_deliveries_for(letter, template, now=now))
    if not letter.is_test:
        Campaign.objects.filter(pk=letter.campaign_id).update(
            letter_count=F("letter_count") + 1, last_letter_at=now
        )
    enqueue_delivery(letter.id)


def _deliveries_for(letter: Letter, template: LetterTemplate, *, now) -> list[Delivery]:
    if letter.is_test:
        # A test letter goes to the staff member only, never to the real targets.
        return [
            Delivery(
                letter=letter,
                kind=Delivery.Kind.COPY,
                address=letter.email,
                name=letter.full_name,
                next_attempt_at=now,
            )
        ]
    targets = list(template.targets.all())
    if letter.mp and letter.mp not in targets:
        targets.append(letter.mp)
    rows = [
        Delivery(
            letter=letter,
            kind=Delivery.Kind.TO,
            target=t,
            name=t.name,
            address=t.email,
            next_attempt_at=now,
        )
        for t in targets
    ]
    rows += [
        Delivery(letter=letter, kind=Delivery.Kind.CC, address=a, next_attempt_at=now)
        for a in template.cc_list
    ]
    if letter.send_copy:
        rows.append(
            Delivery(
                letter=letter,
                kind=Delivery.Kind.COPY,
                address=letter.email,
                name=letter.full_name,
                next_attempt_at=now,
            )
        )
    return rows


PROVINCE_BY_LETTER = {
    "A": "NL", "B": "NS", "C": "PE", "E": "NB", "G": "QC", "H": "QC", "J": "QC",
    "K": "ON", "L": "ON", "M": "ON", "N": "ON", "P": "ON", "R": "MB", "S": "SK",
    "T": "AB", "V": "BC", "Y": "YT",
}  # fmt: skip


def province_of(postal_code: str) -> str:
    """The province a postal code belongs to, from its first letter (X: NT or NU)."""
    code = (postal_code or "").upper()
    if code.startswith("X"):
        return "NU" if code[:3] in ("X0A", "X0B", "X0C") else "NT"
    return PROVINCE_BY_LETTER.get(code[:1], "")


def claim_deliveries(letter_id: int, *, now=None) -> list[Delivery]:
    """Claim the letter's due deliveries for this worker, with a lease.

    The conditional UPDATE is the lock: two workers (a retry, a duplicate
    task, the sweeper) can never both claim the same row.
    """
    now = now or timezone.now()
    lease = now + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
    due_ids = list(
        Delivery.objects.filter(letter_id=letter_id).due(now).values_list("id", flat=True)
    )
    claimed = []
    for pk in due_ids:
        if (
            Delivery.objects.filter(pk=pk)
            .due(now)
            .update(state=Delivery.State.SENDING, lease_until=lease, attempts=F("attempts") + 1)
        ):
            claimed.append(pk)
    return list(Delivery.objects.filter(pk__in=claimed).select_related("letter", "target"))


def send_letter(letter_id: int, *, now=None) -> int:
    """Send whatever of this letter is due: one message for the targets and
    copies, one for the supporter's own copy. Returns how many were sent."""
    now = now or timezone.now()
    claimed = claim_deliveries(letter_id, now=now)
    if not claimed:
        return 0
    letter = Letter.objects.select_related("campaign", "riding", "mp").get(pk=letter_id)
    groups = [
        [d for d in claimed if d.kind != Delivery.Kind.COPY],
        [d for d in claimed if d.kind == Delivery.Kind.COPY],
    ]
    sent = 0
    connection = get_connection()
    for group in (g for g in groups if g):
        message = build_letter_message(letter, group)
        message.connection = connection
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - every failure is recorded, then retried
            _record_failure(group, exc, now=now)
            continue
        message_id = getattr(message, "anymail_status", None)
        provider_id = (message_id.message_id if message_id else "") or ""
        Delivery.objects.filter(pk__in=[d.pk for d in group], state=Delivery.State.SENDING).update(
            state=Delivery.State.SENT,
            sent_at=timezone.now(),
            lease_until=None,
            provider_message_id=str(provider_id)[:200],
            last_error="",
        )
        sent += len(group)
    return sent


def _record_failure(group: list[Delivery], exc: Exception, *, now) -> None:
    """Back off exponentially, with jitter, until the retry window closes."""
    for d in group:
        attempts = d.attempts + 1
        window_end = d.created_at + timedelta(hours=settings.DELIVERY_RETRY_HOURS)
        delay = min(3600, 30 * 2 ** min(attempts, 10)) * random.uniform(0.8, 1.2)
        next_at = now + timedelta(seconds=delay)
        state = Delivery.State.FAILED if next_at > window_end else Delivery.State.QUEUED
        Delivery.objects.filter(pk=d.pk, state=Delivery.State.SENDING).update(
            state=state, next_attempt_at=next_at, lease_until=None, last_error=str(exc)[:2000]
        )
    log.warning("Delivery of letter %s failed: %s", group[0].letter_id, exc)


def send_due(*, now=None, limit: int = 500) -> int:
    """Send every letter with a due delivery (the sweeper and the embedded loop)."""
    now = now or timezone.now()
    letter_ids = (
        Delivery.objects.due(now).order_by("next_attempt_at").values_list("letter_id", flat=True)
    )
    sent = 0
    for letter_id in list(dict.fromkeys(letter_ids[:limit])):
        sent += send_letter(letter_id, now=now)
    return sent


# Confirmation by email, and review of held letters: nothing is sent or counted before.


def _hold_reason(letter: Letter, template: LetterTemplate) -> str:
    targets = list(template.targets.all())
    if letter.mp:
        targets.append(letter.mp)
    return hold_reason_for(
        email=letter.email,
        postal_code=letter.postal_code,
        subject=letter.subject,
        body=letter.body,
        template=template,
        targets=targets,
    )


def enqueue_confirmation(letter_id: int) -> None:
    """Queue the confirmation email once the letter is committed (robustly, like letters)."""
    from .tasks import send_confirmation

    # Without a broker (the embedded mode) no worker would pick the task up: send now.
    run = send_confirmation.delay if settings.REDIS_URL else send_confirmation
    transaction.on_commit(lambda: run(letter_id), robust=True)


def send_confirmation_email(letter_id: int) -> bool:
    """Email the supporter the link that confirms their letter, if it still waits."""
    letter = Letter.objects.select_related("campaign").filter(pk=letter_id).first()
    if letter is None or letter.state != Letter.State.UNCONFIRMED or not letter.email:
        return False
    build_confirmation_message(letter).send()
    return True


@transaction.atomic
def confirm_letter(letter: Letter, *, now=None) -> Letter:
    """The supporter clicked their link: the letter goes out, or to review if it is held."""
    now = now or timezone.now()
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.state != Letter.State.UNCONFIRMED:
        return letter  # a second click changes nothing
    if letter.created_at < now - timedelta(hours=settings.LETTER_CONFIRMATION_HOURS):
        expire_unconfirmed(now=now)  # too late: the beat task had not come round yet
        letter.refresh_from_db()
        return letter
    letter.confirmed_at = now
    letter.state = Letter.State.HELD if letter.hold_reason else Letter.State.ACCEPTED
    letter.save(update_fields=["confirmed_at", "state"])
    if letter.state == Letter.State.ACCEPTED:
        _accept(letter, letter.template, now=now)
    return letter


def expire_unconfirmed(*, now=None) -> int:
    """Letters never confirmed in time: expired, their personal data dropped, never counted."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.LETTER_CONFIRMATION_HOURS)
    return Letter.objects.filter(state=Letter.State.UNCONFIRMED, created_at__lt=cutoff).update(
        state=Letter.State.EXPIRED,
        first_name=None,
        last_name=None,
        email=None,
        postal_code=None,
        city="",
        body="",
        ip_hash="",
        erased_at=now,
    )


@transaction.atomic
def release_letter(letter: Letter, *, now=None) -> bool:
    """Staff found a held letter genuine: send and count it."""
    now = now or timezone.now()
    updated = Letter.objects.filter(pk=letter.pk, state=Letter.State.HELD).update(
        state=Letter.State.ACCEPTED
    )
    if updated:
        letter.refresh_from_db()
        _accept(letter, letter.template, now=now)
    return bool(updated)


@transaction.atomic
def reject_letter(letter: Letter) -> bool:
    """Staff found a held letter abusive: it is never sent nor counted."""
    return bool(
        Letter.objects.filter(pk=letter.pk, state=Letter.State.HELD).update(
            state=Letter.State.REJECTED
        )
    )
