from celery import shared_task

from . import services


@shared_task
def delete_unconfirmed() -> int:
    """Delete the digest sign-ups nobody confirmed in time."""
    return services.delete_unconfirmed()
