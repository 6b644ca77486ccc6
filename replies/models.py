"""Did the targets answer? The questionnaire a supporter receives after their letter,
what they report for each target, and the replies shown on the response wall."""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Target
from letters.models import Delivery, Letter


class QuestionnaireQuerySet(models.QuerySet):
    def sent(self):
        """Questionnaires that reached the mail provider: their supporters were asked."""
        return self.filter(sent_at__isnull=False)

    def due(self, now=None):
        """Not sent yet, not given up on, and not in another worker's hands."""
        now = now or timezone.now()
        return self.filter(sent_at__isnull=True, failed_at__isnull=True).filter(
            Q(lease_until__isnull=True) | Q(lease_until__lt=now)
        )


class Questionnaire(models.Model):
    """The one email that asks a supporter, a set time after their letter reached its
    targets, whether each of them replied. One per letter, so never sent twice."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    letter = models.OneToOneField(Letter, on_delete=models.CASCADE, related_name="questionnaire")
    # The link's secret is derived from public_id with SECRET_KEY (replies/links.py);
    # only its hash is stored, so a copy of the database cannot answer for anyone.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # A worker's claim while it sends; a crashed worker's claim runs out.
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply questionnaire")
        verbose_name_plural = _("reply questionnaires")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True),
                name="questionnaire_unsent",
            )
        ]

    def __str__(self):
        return str(self.public_id)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AnswerQuerySet(models.QuerySet):
    def asked(self):
        """Questions that reached the supporter (their questionnaire was sent)."""
        return self.filter(questionnaire__sent_at__isnull=False)


class Answer(models.Model):
    """One question of a questionnaire, "Did <target> reply?", and the supporter's answer.

    Asked only about a delivery our records show was sent to that target: the
    honest per-recipient record is the base of every reply rate.
    """

    class Choice(models.TextChoices):
        YES = "yes", _("Yes")
        NOT_YET = "not_yet", _("Not yet")
        NO = "no", _("No")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="answers"
    )
    delivery = models.OneToOneField(Delivery, on_delete=models.CASCADE, related_name="answer")
    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.PROTECT, related_name="answers"
    )
    choice = models.CharField(_("answer"), max_length=10, choices=Choice.choices, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["questionnaire", "target__name", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.target}: {self.get_choice_display() or '-'}"


class ReplyQuerySet(models.QuerySet):
    def published(self):
        """What the response wall shows: replies staff approved."""
        return self.filter(state=Reply.State.APPROVED)

    def for_wall(self):
        """Published replies with what the wall prints, newest first."""
        return (
            self.published()
            .select_related("target", "answer__questionnaire__letter")
            .order_by("-received_on", "-id")
        )


class Reply(models.Model):
    """A target's reply: pasted by a supporter who received it, or a public answer
    staff posted (a statement in the House, a letter to the organization)."""

    class Kind(models.TextChoices):
        TO_SUPPORTER = "to_supporter", _("Reply to a supporter's letter")
        HOUSE = "house", _("Statement in the House")
        TO_ORGANIZATION = "to_organization", _("Letter to the organization")
        OTHER = "other", _("Other public answer")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Rejected")
        PRIVATE = "private", _("Not for publication")

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.PROTECT, related_name="replies"
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
        help_text=_("The campaign whose page shows it. Empty: only the target's page."),
    )
    # Set for a supporter's reply: the question it answers (and through it, the letter).
    answer = models.OneToOneField(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="reply"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.TO_SUPPORTER
    )
    text = models.TextField(
        _("text"),
        help_text=_(
            "Plain text, as published. Before approving, edit out anything personal: the "
            "supporter's name, address, email or phone, case numbers."
        ),
    )
    url = models.URLField(_("source link"), blank=True, help_text=_("Where the answer is public."))
    received_on = models.DateField(_("date"), default=timezone.localdate)
    publish_consent = models.BooleanField(
        _("supporter agreed to publication"),
        default=False,
        help_text=_("Without it, the reply is never published."),
    )
    show_first_name = models.BooleanField(
        _("supporter agreed to show their first name"), default=False
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReplyQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        permissions = [("moderate_reply", _("Can approve or reject replies"))]
        indexes = [
            models.Index(fields=["state", "target"]),
            models.Index(fields=["state", "campaign"]),
        ]

    def __str__(self):
        return f"{self.target}: {self.get_kind_display()} ({self.received_on})"

    @property
    def may_publish(self) -> bool:
        """Staff's own posts are public answers; a supporter's needs their consent."""
        return self.answer_id is None or self.publish_consent

    @property
    def first_name(self) -> str:
        """The supporter's first name, only if they agreed to show it (and are not erased)."""
        if not (self.answer_id and self.show_first_name):
            return ""
        return self.answer.questionnaire.letter.first_name or ""


class Tally(models.Model):
    """One target's figures for one campaign's letters, so that public pages read a
    row instead of counting deliveries. Answers move it as they are recorded; a
    periodic task recounts everything (and is the only writer of `delivered`)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="tallies")
    delivered = models.PositiveIntegerField(default=0)
    asked = models.PositiveIntegerField(default=0)
    yes = models.PositiveIntegerField(default=0)
    not_yet = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)
    recounted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "target"], name="one_tally_per_target")
        ]

    def __str__(self):
        return f"{self.target_id} in {self.campaign_id}"
