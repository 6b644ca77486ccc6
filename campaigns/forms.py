from django import forms
from django.utils.translation import gettext_lazy as _


class CoSignRequestForm(forms.Form):
    name = forms.CharField(label=_("Organization"), max_length=200)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(label=_("Email"), max_length=254)
    url = forms.URLField(label=_("Website (optional)"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        # Its own ids: it shares the statement page with the letter form.
        kwargs.setdefault("auto_id", "cosign_%s")
        super().__init__(*args, **kwargs)
