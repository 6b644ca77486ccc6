"""Writes on campaigns."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .directory import MPRecord, RidingRecord, fold
from .models import Campaign, LetterTemplate, Riding, Target


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
                email=rec.email,
                party=rec.party,
                riding=riding,
                postal_address=rec.postal_address,
            )
            report.created.append(target)
            seen.add(target.id)
            continue
        seen.add(target.id)
        returned = target.departed_at is not None
        email_changed = target.email.lower() != rec.email.lower()
        if returned:
            report.returned.append(target)
        if email_changed:
            report.email_changes.append((target, target.email, rec.email))
        new = {
            "name": rec.name,
            "email": rec.email,
            "party": rec.party or target.party,
            "riding": riding,
            "postal_address": rec.postal_address or target.postal_address,
            "departed_at": None,
        }
        if all(getattr(target, k) == v for k, v in new.items()):
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
    return Target.objects.create(
        name=record.name,
        email=record.email,
        party=record.party,
        riding=riding,
        postal_address=record.postal_address,
    )
