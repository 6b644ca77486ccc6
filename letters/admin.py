from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Delivery, Letter


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = [
        "kind",
        "name",
        "address",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "provider_message_id",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _report_retried(modeladmin, request, count: int) -> None:
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d failed delivery queued again.",
            "%(count)d failed deliveries queued again.",
            count,
        )
        % {"count": count},
        messages.SUCCESS if count else messages.WARNING,
    )


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["subject", "campaign", "state", "province", "created_at"]
    list_filter = ["state", "campaign", "deliveries__state"]
    search_fields = ["email", "last_name"]
    list_select_related = ["campaign"]
    inlines = [DeliveryInline]
    readonly_fields = ["public_id", "campaign", "template", "riding", "mp"]
    actions = ["retry_failed_deliveries"]

    @admin.action(description=_("Retry the failed deliveries of the selected letters"))
    def retry_failed_deliveries(self, request, queryset):
        count = services.retry_deliveries(Delivery.objects.filter(letter__in=queryset))
        _report_retried(self, request, count)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["address", "kind", "state", "attempts", "next_attempt_at", "sent_at", "letter"]
    list_filter = ["state", "kind"]
    search_fields = ["address", "provider_message_id"]
    list_select_related = ["letter"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["retry_failed"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Retry the selected failed deliveries"))
    def retry_failed(self, request, queryset):
        count = services.retry_deliveries(queryset)
        _report_retried(self, request, count)
