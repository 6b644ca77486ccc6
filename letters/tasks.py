from celery import shared_task

from . import delivery, services


@shared_task(acks_late=True)
def deliver_due() -> int:
    """Send due letters in batches until none is left (queued after each stored letter)."""
    return delivery.drain()


@shared_task(acks_late=True)
def deliver(letter_id: int) -> int:
    """Send a letter's due deliveries (tasks queued before batches existed)."""
    return delivery.send_letter(letter_id)


@shared_task
def sweep() -> int:
    """Send what the queue lost or what is due again: the safety net."""
    return delivery.send_due()


# The link must arrive before the letter expires: retry a failing provider, backing off.
# Nothing sweeps unsent confirmations, so with the queue down the request sends it.
@shared_task(
    autoretry_for=(Exception,), retry_backoff=30, max_retries=8, run_here_when_queue_down=True
)
def send_confirmation(letter_id: int) -> bool:
    """Email the supporter the link that confirms their letter."""
    return services.send_confirmation_email(letter_id)


@shared_task
def expire_unconfirmed() -> int:
    """Expire letters whose writers never confirmed them."""
    return services.expire_unconfirmed()
