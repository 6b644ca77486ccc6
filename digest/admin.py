from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from letters.admin import EmailSearchMixin, PersonalDataAdmin, may_see_personal_data

from . import services
from .models import Subscriber
from .views import subscribers_csv


@admin.register(Subscriber)
class SubscriberAdmin(EmailSearchMixin, PersonalDataAdmin):
    """The News Digest's readers: all of it is personal data, for its holders only."""

    list_display = ["email", "name", "status", "source", "created_at", "confirmed_at"]
    list_filter = ["status", "source"]
    search_fields = ["email"]  # the exact address, by its blind index (EmailSearchMixin)
    readonly_fields = ["consent_text", "consented_at", "confirmed_at", "unsubscribed_at", "source"]
    actions = ["export_confirmed", "unsubscribe_selected"]

    personal_fields = ("email", "name")

    # The personal-data permission alone lets its holder read the list.
    def has_module_permission(self, request):
        return request.user.is_active and may_see_personal_data(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and may_see_personal_data(request)

    def has_change_permission(self, request, obj=None):
        return may_see_personal_data(request) and super().has_change_permission(request, obj)

    def has_export_permission(self, request):
        return may_see_personal_data(request)

    @admin.action(description=_("Export the confirmed ones as CSV"), permissions=["export"])
    def export_confirmed(self, request, queryset):
        return subscribers_csv(queryset, user=request.user)

    @admin.action(description=_("Unsubscribe them"), permissions=["change"])
    def unsubscribe_selected(self, request, queryset):
        for subscriber in queryset:
            services.unsubscribe(subscriber)
