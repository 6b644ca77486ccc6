"""Writes: asking supporters whether their targets replied, recording what they answer,
moderating the replies the response wall shows."""

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, QuerySet
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from advocacy.log_filters import redact
from campaigns.models import Campaign, Target
from letters.delivery import retry_delay
from letters.models import Delivery, Letter

from .emails import build_questionnaire_message
from .figures import COLUMNS, recount
from .links import make_token
from .models import Answer, Questionnaire, Reply, Tally, hash_token

log = logging.getLogger(__name__)

# A question is asked only about a letter our records show reached the target.
ASKABLE = (Delivery.State.SENT, Delivery.State.DELIVERED)
UNFINISHED = (Delivery.State.QUEUED, Delivery.State.SENDING)
# Letters whose time came more than this long ago are never asked: a question about
# an old letter puzzles more than it helps, and turning the feature on (or a loop
# that was down for weeks) must not mail everyone who ever wrote.
LATE_DAYS = 7
MAX_ATTEMPTS = 8


class CannotApprove(Exception):
    """The reply may not be published as it is."""


# Asking -------------------------------------------------------------------------


def _target_deliveries():
    return Delivery.objects.filter(
        letter=OuterRef("pk"), kind=Delivery.Kind.TO, target__isnull=False
    )


def due_letters(*, now) -> QuerySet:
    """Letters whose questionnaire is due: every delivery to a target has ended, the
    last one sent reached its target the campaign's number of days ago (give or take
    LATE_DAYS), and the writer is still here and still wants our emails."""
    letters = Letter.objects.none()
    delays = (
        Campaign.objects.filter(reply_check_days__gt=0)
        .values_list("reply_check_days", flat=True)
        .distinct()
    )
    # One query per distinct delay (usually one): SQLite cannot add a per-row number
    # of days to a date, and PostgreSQL needs no more.
    for days in delays:
        cutoff = now - timedelta(days=days)
        deliveries = _target_deliveries()
        letters |= (
            Letter.objects.filter(campaign__reply_check_days=days)
            .filter(
                Exists(
                    deliveries.filter(
                        state__in=ASKABLE, sent_at__gt=cutoff - timedelta(days=LATE_DAYS)
                    )
                )
            )
            .exclude(Exists(deliveries.filter(state__in=ASKABLE, sent_at__gt=cutoff)))
        )
    unsubscribed = Letter.objects.filter(
        email_index=OuterRef("email_index"), unsubscribed_at__isnull=False
    )
    return (
        letters.filter(
            state=Letter.State.ACCEPTED,
            is_test=False,
            email__isnull=False,
            erased_at__isnull=True,
            questionnaire__isnull=True,
        )
        .exclude(Exists(_target_deliveries().filter(state__in=UNFINISHED)))
        .exclude(Exists(unsubscribed))
    )


def create_questionnaire(letter: Letter, *, now) -> Questionnaire | None:
    """The letter's questionnaire, with a question per target its letter reached; None
    if another pass made it first."""
    deliveries = list(
        letter.deliveries.filter(
            kind=Delivery.Kind.TO, target__isnull=False, state__in=ASKABLE
        ).order_by("target__name", "id")
    )
    if not deliveries:
        return None
    questionnaire = Questionnaire(letter=letter, created_at=now)
    questionnaire.token_hash = hash_token(make_token(questionnaire))
    try:
        with transaction.atomic():
            questionnaire.save()
            Answer.objects.bulk_create(
                Answer(questionnaire=questionnaire, delivery=d, target_id=d.target_id)
                for d in deliveries
            )
    except IntegrityError:  # the letter has one already: never twice
        return None
    return questionnaire


def send_due_questionnaires(*, now=None, limit: int = 200) -> int:
    """Create the questionnaires whose time came and send every one not sent yet
    (beat's task, and the embedded delivery loop). Returns how many were sent."""
    now = now or timezone.now()
    for letter in due_letters(now=now).order_by("id")[:limit]:
        create_questionnaire(letter, now=now)
    due = Questionnaire.objects.due(now).order_by("created_at", "id")
    return sum(send_questionnaire(pk, now=now) for pk in due.values_list("pk", flat=True)[:limit])


def still_askable(letter: Letter) -> bool:
    """The writer has not been erased nor asked us to stop emailing them since."""
    if letter.email is None or letter.erased_at is not None:
        return False
    return not Letter.objects.filter(
        email_index=letter.email_index, unsubscribed_at__isnull=False
    ).exists()


def send_questionnaire(questionnaire_id: int, *, now=None) -> bool:
    """Send one questionnaire if it is still due, under a claim that a second worker
    cannot take; a failure is tried again later, up to MAX_ATTEMPTS times."""
    now = now or timezone.now()
    lease = now + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
    claimed = (
        Questionnaire.objects.due(now)
        .filter(pk=questionnaire_id)
        .update(lease_until=lease, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    questionnaire = Questionnaire.objects.select_related("letter__campaign").get(
        pk=questionnaire_id
    )
    letter = questionnaire.letter
    mine = Questionnaire.objects.filter(pk=questionnaire_id, lease_until=lease)
    if not still_askable(letter):
        mine.update(
            failed_at=now, lease_until=None, last_error=_("The supporter asked us to stop.")
        )
        return False
    answers = list(questionnaire.answers.select_related("target").order_by("target__name", "id"))
    sent_on = questionnaire.letter.deliveries.filter(
        pk__in=[a.delivery_id for a in answers]
    ).aggregate(last=Max("sent_at"))["last"]
    try:
        message = build_questionnaire_message(questionnaire, answers, sent_on=sent_on)
        connection = get_connection()
        if not hasattr(connection, "esp_name"):
            # SMTP: our own stable Message-ID, so that a message repeated after a
            # crash folds into the first one in the supporter's mailbox.
            domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
            message.extra_headers["Message-ID"] = f"<{questionnaire.public_id}@{domain}>"
        message.connection = connection
        message.send()
    except Exception as exc:  # noqa: BLE001 - recorded and tried again later
        log.warning("Questionnaire %s not sent: %s", questionnaire.pk, redact(str(exc)))
        attempts = questionnaire.attempts
        mine.update(
            lease_until=now + retry_delay(attempts),
            # Without the supporter's address, which an SMTP refusal quotes.
            last_error=redact(f"{type(exc).__name__}: {exc}")[:2000],
            failed_at=now if attempts >= MAX_ATTEMPTS else None,
        )
        return False
    with transaction.atomic():
        if mine.update(sent_at=timezone.now(), lease_until=None, last_error=""):
            for answer in answers:
                _tally(letter.campaign_id, answer.target_id, asked=1)
    return True


# Answering ----------------------------------------------------------------------


class NotAnswerable(Exception):
    """The question is not one this supporter may answer (erased, or not asked)."""


def _check_answerable(answer: Answer) -> None:
    questionnaire = answer.questionnaire
    if questionnaire.sent_at is None or questionnaire.letter.email is None:
        raise NotAnswerable


@transaction.atomic
def record_answer(answer: Answer, *, choice: str, now=None) -> Answer:
    """The supporter's answer to "Did <target> reply?"; they may change it later.
    Their pasted reply goes with a "yes" that becomes something else."""
    if choice not in Answer.Choice.values:
        raise ValueError(choice)
    _check_answerable(answer)
    # Two presses at once: the second sees the first's answer, and the tally moves once.
    before = Answer.objects.select_for_update().values_list("choice", flat=True).get(pk=answer.pk)
    answer.choice = choice
    answer.answered_at = now or timezone.now()
    answer.save(update_fields=["choice", "answered_at"])
    if before != choice:
        campaign_id = answer.questionnaire.letter.campaign_id
        _tally(campaign_id, answer.target_id, **{choice: 1, **({before: -1} if before else {})})
    if choice != Answer.Choice.YES:
        Reply.objects.filter(answer=answer).delete()
    return answer


@transaction.atomic
def submit_reply(
    answer: Answer,
    *,
    text: str,
    publish_consent: bool,
    show_first_name: bool,
    now=None,
) -> Reply:
    """The reply a supporter pasted: waits for moderation if they agreed to its
    publication, else kept for staff only. Sending it again starts over."""
    now = now or timezone.now()
    if answer.choice != Answer.Choice.YES:
        record_answer(answer, choice=Answer.Choice.YES, now=now)
    _check_answerable(answer)
    letter = answer.questionnaire.letter
    reply, _created = Reply.objects.update_or_create(
        answer=answer,
        defaults={
            "target_id": answer.target_id,
            "campaign_id": letter.campaign_id,
            "kind": Reply.Kind.TO_SUPPORTER,
            # Their own details are taken out at once ("Dear […],"): staff never need
            # them, and the admin shows them to nobody without the personal-data permission.
            "text": letter.without_personal_data(text.strip()),
            "received_on": timezone.localdate(now),
            "publish_consent": publish_consent,
            "show_first_name": publish_consent and show_first_name,
            "state": Reply.State.PENDING if publish_consent else Reply.State.PRIVATE,
            "created_at": now,
            "moderated_at": None,
            "moderated_by": None,
        },
    )
    return reply


# Moderating ---------------------------------------------------------------------


def personal_data_in(reply: Reply) -> list[str]:
    """Which of the supporter's own details the reply's text shows (staff's edits may
    put one back; what supporters send has them taken out)."""
    if reply.answer_id is None:
        return []
    letter = reply.answer.questionnaire.letter
    code = letter.postal_code or ""
    details = [
        (_("name"), [letter.full_name, letter.first_name, letter.last_name]),
        (_("email address"), [letter.email]),
        (_("postal code"), [code, code.replace(" ", "")]),
        (_("city"), [letter.city]),
    ]
    return [
        str(label)
        for label, values in details
        if any(
            value
            and len(value) >= 2
            and re.search(rf"(?<!\w){re.escape(value)}(?!\w)", reply.text, re.IGNORECASE)
            for value in values
        )
    ]


@transaction.atomic
def approve_reply(reply: Reply, *, by: AbstractBaseUser | None, now=None) -> Reply:
    """Publish a reply on the response wall: only with its writer's consent, and
    only once nothing of theirs is left in its text."""
    if not reply.may_publish:
        raise CannotApprove(_("The supporter did not agree to publish this reply."))
    found = personal_data_in(reply)
    if found:
        raise CannotApprove(
            _("The text still shows the supporter's %(details)s: edit it out first.")
            % {"details": ", ".join(found)}
        )
    return _moderate(reply, state=Reply.State.APPROVED, by=by, now=now)


@transaction.atomic
def reject_reply(reply: Reply, *, by: AbstractBaseUser | None, now=None) -> Reply:
    """Keep a reply off the response wall."""
    return _moderate(reply, state=Reply.State.REJECTED, by=by, now=now)


def _moderate(reply: Reply, *, state: str, by, now) -> Reply:
    reply.state = state
    reply.moderated_at = now or timezone.now()
    reply.moderated_by = by if by is not None and by.pk else None
    reply.save(update_fields=["state", "moderated_at", "moderated_by"])
    return reply


@transaction.atomic
def post_public_answer(
    *,
    target: Target,
    kind: str,
    text: str,
    received_on,
    campaign: Campaign | None = None,
    url: str = "",
    by: AbstractBaseUser | None = None,
    now=None,
) -> Reply:
    """A target's public answer that staff post themselves: published at once."""
    return Reply.objects.create(
        target=target,
        campaign=campaign,
        kind=kind,
        text=text.strip(),
        url=url,
        received_on=received_on,
        state=Reply.State.APPROVED,
        moderated_at=now or timezone.now(),
        moderated_by=by if by is not None and by.pk else None,
    )


# Erasure ------------------------------------------------------------------------


def erase_replies(*, letters: QuerySet) -> int:
    """A supporter's replies go and their answers are forgotten; that they were asked
    stays counted. Called by privacy.services when a supporter is erased."""
    deleted, _ = Reply.objects.filter(answer__questionnaire__letter__in=letters).delete()
    answers = Answer.objects.filter(questionnaire__letter__in=letters).exclude(choice="")
    counts = answers.values("questionnaire__letter__campaign_id", "target_id", "choice").annotate(
        n=Count("id")
    )
    for row in counts.order_by():
        _tally(
            row["questionnaire__letter__campaign_id"],
            row["target_id"],
            **{row["choice"]: -row["n"]},
        )
    answers.update(choice="", answered_at=None)
    return deleted


# The tallies public pages read ------------------------------------------------------


def _tally(campaign_id: int, target_id: int, **changes: int) -> None:
    """Move one (campaign, target) tally by the given amounts, never below zero."""
    Tally.objects.bulk_create(
        [Tally(campaign_id=campaign_id, target_id=target_id)], ignore_conflicts=True
    )
    Tally.objects.filter(campaign_id=campaign_id, target_id=target_id).update(
        **{name: Greatest(F(name) + n, 0) for name, n in changes.items()}
    )


@transaction.atomic
def refresh_tallies(*, now=None) -> int:
    """Recount every tally from the rows: the letters delivered since the last refresh,
    and any drift in the answers (one recorded during a refresh is counted by the next)."""
    now = now or timezone.now()
    figures = recount()
    Tally.objects.bulk_create(
        [
            Tally(campaign_id=c, target_id=t, recounted_at=now, **vars(f))
            for (c, t), f in figures.items()
        ],
        update_conflicts=True,
        unique_fields=["campaign", "target"],
        update_fields=[*COLUMNS, "recounted_at"],
    )
    Tally.objects.exclude(recounted_at=now).update(recounted_at=now, **dict.fromkeys(COLUMNS, 0))
    return len(figures)
