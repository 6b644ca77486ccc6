from celery import shared_task

from . import services


@shared_task(acks_late=True)
def send_due() -> int:
    """Post the webhook events that are due (queued after each stored event)."""
    return services.send_due()


@shared_task
def sweep() -> int:
    """Post what the queue lost or what is due again: the safety net (beat, every 30 s)."""
    return services.send_due(limit=500)
