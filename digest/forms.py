from django import forms
from django.utils.translation import gettext_lazy as _

# Recorded word for word with each subscription: what the person agreed to.
CONSENT_TEXT = _(
    "Yes, send me the weekly News Digest by email. I can unsubscribe at any time "
    "with the link in every message."
)


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    name = forms.CharField(label=_("Name (optional)"), max_length=200, required=False)
    consent = forms.BooleanField(label=CONSENT_TEXT)
