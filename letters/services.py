"""Writes: storing letters (sent by us or from the supporter's own mail), confirming
and reviewing them. Sending them is letters/delivery.py."""

import logging
from contextlib import nullcontext
from datetime import timedelta
from functools import partial
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import get_language

from advocacy.emails import email_key
from campaigns.models import Campaign, LetterTemplate, Target
from digest import services as digest_services

from .delivery import enqueue_delivery
from .emails import build_confirmation_message, build_letter_messages
from .models import Delivery, Letter, PersonalDataView
from .screening import hold_reason_for
from .signals import letter_accepted, letter_stored

log = logging.getLogger(__name__)


class CampaignClosed(Exception):
    """The campaign does not take letters now."""


class AlreadySigned(Exception):
    """This email has already written to this campaign."""


class LettersPaused(Exception):
    """Staff paused new letters through the site for this campaign (own mail still works)."""


def build_letter(
    campaign: Campaign,
    *,
    template: LetterTemplate,
    first_name: str,
    last_name: str,
    email: str,
    postal_code: str,
    city: str = "",
    street_address: str = "",
    subject: str,
    body: str,
    send_copy: bool = False,
    news_opt_in: bool = False,
    mp: Target | None = None,
    ip_hash: str = "",
    is_test: bool = False,
    language: str = "",
    attribution: dict | None = None,
    now=None,
) -> Letter:
    """The letter a supporter's form makes, unsaved: the one place that decides
    what is stored, so the review page shows what will be sent. attribution: where
    the writer came from (LetterForm.attribution)."""
    now = now or timezone.now()
    language = letter_language(template, language)
    if not template.editable:
        subject, body = template.text_in(language)
    return Letter(
        language=language,
        edited=not template.is_model_text(subject, body, language),
        campaign=campaign,
        template=template,
        first_name=first_name,
        last_name=last_name,
        # Callers other than the form (the demo, staff tests) get the same one address.
        email=email_key(email),
        postal_code=postal_code,
        city=city,
        street_address=street_address,
        province=province_of(postal_code),
        riding=mp.riding if mp else None,
        mp=mp,
        subject=subject,
        body=body,
        send_copy=send_copy,
        news_opt_in=news_opt_in,
        ip_hash=ip_hash,
        is_test=is_test,
        created_at=now,
        modified_at=now,
        state=Letter.State.ACCEPTED,
        **(attribution or {}),
    )


def letter_language(template: LetterTemplate, wanted: str = "") -> str:
    """The language a letter is written in: the one asked for (else the page's) when the
    model letter is written in it, else the model letter's first."""
    written = template.languages_written() or [settings.LANGUAGE_CODE]
    wanted = (wanted or get_language() or "")[:2]
    return wanted if wanted in written else written[0]


def preview_letter(
    campaign: Campaign, *, template: LetterTemplate, now=None, **fields
) -> tuple[Letter, list[EmailMultiAlternatives]]:
    """The unsaved letter and every message it would become; nothing is stored."""
    now = now or timezone.now()
    letter = build_letter(campaign, template=template, now=now, **fields)
    recipients = _deliveries_for(letter, template, now=now)
    return letter, build_letter_messages(letter, recipients)


def submit_letter(
    campaign: Campaign, *, template: LetterTemplate, now=None, extra: dict | None = None, **fields
) -> Letter:
    """Store a supporter's letter; `extra`: the answers to fields other apps added to
    the form (see letters.signals).

    A letter accepted at once is stored alone, in one INSERT that commits by itself
    (the viral hour's request: no BEGIN, no COMMIT, nothing else written), awaiting
    its deliveries: the delivery worker creates them (create_awaited_deliveries). Any
    other letter (waiting for its writer's click, held, with answers for other apps)
    is stored in one transaction with what follows its storing."""
    now = now or timezone.now()
    letter = build_letter(campaign, template=template, now=now, **fields)
    if not letter.is_test and not campaign.is_open(now):
        raise CampaignClosed
    if not letter.is_test and campaign.sending_paused:
        raise LettersPaused
    _screen(letter, campaign, template)
    if letter.state == Letter.State.ACCEPTED and not extra:
        letter.awaiting_deliveries = True
        # Inside a caller's transaction, a savepoint keeps it usable after a clash.
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            _insert(letter)
        enqueue_delivery(letter.id)
        return letter
    with transaction.atomic():
        # No savepoint needed: this block is rolled back with a clash.
        _insert(letter)
        _stored(letter, extra)
        _after_storing(letter, template, now=now)
    return letter


def _insert(letter: Letter) -> None:
    try:
        letter.save(force_insert=True)
    except IntegrityError as exc:
        raise AlreadySigned from exc


def _screen(letter: Letter, campaign: Campaign, template: LetterTemplate) -> None:
    """The same rules however the letter is sent: it waits for its writer's click when
    the campaign asks for one, and for staff when screening finds a reason."""
    if letter.is_test:
        return
    letter.hold_reason = _hold_reason(letter, template)
    if campaign.require_confirmation:
        letter.state = Letter.State.UNCONFIRMED
    elif letter.hold_reason:
        letter.state = Letter.State.HELD


def _after_storing(letter: Letter, template: LetterTemplate, *, now) -> None:
    """What follows a letter's storing or its writer's click: the confirmation email,
    or its deliveries (sent by us) or the news list (sent from their own mail)."""
    if letter.state == Letter.State.UNCONFIRMED:
        enqueue_confirmation(letter.id)
        return
    if not letter.is_test and (not letter.own_mail or letter.confirmed_at):
        # This letter holds the address now: what someone recorded in its name without
        # proving it is set aside (it would count this writer twice).
        _set_aside_unproven(letter, now=now)
    if letter.state == Letter.State.ACCEPTED:
        _accept(letter, template, now=now)
    elif letter.state == Letter.State.OWN_CLIENT:
        digest_services.subscribe_from_letter(letter)


def _set_aside_unproven(letter: Letter, *, now) -> int:
    others = Letter.objects.unproven(letter.campaign_id, letter.email).exclude(pk=letter.pk)
    return _forget(others, now=now)


def _stored(letter: Letter, extra: dict | None) -> None:
    if extra:
        letter_stored.send(sender=Letter, letter=letter, extra=extra)


def _accept(letter: Letter, template: LetterTemplate, *, now) -> None:
    """Create the letter's deliveries and queue it (reports.tallies counts it)."""
    rows = _deliveries_for(letter, template, now=now)
    # A value given as an expression makes bulk_create write plain VALUES: its default
    # on PostgreSQL, one array per column through UNNEST, costs a letter's few rows
    # more to build than it saves.
    for row in rows:
        row.next_attempt_at = Value(now)
    Delivery.objects.bulk_create(rows)
    enqueue_delivery(letter.id)
    _accepted(letter)


def _accepted(letter: Letter) -> None:
    """What follows a letter's deliveries, in their transaction."""
    digest_services.subscribe_from_letter(letter)
    if not letter.is_test:
        letter_accepted.send(sender=Letter, letter=letter)


# The letters awaiting their deliveries, taken by one worker: locked (others skip
# them) and their flag cleared, in the transaction that creates their deliveries.
# The batch is chosen once (a CTE): as a subquery of the UPDATE, PostgreSQL read it
# again for each row of a nested loop, each time past the rows already updated, and
# one worker took every awaiting letter in one transaction.
_TAKE_AWAITING = """
WITH batch AS MATERIALIZED (
    SELECT id FROM letters_letter WHERE awaiting_deliveries {only}
    ORDER BY id LIMIT %(limit)s {lock}
)
UPDATE letters_letter SET awaiting_deliveries = %(no)s, modified_at = %(now)s
WHERE awaiting_deliveries AND id IN (SELECT id FROM batch)
RETURNING id
"""


class Awaited(NamedTuple):
    """What a pass over the letters awaiting their deliveries did."""

    letters: int  # letters taken
    deliveries: list[Delivery]  # the deliveries created, with their letters, campaigns...


def create_awaited_deliveries(
    *, now=None, limit: int = 50, letter_ids=None, lease_until=None
) -> Awaited:
    """The delivery worker's half of submit_letter: for up to `limit` letters awaiting
    their deliveries (of `letter_ids`, if given), oldest first, create them and do what
    follows a letter's acceptance (setting aside what was recorded in its address's
    name unproven, the news list, letter_accepted).

    With `lease_until`, the deliveries are created claimed by the caller, as a claim
    leaves them (letters.delivery): SENDING until then, one attempt made. The caller
    sends them from what this read; if it dies first, they come due when the lease ends.

    One transaction a batch: a letter's flag and its deliveries change together, so a
    worker that dies leaves its letters awaiting, for the next pass or the sweeper,
    never with their deliveries twice. A batch that fails is taken again letter by
    letter, so that one letter's failure (logged, the letter left awaiting) never
    holds up the others."""
    awaiting = Letter.objects.filter(awaiting_deliveries=True)
    if letter_ids is not None:
        awaiting = awaiting.filter(pk__in=letter_ids)
    if not awaiting.exists():
        return Awaited(0, [])  # the usual answer: one look at a small index
    now = now or timezone.now()
    create = partial(_create_awaited, now=now, lease_until=lease_until)
    try:
        return create(limit=limit, letter_ids=letter_ids)
    except Exception:  # noqa: BLE001 - one letter must not stop the rest
        log.exception("Creating a batch's deliveries failed; trying its letters one by one.")
    done = Awaited(0, [])
    for letter_id in list(awaiting.order_by("id").values_list("id", flat=True)[:limit]):
        try:
            one = create(limit=1, letter_ids=[letter_id])
        except Exception:  # noqa: BLE001
            log.exception("Letter %s still awaits its deliveries.", letter_id)
        else:
            done = Awaited(done.letters + one.letters, done.deliveries + one.deliveries)
    return done


@transaction.atomic
def _create_awaited(*, now, limit: int, letter_ids, lease_until) -> Awaited:
    only = ""
    if letter_ids is not None:
        ids = [int(pk) for pk in letter_ids]
        if not ids:
            return Awaited(0, [])
        only = f"AND id IN ({', '.join(str(pk) for pk in ids)})"
    lock = "FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""
    params = {"no": False, "now": connection.ops.adapt_datetimefield_value(now), "limit": limit}
    with connection.cursor() as cursor:
        cursor.execute(_TAKE_AWAITING.format(only=only, lock=lock), params)
        taken = [row[0] for row in cursor.fetchall()]
    if not taken:
        return Awaited(0, [])
    letters = list(
        Letter.objects.filter(pk__in=taken, erased_at__isnull=True, state=Letter.State.ACCEPTED)
        .select_related("mp", "riding")
        .order_by("id")
    )
    # Each campaign and model letter (with its targets) read once for the batch, not
    # joined in once per letter.
    campaigns = Campaign.objects.order_by().in_bulk({lt.campaign_id for lt in letters})
    templates = (
        LetterTemplate.objects.order_by()
        .prefetch_related("targets")
        .in_bulk({lt.template_id for lt in letters} - {None})
    )
    for letter in letters:
        letter.campaign = campaigns[letter.campaign_id]
        letter.template = templates.get(letter.template_id)
    # What someone recorded in these addresses' names without proving it is set aside
    # (it would count the writer twice), as submit_letter did before storing alone.
    _forget(Letter.objects.unproven_of([lt for lt in letters if not lt.is_test]), now=now)
    rows = [row for letter in letters for row in _deliveries_for(letter, letter.template, now=now)]
    if lease_until is not None:
        for row in rows:
            row.state, row.lease_until, row.attempts = Delivery.State.SENDING, lease_until, 1
    Delivery.objects.bulk_create(rows)
    for letter in letters:
        _accepted(letter)
    return Awaited(len(taken), rows)


@transaction.atomic
def record_own_client_letter(
    campaign: Campaign, *, template: LetterTemplate, now=None, extra: dict | None = None, **fields
) -> Letter:
    """Record a letter the supporter sends from their own mail: no deliveries of ours,
    counted apart from the letters the site sends, under the same confirmation and
    hold rules. Until its writer proves the address (by the link we email, where the
    campaign asks for it), it holds no place in one letter per email: typing someone
    else's address here never keeps its owner from writing."""
    now = now or timezone.now()
    fields = {**fields, "send_copy": False, "is_test": False}
    letter = build_letter(campaign, template=template, now=now, **fields)
    letter.own_mail = True
    letter.state = Letter.State.OWN_CLIENT
    if not campaign.is_open(now):
        raise CampaignClosed
    _screen(letter, campaign, template)
    if Letter.objects.holding_address(campaign, letter.email).exists():
        raise AlreadySigned
    # One unproven own-mail letter per address: the newest takes the place of the last.
    _forget(Letter.objects.unproven_own_mail(campaign, letter.email).select_for_update(), now=now)
    try:
        letter.save()
    except IntegrityError as exc:
        # A request for the same address committed meanwhile (a double click).
        raise AlreadySigned from exc
    _stored(letter, extra)
    _after_storing(letter, template, now=now)
    return letter


def deliveries_of(letter: Letter) -> list[Delivery]:
    """The letter's deliveries; while it awaits them (the worker creates them within
    seconds of its storing), the ones it will have, unsaved and queued (without a model
    letter, deleted meanwhile, its MP's and its copy, as the worker will create them)."""
    if letter.awaiting_deliveries and letter.state == Letter.State.ACCEPTED:
        return _deliveries_for(letter, letter.template, now=timezone.now())
    return list(letter.deliveries.all())


def own_client_message(letter: Letter, *, now=None) -> EmailMultiAlternatives | None:
    """The message a supporter sends from their own mail: our recipients, our text."""
    if letter.template is None:
        return None
    recipients = _deliveries_for(letter, letter.template, now=now or timezone.now())
    messages = build_letter_messages(letter, recipients)
    return messages[0] if messages else None


def _deliveries_for(letter: Letter, template: LetterTemplate, *, now) -> list[Delivery]:
    if letter.is_test:
        # A test letter goes to the staff member only, never to the real targets.
        return [
            Delivery(
                letter=letter,
                kind=Delivery.Kind.COPY,
                address=letter.email,
                name=letter.full_name,
                next_attempt_at=now,
            )
        ]
    # No model letter (staff deleted it): its MP, if any, and the supporter's copy.
    targets = list(template.targets.all()) if template else []
    if letter.mp and letter.mp not in targets:
        targets.append(letter.mp)
    rows = [
        Delivery(
            letter=letter,
            kind=Delivery.Kind.TO,
            target=t,
            name=t.name,
            address=t.email,
            next_attempt_at=now,
        )
        for t in targets
    ]
    rows += [
        Delivery(letter=letter, kind=Delivery.Kind.CC, address=a, next_attempt_at=now)
        for a in (template.cc_list if template else [])
    ]
    if letter.send_copy:
        rows.append(
            Delivery(
                letter=letter,
                kind=Delivery.Kind.COPY,
                address=letter.email,
                name=letter.full_name,
                next_attempt_at=now,
            )
        )
    return rows


PROVINCE_BY_LETTER = {
    "A": "NL", "B": "NS", "C": "PE", "E": "NB", "G": "QC", "H": "QC", "J": "QC",
    "K": "ON", "L": "ON", "M": "ON", "N": "ON", "P": "ON", "R": "MB", "S": "SK",
    "T": "AB", "V": "BC", "Y": "YT",
}  # fmt: skip


def province_of(postal_code: str) -> str:
    """The province a postal code belongs to, from its first letter (X: NT or NU)."""
    code = (postal_code or "").upper()
    if code.startswith("X"):
        return "NU" if code[:3] in ("X0A", "X0B", "X0C") else "NT"
    return PROVINCE_BY_LETTER.get(code[:1], "")


# Confirmation by email, and review of held letters: nothing is sent or counted before.


def _hold_reason(letter: Letter, template: LetterTemplate) -> str:
    targets = list(template.targets.all())
    if letter.mp:
        targets.append(letter.mp)
    return hold_reason_for(
        email=letter.email,
        postal_code=letter.postal_code,
        subject=letter.subject,
        body=letter.body,
        template=template,
        targets=targets,
    )


def enqueue_confirmation(letter_id: int) -> None:
    """Queue the confirmation email once the letter is committed (robustly, like letters)."""
    from .tasks import send_confirmation

    # Without a broker (the embedded mode) no worker would pick the task up: send now.
    run = send_confirmation.delay if settings.REDIS_URL else send_confirmation
    transaction.on_commit(lambda: run(letter_id), robust=True)


def send_confirmation_email(letter_id: int) -> bool:
    """Email the supporter the link that confirms their letter, if it still waits."""
    letter = Letter.objects.select_related("campaign").filter(pk=letter_id).first()
    if letter is None or letter.state != Letter.State.UNCONFIRMED or not letter.email:
        return False
    build_confirmation_message(letter).send()
    return True


@transaction.atomic
def confirm_letter(letter: Letter, *, now=None) -> Letter:
    """The supporter clicked their link: the letter goes out (or, sent from their own
    mail, is counted), or to review if it is held. Raises AlreadySigned, changing
    nothing, when the address already wrote to the campaign otherwise."""
    now = now or timezone.now()
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.state != Letter.State.UNCONFIRMED or letter.erased_at:
        return letter  # a second click changes nothing; an erased writer confirms nothing
    if letter.created_at < now - timedelta(hours=settings.LETTER_CONFIRMATION_HOURS):
        expire_unconfirmed(now=now)  # too late: the beat task had not come round yet
        letter.refresh_from_db()
        return letter
    letter.confirmed_at = letter.modified_at = now
    letter.state = _accepted_state(letter)
    # Proven, the letter holds the address, unless a letter already does: what others
    # typed in its name and never proved goes first.
    _set_aside_unproven(letter, now=now)
    try:
        with transaction.atomic():
            letter.save(update_fields=["confirmed_at", "state", "modified_at"])
    except IntegrityError as exc:
        raise AlreadySigned from exc
    _after_storing(letter, letter.template, now=now)
    return letter


def _accepted_state(letter: Letter) -> str:
    if letter.hold_reason:
        return Letter.State.HELD
    return Letter.State.OWN_CLIENT if letter.own_mail else Letter.State.ACCEPTED


def expire_unconfirmed(*, now=None) -> int:
    """Letters never confirmed in time: expired, their personal data dropped, never counted."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.LETTER_CONFIRMATION_HOURS)
    return _forget(
        Letter.objects.filter(state=Letter.State.UNCONFIRMED, created_at__lt=cutoff), now=now
    )


def _forget(letters, *, now) -> int:
    """Letters set aside for good: expired, their writer's personal data dropped."""
    return letters.update(
        state=Letter.State.EXPIRED,
        first_name=None,
        last_name=None,
        email=None,
        email_index=None,
        supporter_row=None,
        postal_code=None,
        city="",
        street_address="",
        body="",
        ip_hash="",
        erased_at=now,
        modified_at=now,
    )


@transaction.atomic
def release_letter(letter: Letter, *, now=None) -> bool:
    """Staff found a held letter genuine: send and count it (count it only, when its
    writer sends it from their own mail)."""
    now = now or timezone.now()
    state = Letter.State.OWN_CLIENT if letter.own_mail else Letter.State.ACCEPTED
    updated = Letter.objects.filter(
        pk=letter.pk, state=Letter.State.HELD, erased_at__isnull=True
    ).update(state=state, modified_at=now)
    if updated:
        letter.refresh_from_db()
        if state == Letter.State.ACCEPTED:
            _accept(letter, letter.template, now=now)
        else:
            digest_services.subscribe_from_letter(letter)
    return bool(updated)


@transaction.atomic
def reject_letter(letter: Letter, *, now=None) -> bool:
    """Staff found a held letter abusive: it is never sent nor counted."""
    return bool(
        Letter.objects.filter(pk=letter.pk, state=Letter.State.HELD).update(
            state=Letter.State.REJECTED, modified_at=now or timezone.now()
        )
    )


@transaction.atomic
def record_personal_data_view(
    *, user, model: str, page: str, object_id: str = "", row_count: int = 0, searched=False
) -> PersonalDataView:
    """Record that a staff member was shown supporters' personal data in the admin."""
    return PersonalDataView.objects.create(
        **PersonalDataView.by(user),
        model=model,
        page=page,
        object_id=str(object_id)[:50],
        row_count=row_count,
        searched=searched,
    )
