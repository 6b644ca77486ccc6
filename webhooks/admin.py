from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from advocacy.admin import GuardedModelAdmin, ReadOnlyAdmin

from . import services
from .models import Endpoint, OutboxEvent, validate_endpoint_url


class EndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=_("address"),
        max_length=500,
        assume_scheme="https",
        validators=[validate_endpoint_url],
    )
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=Endpoint.Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What it is told of, each event as a signed POST (README: Webhooks)."),
    )

    class Meta:
        model = Endpoint
        fields = ["name", "url", "events", "is_active"]


@admin.register(Endpoint)
class EndpointAdmin(GuardedModelAdmin):
    form = EndpointForm
    list_display = ["name", "url", "is_active", "created_at"]
    readonly_fields = ["secret", "created_at"]

    def has_delete_permission(self, request, obj=None):
        # Its events keep it; an endpoint no longer wanted is made inactive.
        return False


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    """What was sent where, and what the receiver answered: read-only, resendable."""

    list_display = ["event", "endpoint", "state", "attempts", "last_status", "created_at"]
    list_filter = ["state", "event", "endpoint"]
    list_select_related = ["endpoint"]
    actions = ["resend"]

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("webhooks.resend_outboxevent")

    @admin.action(description=_("Send the selected events again"), permissions=["resend"])
    def resend(self, request, queryset):
        count = services.resend_events(queryset)
        self.message_user(
            request,
            ngettext("%(n)d event queued again.", "%(n)d events queued again.", count)
            % {"n": count},
            messages.SUCCESS,
        )
