import csv
import io
import operator
import re
import secrets
import uuid
from functools import reduce

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from advocacy.crypto import blind_index
from advocacy.models import EncryptedField, StaffLog
from campaigns.models import Campaign, LetterTemplate, Riding, Target

# What stands where a supporter's personal data was taken out of a text.
REMOVED = "[…]"


def new_link_key() -> str:
    """The random part of a letter's links in emails (letters/signed_links.py)."""
    return secrets.token_urlsafe(16)


def mail_ref(public_id, *, secret: str | None = None) -> str:
    """Letter.mail_ref, as a process with this SECRET_KEY (default: ours) makes it."""
    return salted_hmac("letters.mail-ref", str(public_id), secret=secret).hexdigest()[:24]


# What would make a spreadsheet run a cell as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str | None) -> str:
    """What a supporter typed, with a leading ' if it would start a spreadsheet formula
    ("=HYPERLINK(...)" as a first name)."""
    text = text or ""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def supporter_line(
    first_name, last_name, email, postal_code, province, news_opt_in, created_at
) -> str:
    """One letter's line of the supporter list (reports/exports.py), as CSV ending in a
    newline: what the supporter typed kept from running as a spreadsheet formula, and
    the day they signed in the site's time zone."""
    signed_on = timezone.localdate(created_at, timezone.get_default_timezone())
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(
        [
            formula_safe(first_name),
            formula_safe(last_name),
            formula_safe(email),
            postal_code or "",
            province,
            "yes" if news_opt_in else "no",
            signed_on.isoformat(),
        ]
    )
    return out.getvalue()


def new_referral_code() -> str:
    """A random code for a letter's share links: 48 bits, URL-safe."""
    return secrets.token_urlsafe(6)


# Letters whose writer has not proven the address: waiting for the link we emailed,
# or recorded from their own mail without it.
UNPROVEN = Q(state="unconfirmed") | Q(own_mail=True, confirmed_at__isnull=True)


class LetterQuerySet(models.QuerySet):
    def counted(self):
        """Letters that count toward a campaign's total."""
        return self.filter(state__in=Letter.COUNTED_STATES)

    def of_address(self, email: str):
        """Letters written with this address, however it was typed (its blind index)."""
        return self.filter(email_index=blind_index(email))

    def holding_address(self, campaign, email: str):
        """Letters that keep this address from writing to the campaign again: all but
        those whose writer has yet to prove the address (see unproven())."""
        mine = self.of_address(email).filter(campaign=campaign, is_test=False)
        return mine.exclude(state=Letter.State.UNCONFIRMED).exclude(
            own_mail=True, confirmed_at__isnull=True
        )

    def unproven(self, campaign, email: str):
        """Letters stored with this address that its owner has not proven theirs: waiting
        for the link we emailed, or recorded from their own mail without it."""
        return self.of_address(email).filter(campaign=campaign, is_test=False).filter(UNPROVEN)

    def unproven_of(self, letters):
        """unproven() for the addresses and campaigns of these letters, in one query."""
        same = [
            Q(campaign_id=lt.campaign_id, email_index=lt.email_index)
            for lt in letters
            if lt.email_index
        ]
        if not same:
            return self.none()
        return self.filter(reduce(operator.or_, same), is_test=False).filter(UNPROVEN)

    def unproven_own_mail(self, campaign, email: str):
        """Own-mail letters recorded for this address without its owner's click."""
        return self.of_address(email).filter(
            campaign=campaign, is_test=False, own_mail=True, confirmed_at=None
        )

    def referred_by(self, letter: "Letter"):
        """Letters that count, written after following this letter's share links."""
        return self.counted().filter(referred_by=letter.referral_code, is_test=False)


class Letter(models.Model):
    """One supporter's letter to one campaign's targets."""

    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for email confirmation")
        HELD = "held", _("Held for review")
        ACCEPTED = "accepted", _("Accepted for delivery")
        OWN_CLIENT = "own_client", _("Sent from the supporter's own mail")
        REJECTED = "rejected", _("Rejected by staff")
        EXPIRED = "expired", _("Expired unconfirmed")

    COUNTED_STATES = (State.ACCEPTED, State.OWN_CLIENT)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # What the links in emails to the supporter carry (signed), instead of anything
    # that names the letter: see letters/signed_links.py. Empty on letters stored
    # before it existed, until their first link is made.
    link_key = models.CharField(
        max_length=32, unique=True, null=True, editable=False, default=new_link_key
    )
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="letters")
    template = models.ForeignKey(
        LetterTemplate, null=True, on_delete=models.SET_NULL, related_name="letters"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.ACCEPTED)
    # Sent by the supporter from their own mail (counted once accepted, never sent by us).
    own_mail = models.BooleanField(_("sent from the supporter's own mail"), default=False)
    # Personal data, encrypted at rest (advocacy/crypto.py): emptied (NULL) when the
    # supporter asks to be erased.
    first_name = EncryptedField(_("first name"), max_length=100, null=True)
    last_name = EncryptedField(_("last name"), max_length=100, null=True)
    email = EncryptedField(_("email"), max_length=254, null=True, input="email")
    # The address's blind index (crypto.blind_index), set by save() from email: what
    # one letter per email and every lookup by address compare.
    email_index = models.CharField(max_length=64, null=True, editable=False, db_index=True)
    postal_code = EncryptedField(_("postal code"), max_length=7, null=True)
    city = EncryptedField(_("city"), max_length=100, blank=True)
    # Signs the letter its recipients read (MP offices look for a constituent's
    # address); never shown on the site's pages nor in the supporter's copy.
    street_address = EncryptedField(_("street address"), max_length=200, blank=True)
    # The letter's whole line of the supporter list (supporter_line), sealed in one
    # value, set by save(): the export of a million letters opens one value a row and
    # PostgreSQL computes nothing per row (reports/exports.py). NULL once erased.
    supporter_row = EncryptedField(null=True, editable=False)
    # Kept after erasure: what organizers report on.
    province = models.CharField(_("province"), max_length=2, blank=True)
    riding = models.ForeignKey(Riding, null=True, blank=True, on_delete=models.SET_NULL)
    mp = models.ForeignKey(
        Target, null=True, blank=True, on_delete=models.SET_NULL, related_name="constituent_letters"
    )
    subject = EncryptedField(_("subject"), max_length=200)
    body = EncryptedField(_("letter"), input="textarea")
    # The letter's language: its greeting, signature and every email and page about it.
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )
    # False when the supporter sent the model letter as written: a bilingual model
    # letter then also goes out in its other language.
    edited = models.BooleanField(_("edited by the supporter"), default=True)
    send_copy = models.BooleanField(_("send me a copy"), default=False)
    news_opt_in = models.BooleanField(_("news from the organization"), default=False)
    is_test = models.BooleanField(default=False)
    ip_hash = models.CharField(max_length=64, blank=True)
    hold_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    # Minimal-data mode emptied its text and address (privacy.services): the text
    # cannot be compared in the database any more.
    scrubbed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Whether the letter is in its campaign's counts yet: a letter that counts is
    # added a few seconds after it is stored, by a periodic job (reports.tallies),
    # so that no request waits on one hot counter row.
    tallied = models.BooleanField(default=False, editable=False)
    # Accepted, its deliveries not created yet: the request stores the letter alone, in
    # one INSERT, and the delivery worker creates them (services.create_awaited_deliveries),
    # so that a letter costs its supporter's request as little as possible.
    awaiting_deliveries = models.BooleanField(default=False, db_default=False, editable=False)
    # Set on every letter of an email when its writer asks for no more emails from us.
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # Moves with every change an API client syncs (its state, its deliveries' states,
    # erasure, consent withdrawn): the key of the API's incremental sync, set by the
    # services that make the change (save() stays plain).
    modified_at = models.DateTimeField(default=timezone.now, editable=False)
    # Where the writer came from (letters/attribution.py): share links' utm_* tags, the
    # partner whose link or frame brought them, whether the form was in a partner's
    # frame, the origin of the page that linked here. Never anything about the person.
    utm_source = models.CharField(_("source"), max_length=100, blank=True)
    utm_medium = models.CharField(_("medium"), max_length=100, blank=True)
    utm_campaign = models.CharField(_("campaign tag"), max_length=100, blank=True)
    # The partner's slug: partners sits above letters, so no foreign key to it.
    partner_slug = models.CharField(_("partner"), max_length=50, blank=True)
    embedded = models.BooleanField(_("sent from an embedded form"), default=False)
    referrer_origin = models.CharField(_("referring site"), max_length=200, blank=True)
    # Referrals: this letter's code goes into its thank-you page's share links; a
    # letter written after following one keeps the code in referred_by. Random,
    # nothing of the writer in it.
    referral_code = models.CharField(
        _("referral code"), max_length=16, unique=True, default=new_referral_code, editable=False
    )
    referred_by = models.CharField(_("referred by"), max_length=16, blank=True, db_index=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        constraints = [
            # One letter per supporter per campaign; erased letters (NULL email) don't clash.
            # An own-mail letter whose writer did not prove the address (by the link we
            # email) holds no place: anyone can type anyone's address, and the owner must
            # still be able to write (services.record_own_client_letter).
            models.UniqueConstraint(
                fields=["campaign", "email_index"],
                condition=Q(is_test=False) & (Q(own_mail=False) | Q(confirmed_at__isnull=False)),
                name="one_letter_per_email_per_campaign",
            ),
            # ...and of those, one per address at a time: a new one takes the old one's place.
            models.UniqueConstraint(
                fields=["campaign", "email_index"],
                condition=Q(is_test=False, own_mail=True, confirmed_at__isnull=True),
                name="one_unproven_own_mail_letter_per_email",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "created_at"]),
            # The counting job's scan: only letters that count and are not counted yet.
            models.Index(
                fields=["id"],
                condition=Q(tallied=False, state__in=["accepted", "own_client"], is_test=False),
                name="letter_untallied",
            ),
            # Letters in an address's name nobody proved, set aside on every letter stored:
            # few rows, where the campaign's own index would scan its million letters.
            models.Index(
                fields=["campaign", "email_index"],
                condition=Q(is_test=False) & UNPROVEN,
                name="letter_unproven",
            ),
            # The delivery worker's scan for letters whose deliveries it has to create.
            models.Index(
                fields=["id"], condition=Q(awaiting_deliveries=True), name="letter_awaiting"
            ),
            # The API's incremental sync: pages in (modified_at, id) order from a cursor.
            models.Index(fields=["modified_at", "id"], name="letter_modified"),
        ]
        permissions = [
            # The personal-data boundary: names, emails, postal codes, cities and IP
            # hashes, in the admin and in exports. Given to named people, never to a group.
            ("export_personal_data", _("Can see and export supporters' personal data")),
            ("review_letter", _("Can release or reject held letters")),
        ]

    def __str__(self):
        # No subject: supporters write their own names into it.
        return _("Letter %(id)s to %(campaign)s") % {"id": self.pk, "campaign": self.campaign}

    # What email_index and supporter_row are made of.
    ROW_SOURCES = frozenset(
        {"first_name", "last_name", "email", "postal_code", "province", "news_opt_in", "created_at"}
    )

    def save(self, *args, **kwargs):
        # The values derived from the sealed personal data follow it, whichever of
        # its fields a caller saves (erasure saves a few by name).
        update_fields = kwargs.get("update_fields")
        if update_fields is None or self.ROW_SOURCES & set(update_fields):
            self.derive()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "email_index", "supporter_row"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("letters:status", args=[self.public_id])

    def derive(self) -> "Letter":
        """Set email_index and supporter_row from the personal data (save() does; call
        it before bulk_create())."""
        self.email_index = blind_index(self.email)
        self.supporter_row = (
            None
            if self.email is None
            else supporter_line(
                self.first_name,
                self.last_name,
                self.email,
                self.postal_code,
                self.province,
                self.news_opt_in,
                self.created_at,
            )
        )
        return self

    @property
    def mail_ref(self) -> str:
        """What names this letter in the headers of its messages (X-Letter-Ref, the
        provider's metadata): stable, and of no use to whoever reads it, unlike the
        public id, which opens the letter's pages."""
        return mail_ref(self.public_id)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    def without_personal_data(self, text: str) -> str:
        """The text with this supporter's name, email, postal code, city and street
        address taken out, each as a whole word, whatever its case; longest first."""
        code = self.postal_code or ""
        values = [
            self.full_name, self.first_name, self.last_name, self.email, code,
            code.replace(" ", ""), self.city, self.street_address,
        ]  # fmt: skip
        for value in sorted({v for v in values if v and len(v) >= 2}, key=len, reverse=True):
            pattern = rf"(?<!\w){re.escape(value)}(?!\w)"
            text = re.sub(pattern, REMOVED, text, flags=re.IGNORECASE)
        return text


class DeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        """Queued deliveries whose time has come, and claims whose lease ran out."""
        now = now or timezone.now()
        return self.filter(
            Q(state=Delivery.State.QUEUED, next_attempt_at__lte=now)
            | Q(state=Delivery.State.SENDING, lease_until__lt=now)
        )

    def failed(self):
        """Deliveries that stopped for good: staff may retry them."""
        return self.filter(state=Delivery.State.FAILED)


class Delivery(models.Model):
    """One recipient of one letter, with its honest delivery state."""

    class Kind(models.TextChoices):
        TO = "to", _("To")
        CC = "cc", _("Cc")
        COPY = "copy", _("Supporter's copy")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")
        FAILED = "failed", _("Failed")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    target = models.ForeignKey(
        Target, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    # Encrypted at rest: the supporter's copy carries their name and address.
    name = EncryptedField(max_length=200, blank=True)
    address = EncryptedField(max_length=254, input="email")
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    provider_message_id = models.CharField(max_length=200, blank=True, db_index=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    # Transient failures stop retrying after this; empty: created_at + DELIVERY_RETRY_HOURS.
    # A staff retry opens a new window from the moment of the retry.
    retry_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The state this delivery is counted under in the reports' tallies (reports.tallies);
    # empty until first counted. The counting job looks for those that moved on.
    tallied_state = models.CharField(max_length=20, blank=True, default="", editable=False)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["letter", "kind", "id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        permissions = [("retry_delivery", _("Can queue failed deliveries again"))]
        indexes = [
            # The sweeper's scan: only unfinished rows, by time.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state__in=["queued", "sending"]),
                name="delivery_unfinished",
            ),
            models.Index(
                fields=["id"],
                condition=Q(kind="to") & ~Q(tallied_state=F("state")),
                name="delivery_untallied",
            ),
        ]

    def __str__(self):
        # The supporter's copy goes to their own address: it is not shown.
        recipient = "" if self.kind == self.Kind.COPY else f" {self.address}"
        return f"{self.get_kind_display()}{recipient}: {self.get_state_display()}"


class PersonalDataView(StaffLog):
    """One look at supporters' personal data in the admin: who, when, which page,
    how many rows. The admin's counterpart of the export log (reports.ExportLog)."""

    class Page(models.TextChoices):
        LIST = "list", _("List")
        DETAIL = "detail", _("Detail")
        HISTORY = "history", _("History")

    model = models.CharField(_("records"), max_length=100)  # e.g. "letters.letter"
    page = models.CharField(_("page"), max_length=10, choices=Page.choices)
    object_id = models.CharField(_("record"), max_length=50, blank=True)
    row_count = models.PositiveIntegerField(_("rows shown"), default=0)
    # Whether the list was searched; never what for (it would be personal data too).
    searched = models.BooleanField(_("searched"), default=False)
    viewed_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("view of personal data")
        verbose_name_plural = _("views of personal data")

    def __str__(self):
        return f"{self.username or '-'} · {self.model} · {self.viewed_at:%Y-%m-%d %H:%M}"


class DeliveryPace(models.Model):
    """Staff's switch for the sending pace during a spike: one row, edited in the admin."""

    rate_per_minute = models.PositiveIntegerField(
        _("messages a minute"),
        null=True,
        blank=True,
        help_text=_(
            "How many messages a minute go to the email provider, all workers together. "
            "Lower it if the provider or the targets' offices ask us to slow down; raise it "
            "to clear a backlog. Empty: the server's setting (DELIVERY_RATE_PER_MINUTE). "
            "0: no limit. Takes effect within seconds, without a deploy."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("delivery pace")
        verbose_name_plural = _("delivery pace")

    def __str__(self):
        if self.rate_per_minute is None:
            return str(_("The server's setting"))
        return str(_("%(n)s messages a minute") % {"n": self.rate_per_minute})
