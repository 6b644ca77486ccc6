import re

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from advocacy.emails import SupporterEmailField
from advocacy.forms import (
    REPLAYED,
    TAMPERED,
    TOO_FAST,
    CleanTextMixin,
    HoneypotMixin,
    review_stamp,
    review_stamp_age,
    review_stamp_spent,
    spend_review_stamp,
)
from campaigns.identity import identity
from campaigns.models import Target
from campaigns.placeholders import used_outside_brackets

from . import attribution

# Each language named in itself, as a choice of language shows it.
NATIVE_NAMES = {"en": "English", "fr": "Français"}

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


def news_consent_label() -> str:
    """The news box's wording: shown on the form and recorded as the consent given."""
    return _("Yes, send me news from %(org)s.") % {"org": identity().short_name}


news_consent_label_lazy = lazy(news_consent_label, str)


def _from(source: str) -> forms.HiddenInput:
    return forms.HiddenInput(attrs={"data-from": source})


# The attribution's inputs: never the service's fields, never a reason to refuse.
ATTRIBUTION_INPUTS = ("utm_source", "utm_medium", "utm_campaign", "ref", "referrer", "embed")


class LetterForm(HoneypotMixin, CleanTextMixin, forms.Form):
    """The letter form. The campaign page shows it to everyone alike (it is cached);
    what is per visitor, the CSRF token and the signed time, comes with the review
    page, and the send steps check both."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    # One person, one address: see advocacy/emails.py.
    email = SupporterEmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=10,
        help_text=_("For example K1A 0A6. It signs your letter, so it is read as a constituent's."),
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "autocapitalize": "characters"}
        ),
    )
    city = forms.CharField(
        label=_("City (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    street_address = forms.CharField(
        label=_("Street address (optional)"),
        max_length=200,
        required=False,
        help_text=_(
            "Only the people your letter goes to see it, under your name: offices answer "
            "constituents first. It is not in your copy, nor anywhere on this site."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Your letter"),
        max_length=5000,
        help_text=_(
            "Plain text, up to 5,000 characters. The greeting and your signature are added "
            "for you; words in braces such as {first_name} are filled in with your details, "
            "and words in square brackets are left out when the detail they hold is empty."
        ),
        widget=forms.Textarea(attrs={"rows": 14, "data-counter": "id_body_counter"}),
    )
    language = forms.ChoiceField(
        label=_("Language of your letter"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Your greeting, signature and emails from us follow it."),
    )
    send_copy = forms.BooleanField(label=_("Send me a copy"), required=False)
    news_opt_in = forms.BooleanField(
        label=_("Yes, send me news from the organization."), required=False
    )
    # The review page's signed time (empty on the campaign page), carried through Edit.
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    # Where the writer came from (letters/attribution.py): empty in the cached page,
    # filled by its script from data-from (a parameter of its address, or the referrer).
    utm_source = forms.CharField(required=False, widget=_from("utm_source"))
    utm_medium = forms.CharField(required=False, widget=_from("utm_medium"))
    utm_campaign = forms.CharField(required=False, widget=_from("utm_campaign"))
    ref = forms.CharField(required=False, widget=_from("ref"))
    referrer = forms.CharField(required=False, widget=_from("referrer"))
    embed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, template, visitor: str | None = None, partner: str = "", **kwargs):
        """visitor: the browser's CSRF secret, given at the send steps, where the
        review page's stamp must be this visitor's, for this letter, and old enough.
        partner: the ?partner= the campaign page was opened with (the partners app adds
        its consent box; a bound form finds it in its data)."""
        from .services import letter_language
        from .signals import letter_form_created

        self.template = template
        self.visitor = visitor
        self.partner = partner
        # Fields other apps add (letter_form_created): their answers go to letter_stored.
        self.extra_fields: set[str] = set()
        written = template.languages_written() or [letter_language(template)]
        language = letter_language(template)
        subject, body = template.text_in(language)
        kwargs.setdefault("initial", {"subject": subject, "body": body, "language": language})
        super().__init__(*args, **kwargs)
        # Worded when the form is shown: the send step, which shows nothing, makes no
        # round trip to the cache for the organization's name.
        self.fields["news_opt_in"].label = news_consent_label_lazy()
        field = self.fields["language"]
        # Each language named in itself (and marked so for screen readers).
        field.choices = [
            (code, format_html('<span lang="{}">{}</span>', code, NATIVE_NAMES[code]))
            for code in written
        ]
        if len(written) < 2:
            field.widget = forms.HiddenInput()
        if self.is_bound:
            self._follow_language(written)
        if not template.editable:
            for name in ("subject", "body"):
                self.fields[name].disabled = True
                self.fields[name].initial = getattr(template, name)
        letter_form_created.send(sender=LetterForm, form=self)

    def _follow_language(self, written: list[str]) -> None:
        """The model letter as written, in the language the supporter chose: an
        unedited letter switches with the choice; an edited one stays as typed."""
        chosen = self.data.get("language", "")
        subject, body = self.data.get("subject", ""), self.data.get("body", "")
        if chosen not in written or self.template.is_model_text(subject, body, chosen):
            return
        for code in written:
            if code != chosen and self.template.is_model_text(subject, body, code):
                self.data = self.data.copy()
                self.data["subject"], self.data["body"] = self.template.text_in(chosen)
                return

    def full_clean(self):
        # The attribution's inputs come from addresses anyone can write: whatever they
        # hold is made one plain line first, so that they never refuse a letter.
        if self.is_bound and any(name in self.data for name in ATTRIBUTION_INPUTS):
            self.data = self.data.copy()
            for name in ATTRIBUTION_INPUTS:
                if name in self.data:
                    self.data[name] = attribution.plain_line(self.data[name])
        super().full_clean()

    def attribution(self) -> dict:
        """Where the writer came from, as the letter keeps it (call after is_valid())."""
        data = {**self._attribution, "partner": self.cleaned_data.get("partner")}
        return {
            "utm_source": attribution.clean_tag(data.get("utm_source")),
            "utm_medium": attribution.clean_tag(data.get("utm_medium")),
            "utm_campaign": attribution.clean_tag(data.get("utm_campaign")),
            # Present only when the partners app knew the slug (letter_form_created).
            "partner_slug": (data.get("partner") or "") if "partner" in self.fields else "",
            "embedded": data.get("embed") == "1",
            "referrer_origin": attribution.clean_origin(data.get("referrer")),
            "referred_by": attribution.clean_referral(data.get("ref")),
        }

    def extra_answers(self) -> dict:
        """The answers to the fields other apps added (for letter_stored)."""
        return {name: self.cleaned_data.get(name) for name in self.extra_fields}

    def clean_language(self) -> str:
        from .services import letter_language

        return letter_language(self.template, self.cleaned_data.get("language", ""))

    @property
    def editable(self) -> bool:
        return self.template.editable

    def clean(self):
        cleaned = super().clean()
        stamp = cleaned.pop("started", "")
        # Where the writer came from goes to the letter by attribution(), not as a field.
        self._attribution = {name: cleaned.pop(name, "") for name in ATTRIBUTION_INPUTS}
        # {city} outside [brackets] would leave "I write from  because…": ask for it.
        text = f"{cleaned.get('subject', '')}\n{cleaned.get('body', '')}"
        if not cleaned.get("city") and "city" in used_outside_brackets(text):
            self.add_error(
                "city",
                _("Your letter mentions your city: enter it, or take {city} out of the letter.")
                if self.editable
                else _("This letter mentions your city: please enter it."),
            )
        if self.visitor is None or not settings.ANTIBOT_MIN_SECONDS or "email" not in cleaned:
            return cleaned
        self._checked_stamp = stamp
        age = review_stamp_age(stamp, letter=self._stamp_letter(), visitor=self.visitor)
        if age is None:
            raise forms.ValidationError(TAMPERED, code="tampered")
        if review_stamp_spent(stamp, letter=self._stamp_letter(), visitor=self.visitor):
            raise forms.ValidationError(REPLAYED, code="replayed")
        if age < settings.ANTIBOT_MIN_SECONDS:
            raise forms.ValidationError(TOO_FAST, code="too_fast")
        return cleaned

    def stamp_for(self, visitor: str) -> str:
        """The review page's stamp: the one posted while it is still good (so the time
        counts from the first review, through Edit), else a fresh one. Call after
        is_valid(); the form's hidden field then carries it to the send step."""
        posted = self.data.get("started", "")
        letter = self._stamp_letter()
        if review_stamp_age(posted, letter=letter, visitor=visitor) is None or (
            review_stamp_spent(posted, letter=letter, visitor=visitor)
        ):
            posted = review_stamp(letter=letter, visitor=visitor)
        self.data = self.data.copy()
        self.data["started"] = posted
        return posted

    def spend_stamp(self) -> bool:
        """Spend the review's stamp just before the letter is stored: False for a stamp
        already spent (a replay), and the form then carries the refusal. True when the
        stamp was not checked (abuse checks off)."""
        stamp = getattr(self, "_checked_stamp", None)
        if stamp is None:
            return True
        if spend_review_stamp(stamp, letter=self._stamp_letter(), visitor=self.visitor):
            return True
        self.add_error(None, forms.ValidationError(REPLAYED, code="replayed"))
        return False

    def only_stamp_refused(self) -> bool:
        """True when everything typed is good and only the review's stamp was refused:
        the review page comes back rather than the form."""
        codes = {e.code for e in self.errors.as_data().get(NON_FIELD_ERRORS, [])}
        return set(self.errors) == {NON_FIELD_ERRORS} and codes <= {
            "tampered",
            "too_fast",
            "replayed",
        }

    def _stamp_letter(self) -> str:
        return f"{self.template.campaign_id}:{self.cleaned_data.get('email', '')}"

    def clean_subject(self) -> str:
        return " ".join(self.cleaned_data["subject"].split())

    def clean_body(self) -> str:
        # Plain text: normalized line endings, no control characters.
        text = self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")
        return "".join(ch for ch in text if ch == "\n" or ch == "\t" or ch.isprintable())

    def clean_postal_code(self) -> str:
        return normalize_postal_code(self.cleaned_data["postal_code"])


class MPChoiceForm(forms.Form):
    """The supporter's MP: one the postal-code lookup found, or any sitting MP of
    the province the postal code's first letter gives."""

    mp = forms.ModelChoiceField(
        label=_("Your Member of Parliament"),
        queryset=Target.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose your MP."),
            "invalid_choice": _("Choose your MP from the list."),
        },
    )

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mp"].queryset = allowed
