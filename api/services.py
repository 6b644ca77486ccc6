"""Writes of the API: issuing and revoking keys, recording reads of personal data."""

import secrets

from django.db import transaction
from django.utils import timezone

from reports.models import ExportLog

from .models import ApiKey


@transaction.atomic
def issue_key(key: ApiKey, *, by=None, now=None) -> str:
    """Give an unsaved key its secret and save it; returns the secret, which is
    stored only as a hash and never shown again."""
    prefix = f"adv_{secrets.token_hex(4)}"
    secret = f"{prefix}_{secrets.token_urlsafe(32)}"
    key.prefix = prefix
    key.key_hash = ApiKey.hash(secret)
    key.created_by = by if by is not None and by.is_authenticated else None
    key.created_at = now or timezone.now()
    key.save()
    return secret


@transaction.atomic
def revoke_keys(keys, *, now=None) -> int:
    """Revoke keys (a queryset) at once: their next request is refused."""
    return keys.filter(revoked_at__isnull=True).update(revoked_at=now or timezone.now())


def record_people_read(key: ApiKey, *, rows: int, now=None) -> ExportLog:
    """Record, in the export log, that a key was given supporters' personal data."""
    now = now or timezone.now()
    return ExportLog.objects.create(
        user=None,
        username=key.label,
        source=ExportLog.Source.API,
        kind=ExportLog.Kind.API_PEOPLE,
        started_at=now,
        finished_at=now,
        row_count=rows,
    )
