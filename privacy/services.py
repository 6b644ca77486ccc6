"""Writes that keep the privacy promises: unsubscribe, erasure, retention, minimal data."""

import logging
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from advocacy import crypto
from advocacy.crypto import blind_index
from advocacy.log_filters import redact
from advocacy.models import EncryptedField
from campaigns.models import Campaign
from digest import services as digest_services
from digest.models import Subscriber
from letters.models import REMOVED, Delivery, Letter
from letters.signed_links import make_token
from replies import services as replies_services

from .emails import build_access_message, build_nothing_held_message
from .models import AccessRequest, Incident, IncidentChange

log = logging.getLogger(__name__)


def _erase_letter(letter: Letter, *, now) -> None:
    letter.body = letter.without_personal_data(letter.body)
    letter.subject = letter.without_personal_data(letter.subject)
    letter.first_name = letter.last_name = letter.email = letter.postal_code = None
    letter.city = letter.street_address = ""
    letter.ip_hash = ""
    letter.news_opt_in = False
    letter.erased_at = letter.modified_at = now
    letter.save(
        update_fields=[
            "body", "subject", "first_name", "last_name", "email", "postal_code", "city",
            "street_address",
            "ip_hash", "news_opt_in", "erased_at", "modified_at",
        ]
    )  # fmt: skip
    # Nothing unsent goes out with a name that is no longer there: not what waits in
    # the queue, nor what a worker that died had claimed (the sweeper would take it back).
    letter.deliveries.filter(state__in=[Delivery.State.QUEUED, Delivery.State.SENDING]).update(
        state=Delivery.State.FAILED,
        lease_until=None,
        last_error=_("The supporter asked to be erased."),
    )
    letter.deliveries.filter(kind=Delivery.Kind.COPY).update(address="", name="")
    # What they told us about the targets' replies goes too.
    replies_services.erase_replies(letters=Letter.objects.filter(pk=letter.pk))


@transaction.atomic
def erase_supporter(*, email: str, now=None) -> int:
    """Erase a supporter's name, email and postal code from all their letters; counts stay."""
    now = now or timezone.now()
    letters = list(Letter.objects.select_for_update().of_address(email))
    for letter in letters:
        _erase_letter(letter, now=now)
    # The news list holds the same person: erased means gone from it too.
    Subscriber.objects.of_address(email).delete()
    return len(letters)


@transaction.atomic
def unsubscribe(*, email: str, now=None) -> int:
    """No more emails for this address: consent to news withdrawn on every letter it
    wrote and on the news digest, and no questionnaire about its letters' replies."""
    for subscriber in Subscriber.objects.of_address(email):
        digest_services.unsubscribe(subscriber)
    now = now or timezone.now()
    letters = Letter.objects.of_address(email)
    letters.filter(unsubscribed_at__isnull=True).update(unsubscribed_at=now, modified_at=now)
    # One by one, not update(): each letter's sealed line of the supporter list says
    # whether it opted in (Letter.supporter_row), and save() seals it again.
    opted_in = list(letters.filter(news_opt_in=True))
    for letter in opted_in:
        letter.news_opt_in, letter.modified_at = False, now
        letter.save(update_fields=["news_opt_in", "modified_at"])
    return len(opted_in)


def retention_cutoff(now) -> timezone.datetime:
    return now - timedelta(days=round(settings.RETENTION_MONTHS * 365.25 / 12))


def apply_retention(*, now=None) -> int:
    """Erase supporters who did not opt in to news once their letters are old enough.

    A supporter is kept while any of their letters says yes to news; the others
    are erased letter by letter, each in its own transaction.
    """
    now = now or timezone.now()
    opted_in = Letter.objects.filter(email_index=OuterRef("email_index"), news_opt_in=True)
    subscribed = Subscriber.objects.confirmed().filter(email_index=OuterRef("email_index"))
    due = (
        Letter.objects.filter(
            created_at__lt=retention_cutoff(now), erased_at__isnull=True, email__isnull=False
        )
        .exclude(Exists(opted_in))
        .exclude(Exists(subscribed))
        .order_by("id")
    )
    erased = 0
    for letter in due.iterator():
        with transaction.atomic():
            _erase_letter(letter, now=now)
        erased += 1
    return erased


UNFINISHED = [Delivery.State.QUEUED, Delivery.State.SENDING]


def scrub_delivered_letters(*, now=None) -> int:
    """Minimal-data mode: erase the text, street address and city of the letters of
    campaigns that ask for it, once every delivery has ended that many days ago."""
    now = now or timezone.now()
    scrubbed = 0
    for campaign in Campaign.objects.filter(scrub_after_days__isnull=False):
        cutoff = now - timedelta(days=campaign.scrub_after_days)
        deliveries = Delivery.objects.filter(letter=OuterRef("pk"))
        # A delivery still queued (retrying) or sending may yet need the text; one
        # that changed since the cutoff (a late bounce) restarts the window.
        due = (
            Letter.objects.filter(campaign=campaign)
            .filter(Exists(deliveries))
            .exclude(Exists(deliveries.filter(state__in=UNFINISHED)))
            .exclude(Exists(deliveries.filter(updated_at__gte=cutoff)))
            .filter(scrubbed_at__isnull=True)
        )
        # One UPDATE per campaign: names, states, counts and deliveries are untouched.
        # (Every row gets the one ciphertext of REMOVED: equal, as scrubbed_at says.)
        scrubbed += due.update(
            body=REMOVED, street_address="", city="", scrubbed_at=now, modified_at=now
        )
    return scrubbed


def send_access_report(*, letter: Letter) -> bool:
    """Email the writer of this letter the link to what the site holds about their
    address; False when the mail could not go (they may ask again)."""
    if not letter.email:
        return False
    try:
        build_access_message(letter).send()
    except Exception as exc:  # noqa: BLE001 - a mail outage must not become a server error
        # The letter's id only: an SMTP refusal quotes the address.
        log.warning(
            "Could not send the access report for letter %s: %s", letter.pk, redact(str(exc))
        )
        return False
    return True


def _holder(email: str) -> Letter | Subscriber | None:
    """What the access email's link is made for: the address's latest letter, else its
    News Digest subscription; None when the site holds nothing about it."""
    letter = Letter.objects.of_address(email).order_by("-created_at", "-id").first()
    if letter is not None:
        # A letter stored before link keys gets one now: the report's link carries it.
        make_token(letter, "access")
        return letter
    return Subscriber.objects.of_address(email).order_by("-id").first()


def answer_access_request(
    *, email: str, received_by: str, note: str = "", language: str, by
) -> AccessRequest:
    """Staff's answer to an access request: the address, and only it, receives the
    supporter's own access email (or one saying nothing is held, in `language`); staff
    never see the data. Recorded without the address in clear."""
    holder = _holder(email)
    if holder is None:
        message = build_nothing_held_message(email.strip(), language=language)
    else:
        message = build_access_message(holder)
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - a mail outage is recorded and said, not a 500
        log.warning("Could not send a staff-answered access email: %s", redact(str(exc)))
        outcome = AccessRequest.Outcome.EMAIL_FAILED
    else:
        outcome = AccessRequest.Outcome.SENT if holder else AccessRequest.Outcome.NO_DATA
    return AccessRequest.objects.create(
        kind=AccessRequest.Kind.ACCESS,
        received_by=received_by,
        note=note,
        outcome=outcome,
        address_hash=blind_index(email),
        **AccessRequest.by(by),
    )


@transaction.atomic
def answer_erasure_request(*, email: str, received_by: str, note: str = "", by) -> AccessRequest:
    """Staff's answer to an erasure request: erase_supporter, recorded without the address."""
    held = (
        Letter.objects.of_address(email).exists() or Subscriber.objects.of_address(email).exists()
    )
    erase_supporter(email=email)
    return AccessRequest.objects.create(
        kind=AccessRequest.Kind.ERASURE,
        received_by=received_by,
        note=note,
        outcome=AccessRequest.Outcome.ERASED if held else AccessRequest.Outcome.NOTHING_TO_ERASE,
        address_hash=blind_index(email),
        **AccessRequest.by(by),
    )


# What an incident's history compares: every field staff write.
INCIDENT_FIELDS = [
    f.name for f in Incident._meta.fields if f.editable and f.name not in ("id", "created_at")
]


def _incident_values(incident: Incident) -> dict[str, str]:
    """Each field as text, times in the site's zone (as staff typed them)."""
    values = {}
    for name in INCIDENT_FIELDS:
        value = getattr(incident, name)
        if isinstance(value, bool):
            values[name] = "yes" if value else "no"
        elif isinstance(value, datetime):
            values[name] = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        else:
            values[name] = "" if value is None else str(value)
    return values


@transaction.atomic
def save_incident(*, incident: Incident, by) -> IncidentChange | None:
    """Save an incident of the register and record who changed which fields, when, and
    from what to what (None when nothing changed)."""
    before = {}
    if incident.pk:
        before = _incident_values(Incident.objects.select_for_update().get(pk=incident.pk))
    incident.save()
    after = _incident_values(incident)
    changes = {
        name: [before.get(name, ""), value]
        for name, value in after.items()
        if before.get(name, "") != value
    }
    if not changes:
        return None
    return IncidentChange.objects.create(
        incident=incident, changes=changes, **IncidentChange.by(by)
    )


# Key rotation (README: Encryption at rest).

ROTATION_BATCH = 500  # rows per transaction: short locks while the site keeps writing


def encrypted_columns() -> list[tuple[type, list]]:
    """Every model with encrypted fields, and those fields."""
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
        if fields:
            found.append((model, fields))
    return found


def rotate_encryption_keys(*, batch_size: int = ROTATION_BATCH) -> dict[str, list[int]]:
    """Seal again, under the first key of FIELD_ENCRYPTION_KEYS, every value sealed under
    another: a batch of rows at a time, each in its own short transaction, while the site
    keeps running. A value that changed meanwhile is left as the site wrote it (under the
    current key already). Returns, per table, [rows read, values sealed again]; a second
    run finds nothing to do."""
    ring = crypto.keyring()
    counts = {}
    for model, fields in encrypted_columns():
        table, pk = model._meta.db_table, model._meta.pk.column
        connection = connections[router.db_for_write(model)]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        read = changed = 0
        last = None
        while True:
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                after = "" if last is None else f" WHERE {quote(pk)} > %s"
                cursor.execute(
                    f"SELECT {quote(pk)}, {columns} FROM {quote(table)}{after}"
                    f" ORDER BY {quote(pk)} LIMIT %s",
                    ([] if last is None else [last]) + [batch_size],
                )
                rows = cursor.fetchall()
                for row_pk, *values in rows:
                    for field, value in zip(fields, values, strict=True):
                        if value is None or ring.is_current(value):
                            continue
                        aad = field.column_label.encode()
                        sealed = ring.encrypt(ring.decrypt(bytes(value), aad), aad)
                        column = quote(field.column)
                        # Compare and set: what the site wrote meanwhile stays.
                        cursor.execute(
                            f"UPDATE {quote(table)} SET {column} = %s"
                            f" WHERE {quote(pk)} = %s AND {column} = %s",
                            [sealed, row_pk, bytes(value)],
                        )
                        changed += cursor.rowcount
            if not rows:
                break
            read += len(rows)
            last = rows[-1][0]
        counts[model._meta.label_lower] = [read, changed]
    return counts
