"""What the project's admin pages share: actions checked on the server, audit logs."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied


class GuardedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose actions each declare the permission they need.

    Django hides an action the user may not run from the menu, but a POST that
    names it anyway only gets "No action selected". Here it gets 403, so that a
    forged request is refused as plainly as a forbidden page. Every action must
    declare `permissions` (tests/test_admin_permissions.py enumerates them).
    """

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            name = request.POST.get("action", "")
            known = {action_name for _func, action_name, _desc in self._get_base_actions()}
            if name in known and name not in self.get_actions(request):
                raise PermissionDenied
        return super().changelist_view(request, extra_context)


class ReadOnlyAdmin(GuardedModelAdmin):
    """Records kept as they were written: shown, never added, changed or deleted here."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditLogAdmin(ReadOnlyAdmin):
    """A log of what staff did (exports, views of personal data): read-only, and
    seen by superusers alone, since it says who took personal data."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
