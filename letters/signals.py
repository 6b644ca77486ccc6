"""Provider webhooks: anymail's tracking signal, handed to one service."""

from anymail.signals import AnymailTrackingEvent, tracking
from django.dispatch import receiver

from . import delivery


@receiver(tracking, dispatch_uid="letters.record_delivery_event")
def record_tracking_event(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs) -> None:
    delivery.record_delivery_event(
        message_id=str(event.message_id or ""),
        recipient=event.recipient or "",
        event_type=event.event_type or "",
        reason=event.description or event.mta_response or "",
        at=event.timestamp,
    )
