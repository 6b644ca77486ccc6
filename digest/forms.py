from django import forms
from django.utils.translation import gettext_lazy as _

from advocacy.emails import SupporterEmailField
from advocacy.forms import AntiBotMixin, CleanTextMixin

# Recorded word for word with each subscription: what the person agreed to.
CONSENT_TEXT = _(
    "Yes, send me the weekly News Digest by email. I can unsubscribe at any time "
    "with the link in every message."
)


class SubscribeForm(AntiBotMixin, CleanTextMixin, forms.Form):
    multiline_fields = ()
    name_fields = ("name",)

    email = SupporterEmailField(label=_("Email"))
    name = forms.CharField(label=_("Name (optional)"), max_length=200, required=False)
    consent = forms.BooleanField(label=CONSENT_TEXT)
