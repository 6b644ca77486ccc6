from celery import shared_task

from . import services


@shared_task
def apply_retention() -> int:
    """Erase the supporters the retention policy no longer lets us keep."""
    return services.apply_retention()
