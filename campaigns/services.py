"""Writes on campaigns and targets."""

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import mail_managers
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from advocacy.links import absolute_url
from advocacy.mail import header_safe

from .directory import (
    MPRecord,
    OfficeRecord,
    RidingRecord,
    default_mp_salutation,
    fold,
    nearby_riding_codes,
)
from .models import (
    Campaign,
    CoSigner,
    LetterTemplate,
    Office,
    RecipientChange,
    Riding,
    Target,
)
from .signals import cosigners_approved


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
    # A call campaign's action is its call script, from the calls app when installed.
    if campaign.kind == Campaign.Kind.CALL and not hasattr(campaign, "call_script"):
        raise CannotPublish(_("“%(title)s” has no call script.") % {"title": campaign.title})
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


@transaction.atomic
def pause_letters(campaign: Campaign, *, paused: bool) -> Campaign:
    """Stop (or start again) sending new letters for a campaign, at once; supporters
    can still send theirs from their own email. A save, so cached pages refresh."""
    campaign.sending_paused = paused
    campaign.save(update_fields=["sending_paused", "updated_at"])
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
    for code, _name in settings.LANGUAGES:
        title = getattr(campaign, f"title_{code}")
        if title:
            with translation.override(code):
                setattr(copy, f"title_{code}", (_("Copy of %(title)s") % {"title": title})[:200])
    copy.slug = _free_slug(slugify(f"{campaign.slug}-copy"))
    copy.slug_fr = None
    copy.status = Campaign.Status.DRAFT
    copy.publish_at = None
    copy.close_at = None
    copy.letter_count = 0
    copy.last_letter_at = None
    copy.result_en = copy.result_fr = ""
    copy.save()
    for template in campaign.letter_templates.all():
        targets = list(template.targets.all())
        template.pk = None
        template.campaign = copy
        template.save()
        template.targets.set(targets)
    return copy


# The sample supporter of a test letter lives here, and writes to this riding's MP.
TEST_POSTAL_CODE, TEST_CITY = "K1A 0A6", "Ottawa"


@transaction.atomic
def send_test_letter(campaign: Campaign, *, user: AbstractBaseUser, now=None):
    """Send the campaign's first model letter, exactly as its targets would receive a
    supporter's, to the staff member's own address only; marked [TEST] once in its
    subject and never counted. Signed with the staff member's name, or a placeholder."""
    from letters.services import submit_letter

    template = campaign.letter_templates.first()
    if template is None:
        raise NoModelLetter(_("“%(title)s” has no model letter.") % {"title": campaign.title})
    if not user.email:
        raise NoEmailAddress(_("Your account has no email address."))
    named = bool(user.first_name or user.last_name)
    mp = None
    if template.to_supporters_mp:
        codes = nearby_riding_codes(TEST_POSTAL_CODE)[:1]
        mp = Target.objects.sitting_mps().filter(riding__code__in=codes).first()
    return submit_letter(
        campaign,
        template=template,
        first_name=user.first_name if named else _("[First name]"),
        last_name=user.last_name if named else _("[Last name]"),
        email=user.email,
        postal_code=TEST_POSTAL_CODE,
        city=TEST_CITY,
        subject=template.subject,
        body=template.body,
        mp=mp,
        is_test=True,
        now=now,
    )


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


# The MP directory ---------------------------------------------------------------


class SuspiciousImport(Exception):
    """The import would mark too many sitting MPs as departed: likely a truncated source."""


@dataclass
class SyncReport:
    """What an MP import changed, for the person who ran it."""

    created: list[Target] = field(default_factory=list)
    email_changes: list[tuple[Target, str, str]] = field(default_factory=list)
    departed: list[Target] = field(default_factory=list)
    returned: list[Target] = field(default_factory=list)
    new_ridings: list[Riding] = field(default_factory=list)
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    # Departed targets that an open campaign still writes to: staff must replace them.
    departed_in_use: list[tuple[Target, Campaign]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"{len(self.created)} new MPs, {len(self.email_changes)} changed emails, "
            f"{len(self.departed)} departed MPs, {len(self.returned)} returning MPs, "
            f"{self.updated} other updates, {self.unchanged} unchanged, "
            f"{len(self.new_ridings)} new ridings, {len(self.skipped)} skipped."
        ]
        out += [f"New MP: {t.name} ({t.riding}) <{t.email}>" for t in self.created]
        out += [
            f"Changed email: {t.name} ({t.riding}): {a} -> {b}" for t, a, b in self.email_changes
        ]
        out += [f"Departed MP: {t.name} ({t.riding})" for t in self.departed]
        out += [f"Returning MP: {t.name} ({t.riding})" for t in self.returned]
        out += [f"Skipped: {reason}" for reason in self.skipped]
        out += [
            f"WARNING: open campaign “{c.title}” still writes to departed MP {t.name}"
            for t, c in self.departed_in_use
        ]
        return out


def _same_person(target: Target, record: MPRecord) -> bool:
    return target.email.lower() == record.email.lower() or fold(target.name) == fold(record.name)


@transaction.atomic
def import_ridings(*, records: list[RidingRecord]) -> tuple[int, int]:
    """Create or rename ridings by their Elections Canada number; returns (created, updated)."""
    existing = {r.code: r for r in Riding.objects.all()}
    created = updated = 0
    for rec in records:
        riding = existing.get(rec.code)
        if riding is None:
            Riding.objects.create(
                code=rec.code, name=rec.name, name_fr=rec.name_fr, province=rec.province
            )
            created += 1
        elif (riding.name, riding.name_fr, riding.province) != (
            rec.name,
            rec.name_fr or riding.name_fr,
            rec.province,
        ):
            riding.name, riding.province = rec.name, rec.province
            riding.name_fr = rec.name_fr or riding.name_fr
            riding.save(update_fields=["name", "name_fr", "province"])
            updated += 1
    return created, updated


def _riding_for(record: MPRecord, ridings: dict[str, Riding], report: SyncReport | None) -> Riding:
    riding = ridings.get(record.riding_code)
    if riding is None:
        riding = Riding.objects.create(
            code=record.riding_code,
            name=record.riding_name or record.riding_code,
            name_fr=record.riding_name_fr,
            province=record.province,
        )
        ridings[riding.code] = riding
        if report is not None:
            report.new_ridings.append(riding)
    return riding


@transaction.atomic
def sync_mps(
    *, records: list[MPRecord], now=None, allow_mass_departure: bool = False
) -> SyncReport:
    """Make the sitting MPs match a complete list; never delete a Target.

    An MP missing from the list gets departed_at (their letters and deliveries
    keep pointing at them); one who comes back is seated again.
    """
    now = now or timezone.now()
    report = SyncReport()
    ridings = {r.code: r for r in Riding.objects.all()}
    sitting = {t.riding_id: t for t in Target.objects.sitting_mps().select_related("riding")}
    by_email = {
        t.email.lower(): t
        for t in Target.objects.filter(riding__isnull=False).select_related("riding").order_by("id")
    }
    offices: dict[int, list[Office]] = {}
    for office in Office.objects.filter(target__riding__isnull=False):
        offices.setdefault(office.target_id, []).append(office)
    seen: set[int] = set()
    for rec in records:
        if not (rec.riding_code.isdigit() and len(rec.riding_code) == 5 and rec.province):
            report.skipped.append(f"{rec.name}: no valid riding number ({rec.riding_code!r})")
            continue
        if not rec.email:
            report.skipped.append(f"{rec.name}: no email")
            continue
        riding = _riding_for(rec, ridings, report)
        target = sitting.get(riding.id)
        if target is not None and not _same_person(target, rec):
            target = None  # a new member for this riding; the old one departs below
        if target is None:
            target = by_email.get(rec.email.lower())
        if target is None:
            target = Target.objects.create(
                name=rec.name,
                salutation=rec.salutation,
                email=rec.email,
                party=rec.party,
                riding=riding,
                postal_address=rec.postal_address,
            )
            report.created.append(target)
            seen.add(target.id)
            _sync_offices(target, rec.offices, current=[])
            continue
        seen.add(target.id)
        offices_changed = _sync_offices(target, rec.offices, current=offices.get(target.id, []))
        returned = target.departed_at is not None
        email_changed = target.email.lower() != rec.email.lower()
        if returned:
            report.returned.append(target)
        if email_changed:
            report.email_changes.append((target, target.email, rec.email))
        new = {
            "name": rec.name,
            "salutation": _salutation_after_sync(target, rec),
            "email": rec.email,
            "party": rec.party or target.party,
            "riding": riding,
            "postal_address": rec.postal_address or target.postal_address,
            "departed_at": None,
        }
        if all(getattr(target, k) == v for k, v in new.items()):
            if offices_changed:
                report.updated += 1
            else:
                report.unchanged += 1
            continue
        for k, v in new.items():
            setattr(target, k, v)
        target.save()
        if not (returned or email_changed):
            report.updated += 1

    leaving = list(Target.objects.sitting_mps().exclude(id__in=seen).select_related("riding"))
    if len(leaving) > max(10, len(sitting) // 3) and not allow_mass_departure:
        raise SuspiciousImport(
            f"{len(leaving)} of {len(sitting)} sitting MPs are missing from the list."
        )
    Target.objects.filter(id__in=[t.id for t in leaving]).update(departed_at=now, updated_at=now)
    for t in leaving:
        t.departed_at = now
    report.departed = leaving
    report.departed_in_use = departed_targets_in_use(now=now)
    return report


def _sync_offices(
    target: Target, records: tuple[OfficeRecord, ...], *, current: list[Office]
) -> bool:
    """Make an MP's offices those the source lists; a source without offices (the CSV)
    leaves them as they are. Returns whether they changed."""
    if not records:
        return False
    wanted = [(r.kind, r.name, r.phone, r.postal_address) for r in records]
    if [(o.kind, o.name, o.phone, o.postal_address) for o in current] == wanted:
        return False
    Office.objects.filter(target=target).delete()
    Office.objects.bulk_create(
        Office(target=target, kind=kind, name=name, phone=phone, postal_address=postal, position=i)
        for i, (kind, name, phone, postal) in enumerate(wanted)
    )
    return True


def _salutation_after_sync(target: Target, record: MPRecord) -> str:
    """Staff's salutation stays; an empty or default one follows the source."""
    if target.salutation in ("", default_mp_salutation(target.name)):
        return record.salutation
    return target.salutation


def departed_targets_in_use(*, now=None) -> list[tuple[Target, Campaign]]:
    """Departed MPs still among an open campaign's fixed targets."""
    pairs = []
    templates = (
        LetterTemplate.objects.filter(
            campaign__in=Campaign.objects.open(now), targets__departed_at__isnull=False
        )
        .select_related("campaign")
        .prefetch_related("targets")
        .distinct()
    )
    for template in templates:
        pairs += [(t, template.campaign) for t in template.targets.all() if t.departed_at]
    return pairs


def ensure_mp_targets(*, records: tuple[MPRecord, ...] | list[MPRecord]) -> list[Target]:
    """The sitting MP Targets for Represent's answer, created when the directory lacks them.

    The directory wins when it already has a sitting MP for the riding: staff
    refresh it with the import commands, which report what changed. Reads only,
    unless a riding has no sitting MP yet (a site run without the import).
    """
    codes = [r.riding_code for r in records if r.riding_code]
    names = [r.riding_name for r in records if not r.riding_code and r.riding_name]
    sitting = Target.objects.sitting_mps().select_related("riding")
    by_code = {t.riding.code: t for t in sitting.filter(riding__code__in=codes)} if codes else {}
    by_name = (
        {fold(t.riding.name): t for t in sitting.filter(riding__name__in=names)} if names else {}
    )
    targets: list[Target] = []
    for rec in records:
        if rec.riding_code:
            target = by_code.get(rec.riding_code)
            if target is None and rec.email and rec.province:
                target = by_code[rec.riding_code] = create_mp_target(record=rec)
        else:
            target = by_name.get(fold(rec.riding_name))
        if target is not None and target not in targets:
            targets.append(target)
    return targets


@transaction.atomic
def create_mp_target(*, record: MPRecord) -> Target:
    """A sitting MP from one record, with their riding if it is new."""
    riding = Riding.objects.filter(code=record.riding_code).first()
    if riding is None:
        riding = _riding_for(record, {}, None)
    target = Target.objects.create(
        name=record.name,
        salutation=record.salutation,
        email=record.email,
        party=record.party,
        riding=riding,
        postal_address=record.postal_address,
    )
    _sync_offices(target, record.offices, current=[])
    return target


class NotAStatement(Exception):
    """Only a joint statement takes co-signers."""


@transaction.atomic
def request_cosign(
    campaign: Campaign,
    *,
    name: str,
    contact_name: str,
    contact_email: str,
    url: str = "",
    now=None,
) -> CoSigner:
    """Record an organization's request to co-sign a statement, for staff to decide."""
    if campaign.kind != Campaign.Kind.STATEMENT:
        raise NotAStatement
    cosigner = CoSigner.objects.create(
        campaign=campaign,
        name=name,
        url=url,
        contact_name=contact_name,
        contact_email=contact_email,
        status=CoSigner.Status.REQUESTED,
        requested_at=now or timezone.now(),
        position=_next_position(campaign),
    )
    transaction.on_commit(lambda: notify_staff_of_request(cosigner.pk), robust=True)
    return cosigner


def notify_staff_of_request(cosigner_id: int) -> None:
    """Tell the MANAGERS a request waits in the admin (nothing when none are set)."""
    cosigner = CoSigner.objects.select_related("campaign").get(pk=cosigner_id)
    admin_url = absolute_url(reverse("admin:campaigns_cosigner_change", args=[cosigner.pk]))
    mail_managers(
        # The name was typed on a public form: shown literally, never decoded as MIME.
        header_safe(_("Co-signing request: %(org)s") % {"org": cosigner.name}),
        render_to_string("campaigns/email/cosigner_request.txt", {"cosigner": cosigner,
                                                                  "admin_url": admin_url}),
        fail_silently=True,
    )  # fmt: skip


def _next_position(campaign: Campaign) -> int:
    last = campaign.cosigners.aggregate(m=Max("position"))["m"]
    return 0 if last is None else last + 1


@transaction.atomic
def decide_cosigners(cosigners, *, approve: bool, now=None) -> int:
    """Approve or decline co-signers (a queryset); returns how many changed."""
    status = CoSigner.Status.APPROVED if approve else CoSigner.Status.DECLINED
    changing = list(cosigners.exclude(status=status).values_list("pk", flat=True))
    count = CoSigner.objects.filter(pk__in=changing).update(
        status=status, decided_at=now or timezone.now()
    )
    if approve and changing:
        cosigners_approved.send(sender=CoSigner, cosigner_ids=changing)
    return count


# Who receives a campaign's letters: every change recorded and shown to staff.

NO_RECIPIENTS = {
    RecipientChange.Field.TARGETS: "",
    RecipientChange.Field.TO_MP: "no",
    RecipientChange.Field.CC: "",
}


def recipients_of(campaign: Campaign) -> dict[tuple[int, str], str]:
    """Per model letter and field, where its letters go, as text to compare and show."""
    recipients = {}
    for template in campaign.letter_templates.prefetch_related("targets"):
        targets = sorted(f"{t.name} <{t.email}>" for t in template.targets.all())
        recipients |= {
            (template.pk, RecipientChange.Field.TARGETS): "\n".join(targets),
            (template.pk, RecipientChange.Field.TO_MP): "yes"
            if template.to_supporters_mp
            else "no",
            (template.pk, RecipientChange.Field.CC): "\n".join(template.cc_list),
        }
    return recipients


@transaction.atomic
def record_recipient_changes(
    campaign: Campaign, *, before: dict[tuple[int, str], str], by, now=None
) -> list[RecipientChange]:
    """Record how the campaign's recipients differ from `before` (recipients_of,
    read before the change), and tell the MANAGERS."""
    after = recipients_of(campaign)
    changes = []
    for template_id in sorted({pk for pk, _field in [*before, *after]}):
        for what, nothing in NO_RECIPIENTS.items():
            old = before.get((template_id, what), nothing)
            new = after.get((template_id, what), nothing)
            if old != new:
                changes.append(_recipient_change(campaign, what, old, new, by=by, now=now))
    return _record(changes)


@transaction.atomic
def record_target_email_change(target: Target, *, before: str, by, now=None) -> list:
    """Record a target's new address: every campaign writing to them now writes there."""
    if before.lower() == target.email.lower():
        return []
    return _record(
        [_recipient_change(None, RecipientChange.Field.TARGET_EMAIL, before, target.email,
                           by=by, now=now, target=target)]
    )  # fmt: skip


def _recipient_change(campaign, field, before, after, *, by, now, target=None):
    return RecipientChange(
        campaign=campaign,
        target=target,
        field=field,
        before=before,
        after=after,
        **RecipientChange.by(by),
        changed_at=now or timezone.now(),
    )


def _record(changes: list[RecipientChange]) -> list[RecipientChange]:
    if changes:
        RecipientChange.objects.bulk_create(changes)
        ids = [c.pk for c in changes]
        transaction.on_commit(lambda: notify_staff_of_recipient_changes(ids), robust=True)
    return changes


def notify_staff_of_recipient_changes(change_ids: list[int]) -> None:
    """Tell the MANAGERS who changed where letters go (nothing when none are set)."""
    changes = list(
        RecipientChange.objects.filter(pk__in=change_ids)
        .select_related("campaign", "target")
        .order_by("id")
    )
    if not changes:
        return
    first = changes[0]
    where = first.campaign.title if first.campaign else str(first.target)
    admin_url = absolute_url(
        reverse("admin:campaigns_campaign_change", args=[first.campaign_id])
        if first.campaign_id
        else reverse("admin:campaigns_target_change", args=[first.target_id])
    )
    mail_managers(
        header_safe(_("Recipients changed: %(where)s") % {"where": where}),
        render_to_string(
            "campaigns/email/recipients_changed.txt", {"changes": changes, "admin_url": admin_url}
        ),
        fail_silently=True,
    )
