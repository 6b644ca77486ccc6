"""What a key may read: each view names the scope it needs."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from .models import ApiKey


class HasScope(BasePermission):
    """The key holds the view's `scope` (an ApiKey.Scope); without one, 403."""

    message = _("This API key may not read this.")

    def has_permission(self, request, view) -> bool:
        key = request.auth
        return isinstance(key, ApiKey) and view.scope in key.scopes()


class AnyKey(BasePermission):
    """Any valid key (the entry point, which lists what the key may read)."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiKey)
