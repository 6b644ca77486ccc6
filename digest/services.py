"""Writes on the digest's list: subscribing, confirming, leaving, sending."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import get_language

from advocacy.crypto import blind_index
from advocacy.emails import email_key
from advocacy.log_filters import redact

from .emails import build_confirmation_message, build_issue_message
from .models import Subscriber
from .signals import subscriber_confirmed
from .tokens import CONFIRM_MAX_AGE

log = logging.getLogger(__name__)

RESEND_AFTER = timedelta(minutes=10)  # the least time between two confirmation emails


def send_confirmation(subscriber_id: int) -> None:
    """Email the confirmation link. A failure is logged: the person can sign up again."""
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    if subscriber.status != Subscriber.Status.PENDING:
        return
    try:
        build_confirmation_message(subscriber).send()
    except Exception as exc:  # noqa: BLE001 - a mail outage must not fail the sign-up
        # Ids only: an SMTP refusal quotes the address.
        log.warning(
            "Could not send the digest confirmation to subscriber %s: %s",
            subscriber_id,
            redact(str(exc)),
        )


@transaction.atomic
def subscribe(
    *, email: str, name: str = "", consent_text: str, source: str, language: str = "", now=None
) -> Subscriber:
    """Add someone to the digest as pending and email them a confirmation link.

    A confirmed subscriber stays as they are (no second email); someone who
    left and signs up again must confirm again. Safe to call from the letter form.
    """
    now = now or timezone.now()
    email = email_key(email)
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    subscriber, created = Subscriber.objects.select_for_update().get_or_create(
        email_index=blind_index(email),
        defaults={
            "email": email,
            "name": name,
            "consent_text": consent_text,
            "consented_at": now,
            "source": source,
            "language": language,
        },
    )
    if not created:
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return subscriber
        # Someone typing another person's address again and again must not flood them.
        if (
            subscriber.status == Subscriber.Status.PENDING
            and subscriber.consented_at > now - RESEND_AFTER
        ):
            return subscriber
        subscriber.status = Subscriber.Status.PENDING
        subscriber.name = name or subscriber.name
        subscriber.consent_text = consent_text
        subscriber.consented_at = now
        subscriber.source = source
        subscriber.language = language
        subscriber.unsubscribed_at = None
        subscriber.save()
    transaction.on_commit(lambda: send_confirmation(subscriber.pk), robust=True)
    return subscriber


@transaction.atomic
def confirm_subscription(subscriber: Subscriber, *, now=None) -> Subscriber:
    """The person clicked the link: they receive the digest from now on."""
    if subscriber.status == Subscriber.Status.PENDING:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = now or timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
        subscriber_confirmed.send(sender=Subscriber, subscriber=subscriber)
    return subscriber


@transaction.atomic
def unsubscribe(subscriber: Subscriber, *, now=None) -> Subscriber:
    """Take someone off the list at once; repeating it changes nothing."""
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = now or timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
    return subscriber


def unconfirmed_days() -> int:
    """How long a sign-up waits for its confirmation: never less than its link works."""
    link_days = -(-CONFIRM_MAX_AGE // 86400)
    return max(settings.DIGEST_UNCONFIRMED_DAYS, link_days)


@transaction.atomic
def delete_unconfirmed(*, now=None) -> int:
    """Delete the sign-ups nobody confirmed within unconfirmed_days(); returns how many."""
    now = now or timezone.now()
    # From the last sign-up (consented_at), which sent a fresh link, not the first.
    cutoff = now - timedelta(days=unconfirmed_days())
    deleted, _ = Subscriber.objects.unconfirmed_since(cutoff).delete()
    return deleted


def send_issue(*, subject: str, text: str, html: str, french: dict | None = None) -> int:
    """Send one issue of the digest to every confirmed subscriber, each in their language:
    `french` (subject, text, html) goes to French subscribers when given, the English
    edition to everyone else. Returns how many were sent."""
    editions = {"en": {"subject": subject, "text": text, "html": html}}
    if french:
        editions["fr"] = french
    connection = get_connection()
    sent = 0
    for subscriber in Subscriber.objects.confirmed().iterator():
        edition = editions.get(subscriber.language, editions["en"])
        message = build_issue_message(subscriber, **edition)
        message.connection = connection
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - one bad address must not stop the others
            log.warning(
                "Could not send the digest to subscriber %s: %s", subscriber.pk, redact(str(exc))
            )
            continue
        sent += 1
    return sent


def subscribe_from_letter(letter) -> Subscriber | None:
    """The letter form's news box feeds the same list, with the same double opt-in."""
    from letters.forms import news_consent_label

    if not letter.news_opt_in or letter.is_test or not letter.email:
        return None
    with translation.override(letter.language):
        return subscribe(
            email=letter.email,
            name=letter.full_name,
            # The wording the supporter ticked, recorded as their consent.
            consent_text=str(news_consent_label()),
            source=f"letter:{letter.campaign.slug}",
            language=letter.language,
        )
