from django.contrib import admin

from .models import Delivery, Letter


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ["kind", "name", "address", "state", "attempts", "last_error", "sent_at"]
    readonly_fields = fields


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["subject", "campaign", "state", "province", "created_at"]
    list_filter = ["state", "campaign"]
    search_fields = ["email", "last_name"]
    list_select_related = ["campaign"]
    inlines = [DeliveryInline]
    readonly_fields = ["public_id", "campaign", "template", "riding", "mp"]
