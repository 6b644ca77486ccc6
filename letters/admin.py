from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Delivery, Letter


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ["kind", "name", "address", "state", "attempts", "last_error", "sent_at"]
    readonly_fields = fields


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["subject", "campaign", "state", "hold_reason", "province", "created_at"]
    list_filter = ["state", "campaign"]
    search_fields = ["email", "last_name"]
    list_select_related = ["campaign"]
    inlines = [DeliveryInline]
    readonly_fields = ["public_id", "campaign", "template", "riding", "mp"]


# Review of held letters: release sends and counts it, reject never does.
@admin.action(description=_("Release the selected held letters (send and count them)"))
def release_held_letters(modeladmin, request, queryset):
    released = sum(services.release_letter(letter) for letter in queryset)
    modeladmin.message_user(request, _("%(n)d letters released.") % {"n": released})


@admin.action(description=_("Reject the selected held letters (never sent)"))
def reject_held_letters(modeladmin, request, queryset):
    rejected = sum(services.reject_letter(letter) for letter in queryset)
    modeladmin.message_user(request, _("%(n)d letters rejected.") % {"n": rejected})


LetterAdmin.actions = [*(LetterAdmin.actions or []), release_held_letters, reject_held_letters]
