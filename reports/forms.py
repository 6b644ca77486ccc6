from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign

from .exports import COUNT_KINDS

DATE_ERRORS = {"invalid": _("Enter a date as YYYY-MM-DD, for example 2026-01-31.")}


class PeriodForm(forms.Form):
    """A period of local days, both ends included; either end may be left open.
    The fields are named "from" and "to", as in the query string."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in (("from", _("From")), ("to", _("To"))):
            self.fields[name] = forms.DateField(
                label=label,
                required=False,
                input_formats=["%Y-%m-%d"],
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                error_messages=DATE_ERRORS,
            )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date must be on or before the end date."))
        return cleaned

    @property
    def period(self) -> dict:
        """date_from and date_to, for the figures and exports (None when open or invalid)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {"date_from": data.get("from"), "date_to": data.get("to")}


class ExportForm(PeriodForm):
    kind = forms.ChoiceField(
        label=_("Figures"),
        choices=[(k.value, k.label) for k in COUNT_KINDS],
        error_messages={"invalid_choice": _("Choose which figures to export.")},
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.only("slug", "title"),
        to_field_name="slug",
        required=False,
        empty_label=_("All campaigns"),
        error_messages={"invalid_choice": _("There is no such campaign.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "export-%s")  # the page's period form has its own fields
        super().__init__(*args, **kwargs)
