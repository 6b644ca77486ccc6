"""Writes on campaigns."""

from django.db import transaction
from django.utils import timezone

from .models import Campaign


@transaction.atomic
def advance_schedule(*, now=None) -> int:
    """Publish scheduled campaigns whose time has come and close those past their end."""
    now = now or timezone.now()
    published = Campaign.objects.filter(
        status=Campaign.Status.SCHEDULED, publish_at__lte=now
    ).update(status=Campaign.Status.PUBLISHED, updated_at=now)
    closed = Campaign.objects.filter(status=Campaign.Status.PUBLISHED, close_at__lte=now).update(
        status=Campaign.Status.CLOSED, updated_at=now
    )
    return published + closed
