from django.contrib import admin

from advocacy.admin import AuditLogAdmin

from .models import ExportLog


@admin.register(ExportLog)
class ExportLogAdmin(AuditLogAdmin):
    """The record of exports."""

    list_display = ["started_at", "username", "kind", "campaign", "row_count", "finished_at"]
    list_filter = ["kind", "source"]
    search_fields = ["username", "campaign__title"]
    list_select_related = ["campaign"]
    date_hierarchy = "started_at"
