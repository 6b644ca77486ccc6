from django import forms
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from campaigns.admin import CampaignAdmin
from campaigns.models import Campaign

from .models import CallScript


class CallScriptFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        campaign = self.instance
        goes_live = campaign.status in (Campaign.Status.PUBLISHED, Campaign.Status.SCHEDULED)
        scripted = any(f.cleaned_data and not f.cleaned_data.get("DELETE") for f in self.forms)
        if campaign.kind == Campaign.Kind.CALL and goes_live and not scripted:
            raise forms.ValidationError(
                _("Add a call script before publishing or scheduling a call campaign.")
            )


class CallScriptInline(TranslationStackedInline):
    """The campaign's call script, on the campaign's own page, in both languages."""

    model = CallScript
    formset = CallScriptFormSet
    extra = 0
    max_num = 1
    autocomplete_fields = ["targets"]
    fields = ["text", "targets"]


# Added from here so that campaigns knows nothing of calls (apps depend downward).
CampaignAdmin.inlines = [*CampaignAdmin.inlines, CallScriptInline]
