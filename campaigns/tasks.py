from celery import shared_task

from . import services


@shared_task
def advance_schedule() -> int:
    """Publish scheduled campaigns whose time came; close those past their close time."""
    return services.advance_schedule()
