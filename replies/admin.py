from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from advocacy.admin import GuardedModelAdmin
from campaigns.forms import _https_by_default

from . import services
from .models import Reply


class PublicAnswerForm(forms.ModelForm):
    """What staff post themselves: a target's public answer, never a supporter's reply."""

    class Meta:
        model = Reply
        fields = ["target", "campaign", "kind", "received_on", "text", "url"]
        formfield_callback = _https_by_default

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            c for c in Reply.Kind.choices if c[0] != Reply.Kind.TO_SUPPORTER
        ]
        self.fields["kind"].initial = Reply.Kind.HOUSE


@admin.register(Reply)
class ReplyAdmin(GuardedModelAdmin):
    """The response wall's moderation: Editors approve, edit out personal data or
    reject supporters' replies and post targets' public answers; Organizers read."""

    list_display = [
        "target",
        "campaign",
        "kind",
        "state",
        "received_on",
        "publish_consent",
        "personal_data",
    ]
    list_filter = ["state", "kind", "campaign"]
    search_fields = ["target__name", "text"]
    list_select_related = ["target", "campaign", "answer__questionnaire__letter"]
    autocomplete_fields = ["target"]
    actions = ["approve_selected", "reject_selected"]
    date_hierarchy = "received_on"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = PublicAnswerForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return PublicAnswerForm.Meta.fields
        return [
            "target",
            "campaign",
            "kind",
            "received_on",
            "text",
            "url",
            "personal_data",
            "publish_consent",
            "show_first_name",
            "state",
            "created_at",
            "moderated_at",
            "moderated_by",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fixed = ["personal_data", "publish_consent", "show_first_name", "state", "created_at",
                 "moderated_at", "moderated_by"]  # fmt: skip
        # A supporter's reply stays tied to the target and campaign they wrote to.
        return fixed + (["target", "campaign", "kind"] if obj.answer_id else [])

    @admin.display(description=_("still shows the supporter's"))
    def personal_data(self, obj):
        return ", ".join(services.personal_data_in(obj)) or "-"

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        reply = services.post_public_answer(by=request.user, **form.cleaned_data)
        obj.pk = reply.pk
        obj.refresh_from_db()

    def has_moderate_permission(self, request):
        return request.user.has_perm("replies.moderate_reply")

    @admin.action(
        description=_("Publish the selected replies on the response wall"),
        permissions=["moderate"],
    )
    def approve_selected(self, request, queryset):
        approved = 0
        for reply in queryset.select_related("answer__questionnaire__letter"):
            try:
                services.approve_reply(reply, by=request.user)
            except services.CannotApprove as exc:
                self.message_user(request, f"{reply}: {exc}", messages.ERROR)
            else:
                approved += 1
        self.message_user(
            request,
            ngettext("%(n)d reply published.", "%(n)d replies published.", approved)
            % {"n": approved},
            messages.SUCCESS if approved else messages.WARNING,
        )

    @admin.action(
        description=_("Reject the selected replies (never published)"),
        permissions=["moderate"],
    )
    def reject_selected(self, request, queryset):
        rejected = sum(1 for reply in queryset if services.reject_reply(reply, by=request.user))
        self.message_user(
            request,
            ngettext("%(n)d reply rejected.", "%(n)d replies rejected.", rejected)
            % {"n": rejected},
        )
