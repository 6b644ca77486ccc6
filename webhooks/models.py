"""Outbound webhooks: the endpoints staff register, and the outbox of events for them."""

import secrets
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def validate_endpoint_url(url: str) -> None:
    """HTTPS only; plain HTTP to this machine in development and tests."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    loopback = parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    if loopback and settings.WEBHOOK_ALLOW_LOOPBACK_HTTP:
        return
    raise ValidationError(
        _("Enter an https:// address: events carry a signature, not a secret channel."),
        code="not_https",
    )


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Endpoint(models.Model):
    """A receiver's address, the events it wants, and the secret its events are signed with."""

    class Event(models.TextChoices):
        LETTER_ACCEPTED = "letter.accepted", _("Letter accepted")
        DELIVERY_CHANGED = "delivery.state_changed", _("Delivery state changed")
        SUBSCRIBER_CONFIRMED = "subscriber.confirmed", _("News Digest subscriber confirmed")
        COSIGNER_APPROVED = "cosigner.approved", _("Co-signer approved")

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("address"), max_length=500, validators=[validate_endpoint_url])
    events = models.JSONField(_("events"), default=list)
    # Shared with the receiver, who checks each event's signature with it (README).
    secret = models.CharField(_("signing secret"), max_length=64, default=new_secret)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive: no new events are stored for it.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.name


class OutboxEventQuerySet(models.QuerySet):
    def due(self, now=None):
        """Events waiting to be posted whose time has come (a claim's lease ended too)."""
        return self.filter(
            state=OutboxEvent.State.PENDING, next_attempt_at__lte=now or timezone.now()
        )


class OutboxEvent(models.Model):
    """One event for one endpoint: stored in the transaction of the change it reports,
    then posted, retried with backoff, and kept with the receiver's last answer."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.PROTECT, related_name="events_out", verbose_name=_("endpoint")
    )
    # The same for every endpoint told of one occurrence: receivers drop repeats by it.
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, editable=False)
    event = models.CharField(_("event"), max_length=40, choices=Endpoint.Event.choices)
    payload = models.JSONField(_("payload"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When it is due; while a worker posts it, the end of that worker's claim (a lease).
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # Retries stop after this (created + WEBHOOK_RETRY_HOURS; a resend opens a new window).
    retry_until = models.DateTimeField(_("retried until"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_response = models.TextField(_("last answer"), blank=True)

    objects = OutboxEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        permissions = [("resend_outboxevent", _("Can send webhook events again"))]
        indexes = [
            # The sweeper's scan: only events still to send, by time.
            models.Index(
                fields=["next_attempt_at"], condition=Q(state="pending"), name="webhook_due"
            )
        ]

    def __str__(self):
        return f"{self.get_event_display()} → {self.endpoint} ({self.get_state_display()})"
