from django.contrib import admin

from advocacy.admin import GuardedModelAdmin

from .models import ExportLog


@admin.register(ExportLog)
class ExportLogAdmin(GuardedModelAdmin):
    """The record of exports: read-only, and seen by superusers alone (it says who
    took personal data)."""

    list_display = ["started_at", "username", "kind", "campaign", "row_count", "finished_at"]
    list_filter = ["kind", "source"]
    search_fields = ["username", "campaign__title"]
    list_select_related = ["campaign"]
    date_hierarchy = "started_at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
