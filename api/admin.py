from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from advocacy.admin import GuardedModelAdmin

from . import services
from .models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(GuardedModelAdmin):
    list_display = ["name", "prefix", "partner", "scope_list", "last_used_at", "revoked_at"]
    list_filter = ["partner", "revoked_at"]
    list_select_related = ["partner"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    @admin.display(description=_("scopes"))
    def scope_list(self, key: ApiKey) -> str:
        return ", ".join(
            str(label) for value, label in ApiKey.Scope.choices if value in key.scopes()
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.revoked_at:
            return [f.name for f in ApiKey._meta.fields]  # a revoked key is a record
        return super().get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            # Kept on the request for response_add, which shows it once; never stored.
            request._new_api_key = services.issue_key(obj, by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        # The key is on this page only: no redirect, so it is never in a session or cookie.
        return TemplateResponse(
            request,
            "admin/api/apikey_created.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "key": obj,
                "secret": request._new_api_key,
                "title": _("Copy the new key now"),
            },
            headers={"Cache-Control": "no-store"},
        )

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        count = services.revoke_keys(queryset)
        self.message_user(
            request,
            ngettext("%(n)d key revoked.", "%(n)d keys revoked.", count) % {"n": count},
            messages.SUCCESS,
        )
