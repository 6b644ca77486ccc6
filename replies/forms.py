from django import forms
from django.utils.translation import gettext_lazy as _

from advocacy.forms import CleanTextMixin

from .models import Answer


class ReplyForm(CleanTextMixin, forms.Form):
    """The reply a supporter pastes after answering "yes"."""

    multiline_fields = ("text",)
    name_fields = ()

    text = forms.CharField(
        label=_("Their reply"),
        max_length=20000,
        help_text=_("Paste the text of their email or letter."),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    publish_consent = forms.BooleanField(
        label=_(
            "You may publish this reply on the campaign's page, once your team has removed "
            "anything personal from it."
        ),
        required=False,
    )
    show_first_name = forms.BooleanField(
        label=_("You may show my first name with it."), required=False
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Paste their reply here."))
        return text


class AnswerForm(forms.Form):
    """Which question a button answers, and the answer."""

    question = forms.IntegerField()
    choice = forms.ChoiceField(choices=Answer.Choice.choices)
