import re

from django import forms
from django.utils.translation import gettext_lazy as _

from advocacy.forms import AntiBotMixin, CleanTextMixin

from .models import Letter

# Letters D, F, I, O, Q, U never appear; W and Z never come first.
POSTAL_CODE_RE = re.compile(r"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$")


def normalize_postal_code(value: str) -> str:
    """'k1a0a6' -> 'K1A 0A6'; raises ValidationError when it is not a Canadian code."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if not POSTAL_CODE_RE.match(compact):
        raise forms.ValidationError(
            _("Enter a Canadian postal code, like K1A 0A6."), code="invalid_postal_code"
        )
    return f"{compact[:3]} {compact[3:]}"


class LetterForm(AntiBotMixin, CleanTextMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("Email"), max_length=254)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10)
    city = forms.CharField(label=_("City (optional)"), max_length=100, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Your letter"), max_length=5000, widget=forms.Textarea)
    send_copy = forms.BooleanField(label=_("Send me a copy"), required=False)
    news_opt_in = forms.BooleanField(label=Letter.NEWS_CONSENT_TEXT, required=False)

    def __init__(self, *args, template, **kwargs):
        self.template = template
        kwargs.setdefault("initial", {"subject": template.subject, "body": template.body})
        super().__init__(*args, **kwargs)
        if not template.editable:
            for name in ("subject", "body"):
                self.fields[name].disabled = True
                self.fields[name].initial = getattr(template, name)

    def clean_postal_code(self) -> str:
        return normalize_postal_code(self.cleaned_data["postal_code"])
