"""Law 25 in the admin: staff answer access and erasure requests (the records of each,
read-only), and keep the register of confidentiality incidents (every change recorded)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from advocacy.admin import GuardedModelAdmin, ReadOnlyAdmin

from . import services
from .forms import AccessRequestForm
from .models import AccessRequest, Incident

PERSONAL_DATA = "letters.export_personal_data"
INCIDENT_LOG = "privacy.keep_incident_log"


@admin.register(AccessRequest)
class AccessRequestAdmin(ReadOnlyAdmin):
    """The answers staff gave: who, when, what, how it came, the outcome; no address."""

    list_display = ["answered_at", "username", "kind", "received_by", "outcome", "note"]
    list_filter = ["kind", "outcome", "received_by"]
    date_hierarchy = "answered_at"
    change_list_template = "admin/privacy/accessrequest/change_list.html"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.has_perm(PERSONAL_DATA)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.has_perm(PERSONAL_DATA)

    def get_urls(self):
        return [
            path(
                "answer/",
                self.admin_site.admin_view(self.answer_view),
                name="privacy_accessrequest_answer",
            ),
            *super().get_urls(),
        ]

    def answer_view(self, request):
        """Send the access email to an address, or erase it after a confirmation."""
        if not request.user.has_perm(PERSONAL_DATA):
            raise PermissionDenied
        form = AccessRequestForm(
            request.POST or None, initial={"language": translation.get_language()[:2]}
        )
        # Which button was pressed: "send_access" or "erase" (then "confirmed").
        action = next((a for a in ("erase", "send_access") if a in request.POST), "")
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            fields = {"email": data["email"], "received_by": data["received_by"]}
            if action == "send_access":
                record = services.answer_access_request(
                    **fields, note=data["note"], language=data["language"], by=request.user
                )
                self._say(request, record)
                return redirect("admin:privacy_accessrequest_changelist")
            if action == "erase" and request.POST.get("confirmed") == "yes":
                record = services.answer_erasure_request(
                    **fields, note=data["note"], by=request.user
                )
                self._say(request, record)
                return redirect("admin:privacy_accessrequest_changelist")
            if action == "erase":
                return self._render(request, form, confirm_erasure=True)
        return self._render(request, form)

    def _render(self, request, form, *, confirm_erasure=False):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Answer an access request"),
            "form": form,
            "confirm_erasure": confirm_erasure,
        }
        return render(request, "admin/privacy/accessrequest/answer.html", context)

    def _say(self, request, record: AccessRequest) -> None:
        said = {
            AccessRequest.Outcome.SENT: (
                messages.SUCCESS,
                _("The access email is on its way to that address: a link to everything we "
                  "hold about it, valid for 7 days."),
            ),
            AccessRequest.Outcome.NO_DATA: (
                messages.SUCCESS,
                _("We hold nothing about that address; an email saying so is on its way to it."),
            ),
            AccessRequest.Outcome.EMAIL_FAILED: (
                messages.ERROR,
                _("The email could not be sent; nothing was sent. Try again later (the "
                  "attempt is recorded)."),
            ),
            AccessRequest.Outcome.ERASED: (
                messages.SUCCESS,
                _("That address's personal data is erased."),
            ),
            AccessRequest.Outcome.NOTHING_TO_ERASE: (
                messages.WARNING,
                _("We hold nothing about that address: nothing was erased."),
            ),
        }  # fmt: skip
        level, text = said[record.outcome]
        self.message_user(request, text, level)


@admin.register(Incident)
class IncidentAdmin(GuardedModelAdmin):
    """The register of confidentiality incidents, for staff with its permission. An
    incident is never deleted; every save records who changed what."""

    list_display = [
        "discovered_at", "description_short", "people_affected", "risk",
        "notify_commission", "notify_people", "decided_at",
    ]  # fmt: skip
    list_filter = ["risk", "notify_commission", "notify_people"]
    date_hierarchy = "discovered_at"
    readonly_fields = ["created_at", "history"]
    fieldsets = [
        (
            _("What happened"),
            {
                "fields": [
                    "occurred_at", "discovered_at", "reported_by", "description",
                    "data_affected", "people_affected",
                ],
            },
        ),
        (_("Risk"), {"fields": ["risk", "risk_reasons"]}),
        (
            _("Decision"),
            {
                "description": _(
                    "Quebec's Law 25: an incident that presents a risk of serious injury is "
                    "reported promptly to the Commission d'accès à l'information and to the "
                    "people concerned. Record the decision and its reasons either way."
                ),
                "fields": [
                    "notify_commission", "notify_people", "decision_reasons",
                    "decided_by", "decided_at", "measures",
                ],
            },
        ),
        (_("Record"), {"fields": ["created_at", "history"]}),
    ]  # fmt: skip

    def _allowed(self, request) -> bool:
        return request.user.is_active and request.user.has_perm(INCIDENT_LOG)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("what happened"))
    def description_short(self, obj):
        return obj.description[:80]

    @admin.display(description=_("changes"))
    def history(self, obj):
        changes = list(obj.changes.all()) if obj and obj.pk else []
        if not changes:
            return _("None recorded.")
        labels = {f.name: f.verbose_name for f in Incident._meta.fields}
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    date_format(timezone.localtime(change.changed_at), "SHORT_DATETIME_FORMAT"),
                    change.username or "-",
                    labels.get(name, name),
                    before or "-",
                    after or "-",
                )
                for change in changes
                for name, (before, after) in change.changes.items()
            ),
        )
        return format_html(
            '<table class="incident-changes"><thead><tr><th>{}</th><th>{}</th><th>{}</th>'
            "<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("When"),
            _("By"),
            _("What"),
            _("Before"),
            _("After"),
            rows,
        )

    def save_model(self, request, obj, form, change):
        services.save_incident(incident=obj, by=request.user)
