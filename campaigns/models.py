import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from advocacy.models import StaffLog


class Province(models.TextChoices):
    NL = "NL", _("Newfoundland and Labrador")
    NS = "NS", _("Nova Scotia")
    PE = "PE", _("Prince Edward Island")
    NB = "NB", _("New Brunswick")
    QC = "QC", _("Quebec")
    ON = "ON", _("Ontario")
    MB = "MB", _("Manitoba")
    SK = "SK", _("Saskatchewan")
    AB = "AB", _("Alberta")
    BC = "BC", _("British Columbia")
    YT = "YT", _("Yukon")
    NT = "NT", _("Northwest Territories")
    NU = "NU", _("Nunavut")


class Riding(models.Model):
    """A federal electoral district (2023 representation order)."""

    code = models.CharField(_("number"), max_length=5, unique=True)  # Elections Canada's number
    name = models.CharField(_("name"), max_length=200)
    name_fr = models.CharField(_("French name"), max_length=200, blank=True)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("riding")
        verbose_name_plural = _("ridings")

    def __str__(self):
        return self.name

    @property
    def local_name(self) -> str:
        """The name in the reader's language: French when the page is French and it is known."""
        french = (get_language() or "").startswith("fr")
        return self.name_fr if french and self.name_fr else self.name


# Mail to any Member of Parliament there needs no stamp.
HOUSE_OF_COMMONS = ("House of Commons", "Ottawa ON  K1A 0A6")


class TargetQuerySet(models.QuerySet):
    def sitting_mps(self):
        """MPs who hold their seat today."""
        return self.filter(riding__isnull=False, departed_at__isnull=True)


class Target(models.Model):
    """Someone the organization writes to: a minister, an MP, an official."""

    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    salutation = models.CharField(
        _("salutation"),
        max_length=200,
        blank=True,
        help_text=_(
            "How a letter greets them, after “Dear”: “Minister Goodale”, “Ms. Mendès”, "
            "“Mr. Naqvi”. MP imports fill in the name and office (“Yasir Naqvi, MP”), or "
            "Ms./Mr. when Represent says which; change it once you know how someone wishes "
            "to be addressed, and imports keep your change. Empty: the name."
        ),
    )
    email = models.EmailField(_("email"))
    language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("", _("Not known")), ("en", _("English")), ("fr", _("French"))],
        blank=True,
        help_text=_(
            "The official language their office prefers. A model letter sent bilingual "
            "adds a version in this language (both when not known)."
        ),
    )
    postal_address = models.TextField(_("postal address"), blank=True)
    party = models.CharField(_("party"), max_length=100, blank=True)
    riding = models.ForeignKey(
        Riding,
        verbose_name=_("riding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mps",
        help_text=_("Set for Members of Parliament: the riding they represent."),
    )
    departed_at = models.DateTimeField(_("left office"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("email bounced"), null=True, blank=True)
    bounce_reason = models.CharField(_("bounce reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self):
        return f"{self.name}, {self.title}" if self.title else self.name

    @property
    def greeting_name(self) -> str:
        """What follows "Dear": the salutation staff or the import set, else the name
        (an MP's with their office)."""
        salutation = self.salutation  # a translated field: each read looks up the language
        if salutation:
            return salutation
        return f"{self.name}, MP" if self.riding_id else self.name

    def postal_lines(self) -> list[str]:
        """The envelope's address: an MP's goes postage-free to the House of Commons."""
        lines = [f"{self.name}, MP" if self.riding_id else self.name]
        if self.title:
            lines.append(self.title)
        address = [line.strip() for line in self.postal_address.splitlines() if line.strip()]
        return lines + (address or list(HOUSE_OF_COMMONS))


class Office(models.Model):
    """An office of a target that takes calls: an MP's Parliament Hill and constituency
    offices (imported from Represent with the directory), a minister's (entered by staff)."""

    class Kind(models.TextChoices):
        LEGISLATURE = "legislature", _("Parliament Hill office")
        CONSTITUENCY = "constituency", _("Constituency office")
        OFFICE = "office", _("Office")

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="offices"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_('As callers should see it, e.g. "Minister\'s office". Empty: the kind.'),
    )
    phone = models.CharField(
        _("phone"), max_length=40, help_text=_('For example "613-992-1385" or "1 613 992-1385".')
    )
    postal_address = models.TextField(_("postal address"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["target", "position", "id"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self):
        return f"{self.label}: {self.phone}"

    def clean(self):
        if len(re.sub(r"\D", "", PHONE_EXTENSION_RE.split(self.phone)[0])) not in (10, 11):
            raise ValidationError({"phone": _("Enter a 10-digit phone number, like 613-992-1385.")})

    @property
    def label(self) -> str:
        return self.name or self.get_kind_display()

    @property
    def tel_url(self) -> str:
        return tel_url(self.phone)

    @property
    def phone_display(self) -> str:
        """ "613-992-1385", however the source wrote it (an extension kept)."""
        number, *extension = PHONE_EXTENSION_RE.split(self.phone, maxsplit=1)
        digits = re.sub(r"\D", "", number)
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        shown = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}" if len(digits) == 10 else number.strip()
        extension = re.sub(r"\D", "", extension[0]) if extension else ""
        return f"{shown} ext. {extension}" if extension else shown


PHONE_EXTENSION_RE = re.compile(r"(?i)\s*(?:ext\.?|x|poste)\s*")


def tel_url(phone: str) -> str:
    """A tel: address (RFC 3966) for a number as a directory writes it: North American
    numbers in E.164 ("1 613 992-1385" -> tel:+16139921385), an extension kept."""
    number, *extension = PHONE_EXTENSION_RE.split(phone, maxsplit=1)
    digits = re.sub(r"\D", "", number)
    if len(digits) == 10:
        digits = "1" + digits
    extension = re.sub(r"\D", "", extension[0]) if extension else ""
    return f"tel:+{digits}" + (f";ext={extension}" if extension else "")


class CampaignQuerySet(models.QuerySet):
    def offered_in(self, language: str):
        """Campaigns whose page exists in this language."""
        return self.filter(languages__contains=language[:2])

    def by_slug(self, slug: str):
        """The campaign whose English or French slug this is."""
        return self.filter(Q(slug=slug) | Q(slug_fr=slug))

    def live(self, now=None):
        """Published campaigns the public can see, open or closed."""
        now = now or timezone.now()
        return self.filter(
            Q(status=Campaign.Status.PUBLISHED)
            | Q(status=Campaign.Status.CLOSED)
            # Live at its time even before the beat task flips its status.
            | Q(status=Campaign.Status.SCHEDULED, publish_at__isnull=False),
        ).filter(Q(publish_at__isnull=True) | Q(publish_at__lte=now))

    def open(self, now=None):
        """Campaigns that accept letters right now."""
        now = now or timezone.now()
        return (
            self.live(now)
            .filter(status__in=[Campaign.Status.PUBLISHED, Campaign.Status.SCHEDULED])
            .filter(Q(close_at__isnull=True) | Q(close_at__gt=now))
        )


class Campaign(models.Model):
    """An action supporters take: a letter to write, or a joint statement to stand behind."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        ARCHIVED = "archived", _("Archived")

    class Kind(models.TextChoices):
        LETTER = "letter", _("Letter")
        STATEMENT = "statement", _("Joint statement")
        CALL = "call", _("Phone calls")  # its call script (the calls app) is the action

    class Languages(models.TextChoices):
        BOTH = "en fr", _("English and French")
        ENGLISH = "en", _("English only")
        FRENCH = "fr", _("French only")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    slug_fr = models.SlugField(
        _("French slug"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The end of the French page's address; empty: the same as the English one."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LETTER)
    languages = models.CharField(
        _("languages"),
        max_length=5,
        choices=Languages.choices,
        default=Languages.ENGLISH,
        help_text=_(
            "The languages the campaign is offered in. Its page in the other language says "
            "so and links to this one."
        ),
    )
    summary = models.CharField(_("summary"), max_length=400)
    story = models.TextField(_("story"), blank=True, help_text=_("Rich text, sanitized."))
    result = models.TextField(
        _("result"), blank=True, help_text=_("Shown when the campaign is closed. Rich text.")
    )
    hero_image = models.ImageField(_("hero image"), upload_to="campaigns/", blank=True)
    hero_alt = models.CharField(_("hero image description"), max_length=300, blank=True)
    goal = models.PositiveIntegerField(_("goal (letters)"), default=1000)
    urgent = models.BooleanField(_("urgent"), default=False)
    show_appeal = models.BooleanField(_("show the donation appeal"), default=True)
    action_title = models.CharField(
        _("action heading"),
        max_length=200,
        blank=True,
        help_text=_('For a statement: the call above its letter, e.g. "Tell your MP…".'),
    )
    appeal_text = models.TextField(
        _("campaign's own appeal"), blank=True, help_text=_("Overrides the site's appeal text.")
    )
    appeal_url = models.URLField(_("campaign's own donation link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    close_at = models.DateTimeField(_("close at"), null=True, blank=True)
    # Folded in every few seconds by reports.tallies so public pages never COUNT
    # letters and no request updates this row. letter_count is every letter that
    # counts; own_mail_count the part supporters sent from their own mail, which
    # the site never calls "sent".
    letter_count = models.PositiveIntegerField(_("letters"), default=0, editable=False)
    own_mail_count = models.PositiveIntegerField(
        _("letters from supporters' own email"), default=0, editable=False
    )
    last_letter_at = models.DateTimeField(_("last letter"), null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sending_paused = models.BooleanField(
        _("pause new letters"),
        default=False,
        help_text=_(
            "For a spike or trouble at the targets' offices: the site stops sending new "
            "letters for this campaign and says so plainly on its page; supporters can "
            "still send theirs from their own email. Letters already accepted still go out."
        ),
    )
    require_confirmation = models.BooleanField(
        _("supporters confirm their email"),
        default=False,
        help_text=_("A letter goes out only once its writer clicks the link we email them."),
    )
    reply_check_days = models.PositiveSmallIntegerField(
        _("ask about replies after (days)"),
        default=14,
        help_text=_(
            "This many days after a letter reached its targets, its writer gets one email "
            "asking whether each target replied. 0: never ask."
        ),
    )
    # Minimal-data mode (privacy.services.scrub_delivered_letters): empty keeps the text.
    scrub_after_days = models.PositiveSmallIntegerField(
        _("scrub letters after (days)"),
        null=True,
        blank=True,
        help_text=_(
            "This many days after every delivery of a letter has ended (sent, delivered, "
            "bounced or failed), its text and its writer's street address and city are "
            "erased; counts and delivery records stay. WriteToThem uses 28. Empty: kept."
        ),
    )
    # Where the embeddable action (letters/embed.py) may be framed: its CSP frame-ancestors.
    embed_origins = models.TextField(
        _("sites that may embed the action"),
        blank=True,
        help_text=_(
            "One address per line, such as https://www.partner.org: their pages may show "
            "this campaign's letter form inside a frame. Other sites' frames stay blank."
        ),
    )
    embed_anywhere = models.BooleanField(
        _("any site may embed the action"),
        default=False,
        help_text=_("Ticked: any web page may show the letter form inside a frame."),
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-urgent", "-publish_at", "-created_at"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        indexes = [models.Index(fields=["status", "publish_at"])]
        permissions = [
            ("publish_campaign", _("Can publish, schedule and close campaigns")),
            ("view_reports", _("Can view and export reports")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The campaign's page in the current language."""
        return reverse("campaigns:detail", args=[self.slug_in(get_language())])

    def languages_offered(self) -> list[str]:
        return self.languages.split()

    def offers(self, language: str | None) -> bool:
        """Whether the campaign has a page in this language."""
        return (language or "")[:2] in self.languages_offered()

    @property
    def content_language(self) -> str:
        """The language its texts show in on the current language's pages: the current
        one when offered, else the one it is offered in (templates mark it with lang)."""
        current = (get_language() or "en")[:2]
        return current if self.offers(current) else self.languages_offered()[0]

    @property
    def local_slug(self) -> str:
        """The slug of the campaign's address in the current language."""
        return self.slug_in(get_language())

    def slug_in(self, language: str | None) -> str:
        """The slug of the campaign's address in a language."""
        if (language or "").startswith("fr") and self.slug_fr:
            return self.slug_fr
        return self.slug

    def clean(self):
        super().clean()
        if self.slug_fr and Campaign.objects.by_slug(self.slug_fr).exclude(pk=self.pk).exists():
            raise ValidationError({"slug_fr": _("Another campaign already uses this address.")})
        if self.slug and Campaign.objects.filter(slug_fr=self.slug).exclude(pk=self.pk).exists():
            raise ValidationError({"slug": _("Another campaign already uses this address.")})

    def frame_ancestors(self) -> list[str]:
        """The pages that may frame the embeddable action, as CSP sources."""
        if self.embed_anywhere:
            return ["*"]
        return ["'self'", *self.embed_origins.split()]

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        # A scheduled campaign opens at its publish time, before the beat task flips it.
        takes_letters = self.status == self.Status.PUBLISHED or (
            self.status == self.Status.SCHEDULED and self.publish_at is not None
        )
        return (
            takes_letters
            and (self.publish_at is None or self.publish_at <= now)
            and (self.close_at is None or self.close_at > now)
        )

    def is_visible(self, now=None) -> bool:
        now = now or timezone.now()
        if self.status == self.Status.SCHEDULED:
            return self.publish_at is not None and self.publish_at <= now
        return self.status in (self.Status.PUBLISHED, self.Status.CLOSED) and (
            self.publish_at is None or self.publish_at <= now
        )

    @property
    def sent_count(self) -> int:
        """Letters the site sends (the rest went from supporters' own mail)."""
        return self.letter_count - self.own_mail_count

    @property
    def progress_percent(self) -> int:
        if not self.goal:
            return 100
        return min(100, self.letter_count * 100 // self.goal)


class LetterTemplate(models.Model):
    """The model letter a campaign offers, and where it goes."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="letter_templates"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("body"),
        help_text=_(
            "Plain text. The greeting and the signature are added automatically. "
            "Placeholders: {first_name}, {last_name}, {full_name}, {postal_code}, "
            "{city}, {target_names}, {mp_name}, {riding}."
        ),
    )
    editable = models.BooleanField(_("supporters may edit"), default=True)
    send_bilingual = models.BooleanField(
        _("send bilingual when unedited"),
        default=False,
        help_text=_(
            "A letter the supporter did not change reaches its targets in both languages, "
            "the supporter's first (only the supporter's when the targets prefer it)."
        ),
    )
    targets = models.ManyToManyField(Target, verbose_name=_("targets"), blank=True)
    to_supporters_mp = models.BooleanField(
        _("send to the supporter's MP"),
        default=False,
        help_text=_("The MP is found from the supporter's postal code."),
    )
    cc_addresses = models.TextField(
        _("copy addresses"),
        blank=True,
        help_text=_("Addresses that receive a copy (Cc) of every letter, one per line."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("model letter")
        verbose_name_plural = _("model letters")

    def __str__(self):
        return self.subject

    def text_in(self, language: str) -> tuple[str, str]:
        """The subject and body as written in a language ('' where not written)."""
        return (
            getattr(self, f"subject_{language}", "") or "",
            getattr(self, f"body_{language}", "") or "",
        )

    def languages_written(self) -> list[str]:
        """The languages it is written in, English first."""
        return [code for code in ("en", "fr") if all(self.text_in(code))]

    def is_model_text(self, subject: str, body: str, language: str) -> bool:
        """Whether a letter's subject and body are this model letter's, as written in
        the language (line endings and spacing aside): the supporter did not edit it."""
        model_subject, model_body = self.text_in(language)
        same = lambda a, b: " ".join((a or "").split()) == " ".join((b or "").split())  # noqa: E731
        return bool(model_body) and same(subject, model_subject) and same(body, model_body)

    @property
    def cc_list(self) -> list[str]:
        return [line.strip() for line in self.cc_addresses.splitlines() if line.strip()]


class RecipientChangeQuerySet(models.QuerySet):
    def for_campaign(self, campaign):
        """Changes to where the campaign's letters go: its model letters' recipients,
        and the addresses of its targets, newest first."""
        return self.filter(
            Q(campaign=campaign)
            | Q(
                field=RecipientChange.Field.TARGET_EMAIL,
                target__in=Target.objects.filter(lettertemplate__campaign=campaign),
            )
        ).order_by("-changed_at", "-id")


class RecipientChange(StaffLog):
    """A change to who receives a campaign's letters: who made it, when, before and after.

    Shown to every staff member on the campaign's page, so that nobody can quietly
    add their own address as a Cc or a target.
    """

    class Field(models.TextChoices):
        CC = "cc", _("Copy addresses")
        TARGETS = "targets", _("Targets")
        TO_MP = "to_mp", _("Send to the supporter's MP")
        TARGET_EMAIL = "target_email", _("A target's email")

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="recipient_changes",
    )
    target = models.ForeignKey(
        Target,
        verbose_name=_("target"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    field = models.CharField(_("what changed"), max_length=20, choices=Field.choices)
    before = models.TextField(_("before"), blank=True)
    after = models.TextField(_("after"), blank=True)
    changed_at = models.DateTimeField(_("when"), default=timezone.now)

    objects = RecipientChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("recipient change")
        verbose_name_plural = _("recipient changes")

    def __str__(self):
        return f"{self.get_field_display()} · {self.username or '-'} · {self.changed_at:%Y-%m-%d}"


class CoSignerQuerySet(models.QuerySet):
    def approved(self):
        """Co-signers staff approved, in the order staff set."""
        return self.filter(status=CoSigner.Status.APPROVED).order_by("position", "id")


class CoSigner(models.Model):
    """An organization that signs a joint statement, or asks to."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="cosigners")
    name = models.CharField(_("organization"), max_length=200)
    url = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="cosigners/", blank=True)
    logo_alt = models.CharField(
        _("logo description"),
        max_length=300,
        blank=True,
        help_text=_("Required with a logo: what a screen reader says."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = CoSignerQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "position", "id"]
        verbose_name = _("co-signer")
        verbose_name_plural = _("co-signers")

    def __str__(self):
        return self.name

    def clean(self):
        if self.logo and not self.logo_alt.strip():
            raise ValidationError(
                {"logo_alt": _("Describe the logo for people who cannot see it.")}
            )


class AchievementQuerySet(models.QuerySet):
    def timeline(self):
        """Ongoing work first, then newest first; staff's position breaks ties."""
        return self.order_by(models.F("sort_date").desc(nulls_first=True), "position", "id")


class Achievement(models.Model):
    """Something the organization achieved, dated as it writes the date."""

    date_label = models.CharField(
        _("date as written"),
        max_length=60,
        help_text=_(
            'As the organization writes it: "2019", "June 2019", "Fall 2017", '
            '"2014-2016", "March & July 2017", "Ongoing".'
        ),
    )
    sort_date = models.DateField(
        _("sort date"),
        null=True,
        blank=True,
        help_text=_(
            "Orders the timeline; empty means ongoing. Filled from the date "
            "as written when left empty."
        ),
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True, help_text=_("Rich text, sanitized."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    campaigns = models.ManyToManyField(
        Campaign, verbose_name=_("campaigns"), blank=True, related_name="achievements"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AchievementQuerySet.as_manager()

    class Meta:
        ordering = [models.F("sort_date").desc(nulls_first=True), "position", "id"]
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")

    def __str__(self):
        return f"{self.date_label}: {self.title}"

    def clean(self):
        if self.sort_date is None:
            self.sort_date = date_from_label(self.date_label)

    @property
    def is_ongoing(self) -> bool:
        return self.sort_date is None


class AchievementLink(models.Model):
    """A link to read more about an achievement: a report, a video, a press release."""

    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=500)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self):
        return self.title


MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan", "janvier"),
            ("february", "feb", "février", "fevrier"),
            ("march", "mar", "mars"),
            ("april", "apr", "avril"),
            ("may", "mai"),
            ("june", "jun", "juin"),
            ("july", "jul", "juillet"),
            ("august", "aug", "août", "aout"),
            ("september", "sep", "sept", "septembre"),
            ("october", "oct", "octobre"),
            ("november", "nov", "novembre"),
            ("december", "dec", "décembre", "decembre"),
        ],
        start=1,
    )
    for m in names
}
# A season sorts from its first month: spring after March, fall after September.
SEASONS = {
    "winter": 1, "hiver": 1, "spring": 3, "printemps": 3, "summer": 6, "été": 6,
    "ete": 6, "fall": 9, "autumn": 9, "automne": 9,
}  # fmt: skip


def date_from_label(label: str):
    """The date a label sorts by: its latest year, at its latest month or season named
    with that year ("March & July 2017" -> 2017-07-01, "2014-2016" -> 2016-01-01).
    None for ongoing work or a label with no year."""
    text = (label or "").lower()
    years = [int(y) for y in re.findall(r"\b(1[89]\d\d|2\d\d\d)\b", text)]
    if not years:
        return None
    year = max(years)
    # Months or seasons written before the latest year belong to it ("March & July 2017").
    before = text[: text.rfind(str(year))]
    before = re.split(r"\b\d{4}\b", before)[-1]
    month = 1
    for word in re.findall(r"[a-zéû]+", before):
        month = max(month, MONTHS.get(word, SEASONS.get(word, 0)))
    return datetime.date(year, month, 1)


class SiteAppeal(models.Model):
    """The site's donation appeal ("Since you're here…"): one row, edited by staff."""

    title = models.CharField(_("title"), max_length=200, default=_("Since you're here…"))
    text = models.TextField(_("text"), help_text=_("Rich text, sanitized."))
    url = models.URLField(_("donation link"))
    enabled = models.BooleanField(_("shown on the site"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("donation appeal")
        verbose_name_plural = _("donation appeal")

    def __str__(self):
        return str(self.title)

    @classmethod
    def current(cls):
        """The appeal row, or None before staff wrote one."""
        return cls.objects.order_by("pk").first()


# A logo is shown small in every page's header: a few hundred kilobytes is plenty.
LOGO_MAX_BYTES = 512 * 1024


def validate_logo_size(file) -> None:
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)d KB; it can be at most %(max)d KB."),
            params={"size": file.size // 1024, "max": LOGO_MAX_BYTES // 1024},
        )


class Organization(models.Model):
    """Who the site speaks for: one row, edited by staff, shown in every page's header
    and footer and in the footer of every email to a supporter (Canada's anti-spam law
    asks for the sender's name, a mailing address and a contact in each)."""

    full_name = models.CharField(_("full name"), max_length=200)
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        help_text=_("Shown beside the logo and in the sender's name of emails."),
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="organization/",
        blank=True,
        validators=[validate_logo_size],
        help_text=_("PNG, JPEG or WebP, at most 512 KB; shown 48 pixels high."),
    )
    mailing_address = models.TextField(
        _("mailing address"),
        help_text=_("As it is written on an envelope, one line per line."),
    )
    contact_email = models.EmailField(_("contact email"))
    contact_url = models.URLField(_("contact page"), blank=True)
    # Quebec's Law 25 asks for a person in charge of protecting personal information,
    # named with a way to reach them on the site (the privacy page, the access email).
    privacy_officer = models.CharField(
        _("privacy officer"),
        max_length=200,
        blank=True,
        help_text=_("Name and title of the person in charge of personal information."),
    )
    privacy_officer_email = models.EmailField(_("privacy officer's email"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organization")

    def __str__(self):
        return str(self.full_name)

    @classmethod
    def current(cls):
        """The organization's row, or None before staff wrote it."""
        return cls.objects.order_by("pk").first()
