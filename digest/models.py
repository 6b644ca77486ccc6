import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from advocacy.crypto import blind_index
from advocacy.models import EncryptedField


def new_link_key() -> str:
    """The random part of a subscriber's links (digest/tokens.py)."""
    return secrets.token_urlsafe(16)


class SubscriberQuerySet(models.QuerySet):
    def of_address(self, email: str):
        """The subscriber of this address, however it was typed (its blind index)."""
        return self.filter(email_index=blind_index(email))

    def confirmed(self):
        """Subscribers who confirmed their address and have not left."""
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def unconfirmed_since(self, moment):
        """Sign-ups still waiting for confirmation, whose last sign-up was before `moment`."""
        return self.filter(status=Subscriber.Status.PENDING, consented_at__lt=moment)


class Subscriber(models.Model):
    """Someone who receives the news digest, once they confirmed their address."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    # Encrypted at rest (advocacy/crypto.py), stored normalized; one subscriber per
    # address through its blind index, set by save().
    email = EncryptedField(_("email"), max_length=254, input="email")
    email_index = models.CharField(max_length=64, unique=True, editable=False)
    # What the links in its emails carry, signed, instead of its id and address.
    link_key = models.CharField(
        max_length=32, unique=True, null=True, editable=False, default=new_link_key
    )
    name = EncryptedField(_("name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    # What the person agreed to, word for word, and when: the proof of consent.
    consent_text = models.TextField(_("consent wording"))
    consented_at = models.DateTimeField(_("consented at"))
    # The language of the sign-up (the page's, or the letter's): its emails follow it.
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Where they signed up.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "email" in update_fields:
            self.email_index = blind_index(self.email)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "email_index"}
        super().save(*args, **kwargs)
