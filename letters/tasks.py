from celery import shared_task

from . import services


@shared_task(acks_late=True)
def deliver(letter_id: int) -> int:
    """Send a letter's due deliveries."""
    return services.send_letter(letter_id)


@shared_task
def sweep() -> int:
    """Send what the queue lost or what is due again: the safety net."""
    return services.send_due()
