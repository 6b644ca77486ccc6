"""What every admin page of the project shares: actions checked on the server."""

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
