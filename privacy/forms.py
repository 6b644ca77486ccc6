from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from advocacy.forms import CleanTextMixin

from .models import AccessRequest


class AccessRequestForm(CleanTextMixin, forms.Form):
    """Staff's answer to a supporter's request: the address it came from and how."""

    multiline_fields = ("note",)
    name_fields = ()

    email = forms.EmailField(
        label=_("The requester's email address"),
        max_length=254,
        help_text=_("The answer goes to this address, and only to it. Staff never see the data."),
    )
    received_by = forms.ChoiceField(
        label=_("Request received by"), choices=AccessRequest.Channel.choices
    )
    language = forms.ChoiceField(
        label=_("Language of the email"),
        choices=settings.LANGUAGES,
        help_text=_(
            "Used when we hold nothing about the address; otherwise the email follows the "
            "language the supporter wrote in."
        ),
    )
    note = forms.CharField(
        label=_("Staff note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Kept with the record, e.g. who called and when. Not the address."),
    )
