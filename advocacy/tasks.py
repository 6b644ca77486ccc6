from celery import shared_task

from . import services


@shared_task
def delete_expired_signin_records() -> int:
    """Delete the records of failed staff sign-ins whose lock has ended."""
    return services.delete_expired_signin_records()
