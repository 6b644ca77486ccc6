from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        help_text=_('How a letter greets them, e.g. "Minister Goodale". Defaults to the name.'),
    )
    email = models.EmailField(_("email"))
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
        return self.salutation or self.name


class CampaignQuerySet(models.QuerySet):
    def live(self, now=None):
        """Published campaigns the public can see, open or closed."""
        now = now or timezone.now()
        return self.filter(
            Q(status=Campaign.Status.PUBLISHED) | Q(status=Campaign.Status.CLOSED),
        ).filter(Q(publish_at__isnull=True) | Q(publish_at__lte=now))

    def open(self, now=None):
        """Campaigns that accept letters right now."""
        now = now or timezone.now()
        return (
            self.live(now)
            .filter(status=Campaign.Status.PUBLISHED)
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

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LETTER)
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
    appeal_text = models.TextField(
        _("campaign's own appeal"), blank=True, help_text=_("Overrides the site's appeal text.")
    )
    appeal_url = models.URLField(_("campaign's own donation link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    close_at = models.DateTimeField(_("close at"), null=True, blank=True)
    # Maintained by the letter services so public pages never COUNT letters.
    letter_count = models.PositiveIntegerField(_("letters"), default=0, editable=False)
    last_letter_at = models.DateTimeField(_("last letter"), null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    require_confirmation = models.BooleanField(
        _("supporters confirm their email"),
        default=False,
        help_text=_("A letter goes out only once its writer clicks the link we email them."),
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-urgent", "-publish_at", "-created_at"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        indexes = [models.Index(fields=["status", "publish_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:detail", args=[self.slug])

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and (self.publish_at is None or self.publish_at <= now)
            and (self.close_at is None or self.close_at > now)
        )

    def is_visible(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status in (self.Status.PUBLISHED, self.Status.CLOSED) and (
            self.publish_at is None or self.publish_at <= now
        )

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

    @property
    def cc_list(self) -> list[str]:
        return [line.strip() for line in self.cc_addresses.splitlines() if line.strip()]
