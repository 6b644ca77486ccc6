from celery import shared_task

from . import services


@shared_task
def apply_retention() -> int:
    """Erase the supporters the retention policy no longer lets us keep."""
    return services.apply_retention()


@shared_task
def scrub_delivered_letters() -> int:
    """Erase the text and address of delivered letters where campaigns ask for it."""
    return services.scrub_delivered_letters()
