from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from advocacy.admin import GuardedModelAdmin

from .models import Partner, PartnerConsent


@admin.register(Partner)
class PartnerAdmin(TranslationAdmin, GuardedModelAdmin):
    list_display = ["name", "slug", "website", "consent_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["staff"]

    def get_readonly_fields(self, request, obj=None):
        # Letters keep the slug they came with (Letter.partner_slug): it never changes.
        return ["slug"] if obj is not None else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n_consents=Count("consents"))

    @admin.display(description=_("consents"), ordering="n_consents")
    def consent_count(self, obj) -> int:
        return obj.n_consents


@admin.register(PartnerConsent)
class PartnerConsentAdmin(GuardedModelAdmin):
    """The record of who agreed to what: read-only, never edited."""

    list_display = ["partner", "letter", "language", "given_at"]
    list_filter = ["partner"]
    list_select_related = ["partner", "letter__campaign"]
    readonly_fields = ["letter", "partner", "wording", "language", "given_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
