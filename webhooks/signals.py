"""The changes webhooks report, heard from the apps below through their signals and
stored in the outbox in the same transaction. Payloads hold no personal data: an
event says what happened and links to the API, where a key's scope decides the rest."""

from datetime import UTC

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse

from campaigns.models import CoSigner
from campaigns.signals import cosigners_approved
from digest.models import Subscriber
from digest.signals import subscriber_confirmed
from letters.models import Delivery, Letter
from letters.signals import deliveries_changed, letter_accepted

from . import services
from .models import Endpoint

Event = Endpoint.Event


def _date(value) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def _api(name: str, *args) -> dict:
    return {"href": settings.SITE_URL + reverse(f"api_v1:{name}", args=args)}


def _campaign(campaign) -> dict:
    return {
        "identifier": f"advocacy:campaign-{campaign.pk}",
        "title": campaign.title,
        "_links": {"self": _api("advocacy-campaign", campaign.pk)},
    }


def _outreach(letter: Letter) -> dict:
    return {
        "identifier": f"advocacy:{letter.public_id}",
        "status": letter.state,
        "language": letter.language,
        "created_date": _date(letter.created_at),
        "advocacy_campaign": _campaign(letter.campaign),
        "_links": {"self": _api("outreach", letter.public_id)},
    }


@receiver(letter_accepted, sender=Letter, dispatch_uid="webhooks.letter_accepted")
def on_letter_accepted(sender, letter: Letter, **kwargs) -> None:
    services.record_event(Event.LETTER_ACCEPTED, lambda: {"outreach": _outreach(letter)})


@receiver(deliveries_changed, sender=Delivery, dispatch_uid="webhooks.deliveries_changed")
def on_deliveries_changed(sender, letter_id: int, delivery_ids: list, state: str, **kw) -> None:
    def data() -> dict:
        deliveries = list(
            Delivery.objects.filter(pk__in=delivery_ids)
            .select_related("target", "letter__campaign")
            .order_by("id")
        )
        return {
            "outreach": _outreach(deliveries[0].letter),
            "delivery_state": state,
            # The supporter's own copy is named by its kind only: its address is theirs.
            "recipients": [
                {"kind": d.kind, "title": d.target.title if d.target else "", "name": d.name}
                if d.kind != Delivery.Kind.COPY
                else {"kind": d.kind}
                for d in deliveries
            ],
        }

    services.record_event(Event.DELIVERY_CHANGED, data)


@receiver(subscriber_confirmed, sender=Subscriber, dispatch_uid="webhooks.subscriber_confirmed")
def on_subscriber_confirmed(sender, subscriber: Subscriber, **kwargs) -> None:
    services.record_event(
        Event.SUBSCRIBER_CONFIRMED,
        lambda: {
            "subscriber": {
                "identifier": f"advocacy:subscriber-{subscriber.pk}",
                "language": subscriber.language,
                "confirmed_date": _date(subscriber.confirmed_at),
            }
        },
    )


@receiver(cosigners_approved, sender=CoSigner, dispatch_uid="webhooks.cosigners_approved")
def on_cosigners_approved(sender, cosigner_ids: list, **kwargs) -> None:
    if not services.subscribed(Event.COSIGNER_APPROVED):
        return
    # Co-signers are published on the statement: their organization's name is public.
    for cosigner in CoSigner.objects.filter(pk__in=cosigner_ids).select_related("campaign"):
        services.record_event(
            Event.COSIGNER_APPROVED,
            lambda c=cosigner: {
                "cosigner": {
                    "identifier": f"advocacy:cosigner-{c.pk}",
                    "organization": c.name,
                    "website": c.url,
                    "approved_date": _date(c.decided_at),
                    "advocacy_campaign": _campaign(c.campaign),
                }
            },
        )


@receiver([post_save, post_delete], sender=Endpoint, dispatch_uid="webhooks.forget_endpoints")
def on_endpoint_saved(sender, **kwargs) -> None:
    services.forget_endpoints()
