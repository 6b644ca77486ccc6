"""Provider webhooks: anymail's tracking signal, handed to one service. And the
signals letters sends, so that the apps above it (partners, webhooks) react to a
letter without letters importing them."""

from anymail.signals import AnymailTrackingEvent, tracking
from django.dispatch import Signal, receiver

# A LetterForm was built (form=): a receiver may add fields of its own, naming them in
# form.extra_fields; their answers reach letter_stored, never the letter's columns.
letter_form_created = Signal()
# A letter was stored (letter=, extra= the answers to those fields), in its transaction.
letter_stored = Signal()
# A letter was accepted for delivery (letter=), in the transaction that accepted it.
letter_accepted = Signal()
# Deliveries moved to a new state (letter_id=, delivery_ids=, state=), in that transaction.
deliveries_changed = Signal()


@receiver(tracking, dispatch_uid="letters.record_delivery_event")
def record_tracking_event(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs) -> None:
    from . import delivery  # delivery sends the signals below: imported when needed

    delivery.record_delivery_event(
        message_id=str(event.message_id or ""),
        recipient=event.recipient or "",
        event_type=event.event_type or "",
        reason=event.description or event.mta_response or "",
        at=event.timestamp,
    )
