from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from advocacy.admin import GuardedModelAdmin

from . import services
from .models import Subscriber
from .views import subscribers_csv


@admin.register(Subscriber)
class SubscriberAdmin(GuardedModelAdmin):
    list_display = ["email", "name", "status", "source", "created_at", "confirmed_at"]
    list_filter = ["status", "source"]
    search_fields = ["email", "name"]
    readonly_fields = ["consent_text", "consented_at", "confirmed_at", "unsubscribed_at", "source"]
    actions = ["export_confirmed", "unsubscribe_selected"]

    def has_export_permission(self, request):
        return request.user.has_perm("letters.export_personal_data")

    @admin.action(description=_("Export the confirmed ones as CSV"), permissions=["export"])
    def export_confirmed(self, request, queryset):
        return subscribers_csv(queryset, user=request.user)

    @admin.action(description=_("Unsubscribe them"), permissions=["change"])
    def unsubscribe_selected(self, request, queryset):
        for subscriber in queryset:
            services.unsubscribe(subscriber)
