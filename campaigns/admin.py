from django.contrib import admin

from .models import Campaign, LetterTemplate, Riding, Target


class LetterTemplateInline(admin.StackedInline):
    model = LetterTemplate
    extra = 0
    filter_horizontal = ["targets"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "urgent", "letter_count", "last_letter_at"]
    list_filter = ["status", "urgent", "kind"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LetterTemplateInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "email", "party", "riding", "bounced_at"]
    list_filter = ["party"]
    search_fields = ["name", "email", "title", "riding__name"]
    autocomplete_fields = ["riding"]


@admin.register(Riding)
class RidingAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "province"]
    list_filter = ["province"]
    search_fields = ["name", "name_fr", "code"]


# The organization's site: joint statements, achievements, the donation appeal.
from django.utils.translation import gettext_lazy as _  # noqa: E402

from . import services  # noqa: E402
from .models import Achievement, AchievementLink, CoSigner, SiteAppeal  # noqa: E402


class CoSignerInline(admin.TabularInline):
    model = CoSigner
    extra = 0
    fields = ["position", "name", "url", "logo", "logo_alt", "status", "contact_name"]
    ordering = ["position", "id"]


CampaignAdmin.inlines = [*CampaignAdmin.inlines, CoSignerInline]


@admin.register(CoSigner)
class CoSignerAdmin(admin.ModelAdmin):
    list_display = ["name", "campaign", "status", "position", "contact_name", "requested_at"]
    list_editable = ["position"]
    list_filter = ["status", "campaign"]
    list_select_related = ["campaign"]
    search_fields = ["name", "contact_name", "contact_email"]
    readonly_fields = ["requested_at", "decided_at"]
    actions = ["approve", "decline"]

    @admin.action(description=_("Approve: show them on the statement"))
    def approve(self, request, queryset):
        n = services.decide_cosigners(queryset, approve=True)
        self.message_user(request, _("%(n)d co-signer(s) approved.") % {"n": n})

    @admin.action(description=_("Decline"))
    def decline(self, request, queryset):
        n = services.decide_cosigners(queryset, approve=False)
        self.message_user(request, _("%(n)d co-signer(s) declined.") % {"n": n})


class AchievementLinkInline(admin.TabularInline):
    model = AchievementLink
    extra = 1


@admin.register(Achievement)
class AchievementAdmin(admin.ModelAdmin):
    list_display = ["title", "date_label", "sort_date", "position"]
    list_editable = ["position"]
    search_fields = ["title", "body", "date_label"]
    filter_horizontal = ["campaigns"]
    inlines = [AchievementLinkInline]


@admin.register(SiteAppeal)
class SiteAppealAdmin(admin.ModelAdmin):
    list_display = ["title", "enabled", "url", "updated_at"]

    def has_add_permission(self, request):
        # One appeal for the whole site: edit it, don't add a second.
        return super().has_add_permission(request) and not SiteAppeal.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
