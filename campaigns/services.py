"""Writes on campaigns and targets."""

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Campaign, Riding, Target


class CannotPublish(Exception):
    """The campaign is not ready to go live (a letter campaign without a model letter)."""


class NoModelLetter(Exception):
    """The campaign has no model letter to send."""


class NoEmailAddress(Exception):
    """The staff member has no email address to send a test letter to."""


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


@transaction.atomic
def publish_campaign(campaign: Campaign, *, now=None) -> Campaign:
    """Make the campaign live now (a future publish time is brought forward to now)."""
    now = now or timezone.now()
    if campaign.kind == Campaign.Kind.LETTER and not campaign.letter_templates.exists():
        raise CannotPublish(_("“%(title)s” has no model letter.") % {"title": campaign.title})
    campaign.status = Campaign.Status.PUBLISHED
    if campaign.publish_at is None or campaign.publish_at > now:
        campaign.publish_at = now
    if campaign.close_at is not None and campaign.close_at <= now:
        campaign.close_at = None
    campaign.save(update_fields=["status", "publish_at", "close_at", "updated_at"])
    return campaign


@transaction.atomic
def close_campaign(campaign: Campaign, *, now=None) -> Campaign:
    """Stop taking letters now; the page stays up with its result."""
    now = now or timezone.now()
    campaign.status = Campaign.Status.CLOSED
    if campaign.close_at is None or campaign.close_at > now:
        campaign.close_at = now
    campaign.save(update_fields=["status", "close_at", "updated_at"])
    return campaign


def _free_slug(base: str) -> str:
    base = base[:180]
    taken = set(
        Campaign.objects.filter(Q(slug=base) | Q(slug__startswith=f"{base}-")).values_list(
            "slug", flat=True
        )
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@transaction.atomic
def duplicate_campaign(campaign: Campaign) -> Campaign:
    """Copy a campaign, its model letters and their targets as a new draft."""
    copy = Campaign.objects.get(pk=campaign.pk)
    copy.pk = None
    copy.title = (_("Copy of %(title)s") % {"title": campaign.title})[:200]
    copy.slug = _free_slug(slugify(f"{campaign.slug}-copy"))
    copy.status = Campaign.Status.DRAFT
    copy.publish_at = None
    copy.close_at = None
    copy.letter_count = 0
    copy.last_letter_at = None
    copy.result = ""
    copy.save()
    for template in campaign.letter_templates.all():
        targets = list(template.targets.all())
        template.pk = None
        template.campaign = copy
        template.save()
        template.targets.set(targets)
    return copy


@transaction.atomic
def send_test_letter(campaign: Campaign, *, user: AbstractBaseUser, now=None):
    """Send the campaign's first model letter, as a supporter would, to the staff
    member's own address only; marked [TEST] and never counted."""
    from letters.services import submit_letter

    template = campaign.letter_templates.first()
    if template is None:
        raise NoModelLetter(_("“%(title)s” has no model letter.") % {"title": campaign.title})
    if not user.email:
        raise NoEmailAddress(_("Your account has no email address."))
    subject = f"[TEST] {template.subject}"
    letter = submit_letter(
        campaign,
        template=template,
        first_name=user.first_name or user.get_username(),
        last_name=user.last_name,
        email=user.email,
        postal_code="K1A 0A6",
        city="Ottawa",
        subject=subject,
        body=template.body,
        is_test=True,
        now=now,
    )
    if letter.subject != subject:
        # A model letter supporters may not edit keeps its own subject: mark it anyway.
        letter.subject = subject
        letter.save(update_fields=["subject"])
    return letter


@dataclass
class ImportReport:
    """What a CSV import did: accepted rows and rejected rows with their reasons."""

    created: list[tuple[int, Target]] = field(default_factory=list)
    updated: list[tuple[int, Target]] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)

    @property
    def accepted(self) -> list[tuple[int, Target]]:
        return sorted(self.created + self.updated, key=lambda pair: pair[0])


TARGET_COLUMNS = ["name", "title", "salutation", "email", "postal_address", "party", "riding"]
REQUIRED_COLUMNS = {"name", "email"}


@transaction.atomic
def import_targets_csv(*, data: bytes | str) -> ImportReport:
    """Create or update targets from a CSV file (matched on email); bad rows are
    reported with their row number and reason, good rows are kept."""
    report = ImportReport()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            report.rejected.append((0, _("The file is not UTF-8 text; save it as CSV UTF-8.")))
            return report
    reader = csv.DictReader(io.StringIO(data.lstrip("\ufeff")))
    headers = {(h or "").strip().lower() for h in reader.fieldnames or []}
    missing = REQUIRED_COLUMNS - headers
    if missing:
        report.rejected.append(
            (1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(sorted(missing))})
        )
        return report
    ridings = {}
    seen = {}
    # Row 1 is the header: row numbers match what staff see in their spreadsheet.
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        reason = _target_row_error(row, seen, ridings)
        if reason:
            report.rejected.append((number, reason))
            continue
        email = row["email"].lower()
        seen[email] = number
        values = {k: row.get(k, "") for k in TARGET_COLUMNS if k not in ("email", "riding")}
        values["riding"] = ridings.get(row.get("riding", "").lower())
        target = Target.objects.filter(email__iexact=email).first()
        if target is None:
            report.created.append((number, Target.objects.create(email=email, **values)))
        else:
            for key, value in values.items():
                setattr(target, key, value)
            target.save()
            report.updated.append((number, target))
    return report


def _target_row_error(row: dict, seen: dict, ridings: dict) -> str:
    if not row.get("name"):
        return _("The name is missing.")
    if not row.get("email"):
        return _("The email address is missing.")
    try:
        validate_email(row["email"])
    except ValidationError:
        return _("“%(email)s” is not a valid email address.") % {"email": row["email"]}
    if row["email"].lower() in seen:
        return _("The same email address is already on row %(row)s.") % {
            "row": seen[row["email"].lower()]
        }
    for key, limit in (("name", 200), ("title", 200), ("salutation", 200), ("party", 100)):
        if len(row.get(key, "")) > limit:
            return _("The %(column)s is longer than %(limit)s characters.") % {
                "column": key,
                "limit": limit,
            }
    riding = row.get("riding", "")
    if riding and riding.lower() not in ridings:
        found = Riding.objects.filter(Q(code=riding) | Q(name__iexact=riding)).first()
        if found is None:
            return _("Unknown riding “%(riding)s” (use its number or its name).") % {
                "riding": riding
            }
        ridings[riding.lower()] = found
    return ""
