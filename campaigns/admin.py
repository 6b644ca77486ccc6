from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import truncatechars
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from advocacy.admin import AuditLogAdmin, GuardedModelAdmin

from . import services
from .forms import (
    CampaignAdminForm,
    LetterTemplateAdminForm,
    LetterTemplateFormSet,
    TargetImportForm,
)
from .models import Campaign, LetterTemplate, Office, RecipientChange, Riding, Target
from .preview import PREVIEW_MAX_AGE, preview_url

# A recipient change by someone else this recent is pointed out on the campaign's page.
RECENT_CHANGES = timedelta(days=14)


class LetterTemplateInline(TranslationStackedInline):
    model = LetterTemplate
    form = LetterTemplateAdminForm
    formset = LetterTemplateFormSet
    autocomplete_fields = ["targets"]
    fields = [
        "subject",
        "body",
        "editable",
        "send_bilingual",
        "targets",
        "to_supporters_mp",
        "cc_addresses",
        "position",
    ]

    def get_extra(self, request, obj=None, **kwargs):
        # A new campaign shows its model letter's fields at once; one that has its
        # letters offers "Add another" for more.
        return 0 if obj is not None and obj.letter_templates.exists() else 1


@admin.register(Campaign)
class CampaignAdmin(TranslationAdmin, GuardedModelAdmin):
    form = CampaignAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "title",
        "status",
        "urgent",
        "publish_at",
        "close_at",
        "letters_sent",
        "last_letter_at",
    ]
    list_filter = ["status", "urgent", "kind", "publish_at", "last_letter_at"]
    search_fields = ["title_en", "title_fr", "summary_en", "summary_fr", "slug", "slug_fr"]
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ["title_en"], "slug_fr": ["title_fr"]}
    readonly_fields = ["preview_link", "letter_count", "last_letter_at", "recipient_changes"]
    inlines = [LetterTemplateInline]
    actions = [
        "publish_selected",
        "close_selected",
        "pause_letters",
        "resume_letters",
        "duplicate_selected",
        "send_test_letter",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": ["languages", "title", "slug", "slug_fr", "kind", "summary", "story"],
                "description": _(
                    "Each text has an English and a French box, side by side. Write the "
                    "languages the campaign is offered in; the other stays empty."
                ),
            },
        ),
        (_("Image"), {"fields": ["hero_image", "hero_alt"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    "close_at",
                    "urgent",
                    "sending_paused",
                    "preview_link",
                ],
                "description": _(
                    "Draft: only staff and preview links see it. Scheduled: goes live at "
                    "its publish time and closes at its close time by itself. Published: "
                    "live now. Closed: the page stays up with its result, no new letters."
                ),
            },
        ),
        (_("Goal and result"), {"fields": ["goal", "letter_count", "last_letter_at", "result"]}),
        (
            _("Who receives the letters"),
            {
                "fields": ["recipient_changes"],
                "description": _(
                    "Every change to the model letters' targets, copy addresses and "
                    "“send to the supporter's MP”, and to the targets' email addresses, "
                    "with who made it. Staff in MANAGERS are emailed about each one."
                ),
            },
        ),
        (
            _("Donation appeal"),
            {"fields": ["show_appeal", "appeal_text", "appeal_url"], "classes": ["collapse"]},
        ),
        (_("After the letter"), {"fields": ["reply_check_days", "scrub_after_days"]}),
        (
            _("Embedding on partners' sites"),
            {
                "fields": ["embed_origins", "embed_anywhere"],
                "description": _(
                    "The snippets to paste into a partner's page are below the form, once "
                    "the campaign is saved."
                ),
            },
        ),
    ]

    @admin.display(description=_("letters sent"), ordering="letter_count")
    def letters_sent(self, obj):
        return obj.letter_count

    def get_list_display(self, request):
        if request.user.has_perm("campaigns.view_reports"):
            return [*self.list_display, "report"]
        return self.list_display

    @admin.display(description=_("report"))
    def report(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("reports:campaign", args=[obj.slug]), _("Report")
        )

    @admin.display(description=_("preview link"))
    def preview_link(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the campaign first.")
        url = preview_url(obj)
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a><div class="help">{}</div>',
            url,
            truncatechars(url, 80),
            _(
                "Anyone with this link can see the page as it will look, for %(days)s days. "
                "Share it only with people who should."
            )
            % {"days": PREVIEW_MAX_AGE.days},
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/duplicate/",
                self.admin_site.admin_view(self.duplicate_view),
                name="campaigns_campaign_duplicate",
            ),
            path(
                "<path:object_id>/test-letter/",
                self.admin_site.admin_view(self.test_letter_view),
                name="campaigns_campaign_test_letter",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("changes"))
    def recipient_changes(self, obj):
        changes = RecipientChange.objects.for_campaign(obj)[:20] if obj and obj.pk else []
        if not changes:
            return _("None recorded.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    date_format(timezone.localtime(c.changed_at), "SHORT_DATETIME_FORMAT"),
                    c.username or "-",
                    c.get_field_display() + (f" ({c.target.name})" if c.target else ""),
                    c.before or "-",
                    c.after or "-",
                )
                for c in changes
            ),
        )
        return format_html(
            '<table class="recipient-changes"><thead><tr><th>{}</th><th>{}</th><th>{}</th>'
            "<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("When"),
            _("By"),
            _("What"),
            _("Before"),
            _("After"),
            rows,
        )

    def save_related(self, request, form, formsets, change):
        # The model letters (inlines) are saved here: compare their recipients before and after.
        before = services.recipients_of(form.instance)
        super().save_related(request, form, formsets, change)
        services.record_recipient_changes(form.instance, before=before, by=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        campaign = self.get_object(request, object_id)
        if campaign and request.method == "GET":
            self._warn_of_recent_recipient_changes(request, campaign)
        extra_context = {
            **(extra_context or {}),
            "campaign_preview_url": preview_url(campaign) if campaign else "",
            "can_duplicate": self.has_add_permission(request),
            "can_send_test_letter": self.has_change_permission(request, campaign),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _warn_of_recent_recipient_changes(self, request, campaign: Campaign) -> None:
        recent = RecipientChange.objects.for_campaign(campaign).filter(
            changed_at__gte=timezone.now() - RECENT_CHANGES
        )
        others = {c.username or "-" for c in recent if c.user_id != request.user.pk}
        if others:
            self.message_user(
                request,
                _(
                    "Who receives this campaign's letters changed in the last %(days)d days "
                    "(by %(who)s): check “Who receives the letters” below."
                )
                % {"days": RECENT_CHANGES.days, "who": ", ".join(sorted(others))},
                messages.WARNING,
            )

    def _posted_campaign(self, request, object_id, *, allowed):
        if request.method != "POST":
            raise PermissionDenied
        campaign = self.get_object(request, object_id)
        if campaign is None:
            raise Http404
        if not allowed(campaign):
            raise PermissionDenied
        return campaign

    def duplicate_view(self, request, object_id):
        campaign = self._posted_campaign(
            request, object_id, allowed=lambda c: self.has_add_permission(request)
        )
        copy = self._duplicate(request, campaign)
        return redirect("admin:campaigns_campaign_change", copy.pk)

    def test_letter_view(self, request, object_id):
        campaign = self._posted_campaign(
            request, object_id, allowed=lambda c: self.has_change_permission(request, c)
        )
        self.send_test_letter(request, [campaign])
        return redirect("admin:campaigns_campaign_change", campaign.pk)

    def has_publish_permission(self, request):
        return request.user.has_perm("campaigns.publish_campaign")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += ["status", "publish_at", "close_at"]
        return fields

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        done = 0
        for campaign in queryset:
            try:
                services.publish_campaign(campaign)
            except services.CannotPublish as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(n)d campaign published.", "%(n)d campaigns published.", done)
                % {"n": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Close now"), permissions=["publish"])
    def close_selected(self, request, queryset):
        for campaign in queryset:
            services.close_campaign(campaign)
        self.message_user(
            request,
            ngettext("%(n)d campaign closed.", "%(n)d campaigns closed.", len(queryset))
            % {"n": len(queryset)},
            messages.SUCCESS,
        )

    # Switches for a spike: Editors (change permission) may, Organizers may not.
    @admin.action(
        description=_("Pause new letters (own email still works)"), permissions=["change"]
    )
    def pause_letters(self, request, queryset):
        self._switch_letters(request, queryset, paused=True)

    @admin.action(description=_("Resume new letters"), permissions=["change"])
    def resume_letters(self, request, queryset):
        self._switch_letters(request, queryset, paused=False)

    def _switch_letters(self, request, queryset, *, paused: bool) -> None:
        for campaign in queryset:
            services.pause_letters(campaign, paused=paused)
        n = len(queryset)
        text = (
            ngettext(
                "New letters paused for %(n)d campaign.",
                "New letters paused for %(n)d campaigns.",
                n,
            )
            if paused
            else ngettext(
                "New letters resumed for %(n)d campaign.",
                "New letters resumed for %(n)d campaigns.",
                n,
            )
        )
        self.message_user(request, text % {"n": n}, messages.SUCCESS)

    @admin.action(description=_("Duplicate this campaign (as a new draft)"), permissions=["add"])
    def duplicate_selected(self, request, queryset):
        for campaign in queryset:
            self._duplicate(request, campaign)

    def _duplicate(self, request, campaign: Campaign) -> Campaign:
        copy = services.duplicate_campaign(campaign)
        services.record_recipient_changes(copy, before={}, by=request.user)
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("Duplicated as a new draft:"),
                reverse("admin:campaigns_campaign_change", args=[copy.pk]),
                copy.title,
            ),
            messages.SUCCESS,
        )
        return copy

    @admin.action(description=_("Send me a test letter"), permissions=["change"])
    def send_test_letter(self, request, queryset):
        for campaign in queryset:
            try:
                services.send_test_letter(campaign, user=request.user)
            except (services.NoModelLetter, services.NoEmailAddress) as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("A test letter for “%(title)s” is on its way to %(email)s only.")
                    % {"title": campaign.title, "email": request.user.email},
                    messages.SUCCESS,
                )


class BouncedFilter(admin.SimpleListFilter):
    title = _("bounced")
    parameter_name = "bounced"

    def lookups(self, request, model_admin):
        return [("yes", _("Bounced")), ("no", _("Not bounced"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(bounced_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(bounced_at__isnull=True)
        return queryset


class OfficeInline(admin.TabularInline):
    """The offices supporters call: the call page shows each as a tel: link."""

    model = Office
    extra = 0
    fields = ["kind", "name", "phone", "postal_address", "position"]


@admin.register(Target)
class TargetAdmin(TranslationAdmin, GuardedModelAdmin):
    list_display = ["name", "title", "email", "party", "riding", "bounced", "letters_to"]
    list_filter = [BouncedFilter, "party", "riding__province"]
    search_fields = ["name", "email", "title_en", "title_fr", "riding__name"]
    list_select_related = ["riding"]
    autocomplete_fields = ["riding"]
    readonly_fields = ["bounced_at", "bounce_reason"]
    fields = [
        "name",
        "title",
        "salutation",
        "language",
        "email",
        "postal_address",
        "party",
        "riding",
        "departed_at",
        "bounced_at",
        "bounce_reason",
    ]
    inlines = [OfficeInline]

    class Media:
        css = {"all": ["css/admin-campaigns.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(campaign_count=Count("lettertemplate"))

    def save_model(self, request, obj, form, change):
        before = form.initial.get("email", "") if change else ""
        super().save_model(request, obj, form, change)
        if change:
            services.record_target_email_change(obj, before=before, by=request.user)

    @admin.display(description=_("bounced"), ordering="bounced_at")
    def bounced(self, obj):
        if obj.bounced_at is None:
            return ""
        return format_html(
            '<strong class="bounced" title="{}">{} {}</strong>',
            obj.bounce_reason,
            _("Bounced"),
            date_format(timezone.localtime(obj.bounced_at), "SHORT_DATE_FORMAT"),
        )

    @admin.display(description=_("model letters"), ordering="campaign_count")
    def letters_to(self, obj):
        return obj.campaign_count

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_csv),
                name="campaigns_target_import",
            ),
            *super().get_urls(),
        ]

    def import_csv(self, request):
        # An import adds targets and changes existing ones (their addresses too).
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        report = None
        form = TargetImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            report = services.import_targets_csv(data=form.cleaned_data["file"])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import targets from a CSV file"),
            "form": form,
            "report": report,
        }
        return render(request, "admin/campaigns/target/import.html", context)


@admin.register(RecipientChange)
class RecipientChangeAdmin(AuditLogAdmin):
    """Every change to where letters go, across campaigns."""

    list_display = ["changed_at", "username", "campaign", "target", "field"]
    list_filter = ["field"]
    list_select_related = ["campaign", "target"]
    date_hierarchy = "changed_at"


@admin.register(Riding)
class RidingAdmin(GuardedModelAdmin):
    list_display = ["name", "code", "province"]
    list_filter = ["province"]
    search_fields = ["name", "name_fr", "code"]


# The organization's site: joint statements, achievements, the donation appeal.
from django.utils.translation import gettext_lazy as _  # noqa: E402

from .models import Achievement, AchievementLink, CoSigner, Organization, SiteAppeal  # noqa: E402


@admin.register(CoSigner)
class CoSignerAdmin(TranslationAdmin, GuardedModelAdmin):
    list_display = ["name", "campaign", "status", "position", "contact_name", "requested_at"]
    list_editable = ["position"]
    list_filter = ["status", "campaign"]
    list_select_related = ["campaign"]
    search_fields = ["name_en", "name_fr", "contact_name", "contact_email"]
    readonly_fields = ["requested_at", "decided_at"]
    actions = ["approve", "decline"]

    @admin.action(description=_("Approve: show them on the statement"), permissions=["change"])
    def approve(self, request, queryset):
        n = services.decide_cosigners(queryset, approve=True)
        self.message_user(request, _("%(n)d co-signer(s) approved.") % {"n": n})

    @admin.action(description=_("Decline"), permissions=["change"])
    def decline(self, request, queryset):
        n = services.decide_cosigners(queryset, approve=False)
        self.message_user(request, _("%(n)d co-signer(s) declined.") % {"n": n})


class AchievementLinkInline(TranslationTabularInline):
    model = AchievementLink
    extra = 1


@admin.register(Achievement)
class AchievementAdmin(TranslationAdmin, GuardedModelAdmin):
    list_display = ["title", "date_label", "sort_date", "position"]
    list_editable = ["position"]
    search_fields = ["title_en", "title_fr", "body_en", "body_fr", "date_label_en"]
    filter_horizontal = ["campaigns"]
    inlines = [AchievementLinkInline]


class SingletonAdmin(TranslationAdmin, GuardedModelAdmin):
    """The admin of a model with one row for the whole site (its `current()`): the list
    goes straight to the row, or to writing it; no second row, no deleting it."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self.model.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":  # an action: checked like any other
            return super().changelist_view(request, extra_context)
        row = self.model.current()
        name = f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}"
        if row is None:
            return redirect(f"{name}_add")
        return redirect(f"{name}_change", row.pk)


@admin.register(SiteAppeal)
class SiteAppealAdmin(SingletonAdmin):
    list_display = ["title", "enabled", "url", "updated_at"]


@admin.register(Organization)
class OrganizationAdmin(SingletonAdmin):
    """The organization's identity: every page's header and footer, and the sender's
    name, address and contact at the foot of every email to a supporter."""

    list_display = ["full_name", "short_name", "contact_email", "updated_at"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (
            None,
            {
                "description": _(
                    "Shown in the header and footer of every page, and at the foot of every "
                    "email to a supporter, beside the link to stop our emails: Canada's "
                    "anti-spam law (CASL) asks for the sender's name, a mailing address and "
                    "a contact in each."
                ),
                "fields": [
                    "full_name",
                    "short_name",
                    "logo",
                    "mailing_address",
                    "contact_email",
                    "contact_url",
                    "updated_at",
                ],
            },
        ),
        (
            _("Privacy officer"),
            {
                "description": _(
                    "Quebec's Law 25 asks for a person in charge of protecting personal "
                    "information: shown on the privacy page and in the email that answers "
                    "an access request."
                ),
                "fields": ["privacy_officer", "privacy_officer_email"],
            },
        ),
    ]
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 70})},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 50})},
    }
