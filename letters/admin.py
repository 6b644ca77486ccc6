from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from advocacy.admin import AuditLogAdmin, GuardedModelAdmin
from advocacy.crypto import blind_index

from . import delivery, services
from .models import Delivery, DeliveryPace, Letter, PersonalDataView

HIDDEN = _("(hidden: personal data)")


def may_see_personal_data(request) -> bool:
    return request.user.has_perm("letters.export_personal_data")


class PersonalDataAdmin(GuardedModelAdmin):
    """Pages that can show supporters' personal data.

    Without the personal-data permission those fields are left out of every
    column, form and search, and cannot even be filtered on (?email=… would tell
    whether someone wrote). With it, every list and record shown is recorded.
    """

    # Model fields that hold personal data, or lead to it (a letter's public id
    # opens its public pages, which show the supporter's name).
    personal_fields: tuple[str, ...] = ()

    def lookup_allowed(self, lookup, value, request=None):
        field = lookup.split(LOOKUP_SEP)[0]
        if field in self.personal_fields and not (request and may_see_personal_data(request)):
            return False
        return super().lookup_allowed(lookup, value, request)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None and may_see_personal_data(request):
            self._record_view(
                request,
                page=PersonalDataView.Page.LIST,
                row_count=len(changelist.result_list),
                searched=bool(changelist.query),
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200 and may_see_personal_data(request):
            self._record_view(
                request, page=PersonalDataView.Page.DETAIL, object_id=object_id, row_count=1
            )
        return response

    def _record_view(self, request, **details) -> None:
        services.record_personal_data_view(
            user=request.user, model=self.opts.label_lower, **details
        )


class EmailSearchMixin:
    """Search by one exact address (however it is typed), through its blind index: the
    personal data is encrypted, the database cannot match a part of it."""

    search_help_text = _("The exact email address: names and other details are encrypted.")

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip() or not may_see_personal_data(request):
            return queryset, False  # no search offered: it would tell who wrote
        return queryset.filter(email_index=blind_index(search_term.strip())), False


class DeliveryFieldsMixin:
    """A delivery's recipient, as whoever looks may see it: the supporter's own copy
    carries their name and address (and an error may quote the address)."""

    def get_fields(self, request, obj=None):
        if may_see_personal_data(request):
            return list(self.delivery_fields)
        masked = {"name": "recipient_name", "address": "recipient", "last_error": "error"}
        return [masked.get(f, f) for f in self.delivery_fields]

    @admin.display(description=_("name"))
    def recipient_name(self, d):
        return HIDDEN if d.kind == Delivery.Kind.COPY else d.name

    @admin.display(description=_("address"))
    def recipient(self, d):
        return HIDDEN if d.kind == Delivery.Kind.COPY else d.address

    @admin.display(description=_("last error"))
    def error(self, d):
        return HIDDEN if d.kind == Delivery.Kind.COPY else d.last_error


class DeliveryInline(DeliveryFieldsMixin, admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    delivery_fields = [
        "kind",
        "name",
        "address",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "provider_message_id",
    ]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _report_retried(modeladmin, request, count: int) -> None:
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d failed delivery queued again.",
            "%(count)d failed deliveries queued again.",
            count,
        )
        % {"count": count},
        messages.SUCCESS if count else messages.WARNING,
    )


class ReadOnlyRecordAdmin(PersonalDataAdmin):
    """Letters and deliveries are records of what supporters sent: nobody edits or
    deletes them in the admin. What staff may do to them are the actions below,
    each with its own permission."""

    view_on_site = False  # a letter's public pages show the supporter's name

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        return request.user.has_perm("letters.retry_delivery")


LETTER_FIELDS = [
    "public_id", "campaign", "template", "state", "hold_reason", "first_name", "last_name",
    "email", "postal_code", "city", "street_address", "province", "riding", "mp", "subject",
    "body",
    "send_copy", "news_opt_in", "is_test", "ip_hash", "created_at", "confirmed_at", "erased_at",
]  # fmt: skip
LETTER_PERSONAL_FIELDS = (
    "public_id", "first_name", "last_name", "email", "postal_code", "city", "street_address",
    "ip_hash",
)  # fmt: skip


@admin.register(Letter)
class LetterAdmin(EmailSearchMixin, ReadOnlyRecordAdmin):
    list_filter = ["state", "campaign", "deliveries__state"]
    list_select_related = ["campaign"]
    inlines = [DeliveryInline]
    actions = ["retry_failed_deliveries"]
    change_form_template = "admin/letters/letter/change_form.html"
    # The subject and body are shown without the supporter's details, never searched.
    personal_fields = (*LETTER_PERSONAL_FIELDS, "subject", "body")

    def get_list_display(self, request):
        if may_see_personal_data(request):
            return ["subject", "supporter", "email", "campaign", "state", "hold_reason",
                    "created_at"]  # fmt: skip
        return ["subject_shown", "campaign", "state", "hold_reason", "province", "created_at"]

    def get_search_fields(self, request):
        if may_see_personal_data(request):
            return ["email"]  # the exact address, by its blind index (EmailSearchMixin)
        return []

    def get_fields(self, request, obj=None):
        if may_see_personal_data(request):
            return LETTER_FIELDS
        shown = {"subject": "subject_shown", "body": "body_shown"}
        return [shown.get(f, f) for f in LETTER_FIELDS if f not in LETTER_PERSONAL_FIELDS]

    @admin.display(description=_("supporter"))
    def supporter(self, letter):
        return letter.full_name

    @admin.display(description=_("subject"))
    def subject_shown(self, letter):
        return letter.without_personal_data(letter.subject)

    @admin.display(description=_("letter"))
    def body_shown(self, letter):
        return letter.without_personal_data(letter.body)

    def get_urls(self):
        retry = self.admin_site.admin_view(self.retry_view)
        return [
            path("<path:object_id>/retry/", retry, name="letters_letter_retry"),
            *super().get_urls(),
        ]

    def retry_view(self, request, object_id):
        """The letter page's "Retry failed deliveries" button."""
        if request.method != "POST" or not self.has_retry_permission(request):
            raise PermissionDenied
        letter = get_object_or_404(Letter, pk=object_id)
        _report_retried(self, request, delivery.retry_deliveries(letter.deliveries.all()))
        return redirect("admin:letters_letter_change", letter.pk)

    def has_review_permission(self, request):
        return request.user.has_perm("letters.review_letter")

    @admin.action(
        description=_("Retry the failed deliveries of the selected letters"),
        permissions=["retry"],
    )
    def retry_failed_deliveries(self, request, queryset):
        count = delivery.retry_deliveries(Delivery.objects.filter(letter__in=queryset))
        _report_retried(self, request, count)


@admin.register(Delivery)
class DeliveryAdmin(DeliveryFieldsMixin, ReadOnlyRecordAdmin):
    list_filter = ["state", "kind"]
    list_select_related = ["letter__campaign"]
    actions = ["retry_failed"]
    delivery_fields = [f.name for f in Delivery._meta.fields]
    personal_fields = ("name", "address", "last_error")

    def get_list_display(self, request):
        address = "address" if may_see_personal_data(request) else "recipient"
        return [address, "kind", "state", "attempts", "next_attempt_at", "sent_at", "letter"]

    def get_search_fields(self, request):
        return ["address", "provider_message_id"]

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        # Addresses are encrypted: a target's deliveries are found through the target,
        # a supporter's copy through its letter's blind index (its holders only: a search
        # by address must not tell others whether a supporter's copy went there).
        found = Q(provider_message_id=term) | Q(
            kind__in=[Delivery.Kind.TO, Delivery.Kind.CC], target__email__icontains=term
        )
        if may_see_personal_data(request):
            found |= Q(kind=Delivery.Kind.COPY, letter__email_index=blind_index(term))
        return queryset.filter(found), False

    @admin.action(description=_("Retry the selected failed deliveries"), permissions=["retry"])
    def retry_failed(self, request, queryset):
        count = delivery.retry_deliveries(queryset)
        _report_retried(self, request, count)


# Review of held letters: release sends and counts it, reject never does.
@admin.action(
    description=_("Release the selected held letters (send and count them)"),
    permissions=["review"],
)
def release_held_letters(modeladmin, request, queryset):
    released = 0
    for letter in queryset:
        if services.release_letter(letter):
            released += 1
            modeladmin.log_change(request, letter, "Released: sent and counted.")
    modeladmin.message_user(request, _("%(n)d letters released.") % {"n": released})


@admin.action(
    description=_("Reject the selected held letters (never sent)"), permissions=["review"]
)
def reject_held_letters(modeladmin, request, queryset):
    rejected = 0
    for letter in queryset:
        if services.reject_letter(letter):
            rejected += 1
            modeladmin.log_change(request, letter, "Rejected: never sent.")
    modeladmin.message_user(request, _("%(n)d letters rejected.") % {"n": rejected})


LetterAdmin.actions = [*(LetterAdmin.actions or []), release_held_letters, reject_held_letters]


@admin.register(PersonalDataView)
class PersonalDataViewAdmin(AuditLogAdmin):
    """Who looked at supporters' personal data in the admin."""

    list_display = ["viewed_at", "username", "model", "page", "object_id", "row_count", "searched"]
    list_filter = ["model", "page", "searched"]
    search_fields = ["username"]
    date_hierarchy = "viewed_at"


@admin.register(DeliveryPace)
class DeliveryPaceAdmin(GuardedModelAdmin):
    """One row: the sending pace staff may turn up or down during a spike (Editors)."""

    fields = ["rate_per_minute", "updated_at"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not DeliveryPace.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
