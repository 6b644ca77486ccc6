from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from advocacy.admin import GuardedModelAdmin

from . import delivery, services
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


class ReadOnlyRecordAdmin(GuardedModelAdmin):
    """Letters and deliveries are records of what supporters sent: nobody edits or
    deletes them in the admin. What staff may do to them are the actions below,
    each with its own permission."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        return request.user.has_perm("letters.retry_delivery")


@admin.register(Letter)
class LetterAdmin(ReadOnlyRecordAdmin):
    list_display = ["subject", "campaign", "state", "hold_reason", "province", "created_at"]
    list_filter = ["state", "campaign", "deliveries__state"]
    search_fields = ["email", "last_name"]
    list_select_related = ["campaign"]
    inlines = [DeliveryInline]
    readonly_fields = ["public_id", "campaign", "template", "riding", "mp"]
    actions = ["retry_failed_deliveries"]
    change_form_template = "admin/letters/letter/change_form.html"

    def get_urls(self):
        retry = self.admin_site.admin_view(self.retry_view)
        return [
            path("<path:object_id>/retry/", retry, name="letters_letter_retry"),
            *super().get_urls(),
        ]

    def retry_view(self, request, object_id):
        """The letter page's "Retry failed deliveries" button."""
        if request.method != "POST" or not self.has_retry_permission(request):
            raise PermissionDenied
        letter = get_object_or_404(Letter, pk=object_id)
        _report_retried(self, request, delivery.retry_deliveries(letter.deliveries.all()))
        return redirect("admin:letters_letter_change", letter.pk)

    def has_review_permission(self, request):
        return request.user.has_perm("letters.review_letter")

    @admin.action(
        description=_("Retry the failed deliveries of the selected letters"),
        permissions=["retry"],
    )
    def retry_failed_deliveries(self, request, queryset):
        count = delivery.retry_deliveries(Delivery.objects.filter(letter__in=queryset))
        _report_retried(self, request, count)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyRecordAdmin):
    list_display = ["address", "kind", "state", "attempts", "next_attempt_at", "sent_at", "letter"]
    list_filter = ["state", "kind"]
    search_fields = ["address", "provider_message_id"]
    list_select_related = ["letter"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["retry_failed"]

    @admin.action(description=_("Retry the selected failed deliveries"), permissions=["retry"])
    def retry_failed(self, request, queryset):
        count = delivery.retry_deliveries(queryset)
        _report_retried(self, request, count)


# Review of held letters: release sends and counts it, reject never does.
@admin.action(
    description=_("Release the selected held letters (send and count them)"),
    permissions=["review"],
)
def release_held_letters(modeladmin, request, queryset):
    released = sum(services.release_letter(letter) for letter in queryset)
    modeladmin.message_user(request, _("%(n)d letters released.") % {"n": released})


@admin.action(
    description=_("Reject the selected held letters (never sent)"), permissions=["review"]
)
def reject_held_letters(modeladmin, request, queryset):
    rejected = sum(services.reject_letter(letter) for letter in queryset)
    modeladmin.message_user(request, _("%(n)d letters rejected.") % {"n": rejected})


LetterAdmin.actions = [*(LetterAdmin.actions or []), release_held_letters, reject_held_letters]
