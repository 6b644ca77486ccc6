"""Writes about staff security: records of staff sign-ins kept no longer than needed."""

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.utils import timezone


@transaction.atomic
def delete_expired_signin_records(*, now=None) -> int:
    """Delete the records of failed staff sign-ins whose lock has ended; returns how many."""
    now = now or timezone.now()
    # django-axes ignores these already, but deletes them only at the next sign-in, which
    # may never come. A failure during a lock moves its attempt_time: a lock still running
    # is never older than the cool-off.
    deleted, _ = AccessAttempt.objects.filter(
        attempt_time__lte=now - settings.AXES_COOLOFF_TIME
    ).delete()
    return deleted
