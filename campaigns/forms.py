"""Forms: staff input validated and sanitized before it is stored; the co-sign request."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from advocacy.emails import SupporterEmailField
from advocacy.forms import AntiBotMixin, CleanTextMixin

from . import placeholders
from .models import Campaign, LetterTemplate
from .sanitize import clean_html


class RichTextarea(forms.Textarea):
    """A textarea that static/js/admin-rich-text.js turns into a Trix editor."""

    class Media:
        css = {"all": ["vendor/trix/trix.css", "css/admin-campaigns.css"]}
        js = ["vendor/trix/trix.umd.min.js", "js/admin-rich-text.js"]

    def __init__(self, attrs=None):
        super().__init__({"data-rich-text": "", **(attrs or {})})


def _https_by_default(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

# What each field is for, in the words of the staff who fill it in (the admin shows
# these under the fields; a translated field's help shows under each language's box).
PLAIN_HELP = {
    "title": _("The headline supporters see, e.g. “Stop Mohamed Harkat’s deportation”."),
    "slug": _(
        "The end of the page’s web address, filled in from the title. Don’t change it once "
        "the campaign is published: links people have shared would stop working."
    ),
    "kind": _(
        "Letter: supporters write to the people you choose. Joint statement: organizations "
        "co-sign a text, which can carry a letter too."
    ),
    "summary": _("One or two sentences for the home page and for links shared online."),
    "story": _(
        "What is happening and why it matters. Write as in a word processor, or paste from "
        "Word or Google Docs: bold, italic, lists and links are kept, other formatting is "
        "tidied away."
    ),
    "hero_image": _("Optional: a picture at the top of the page."),
    "hero_alt": _("What the picture shows, for people who cannot see it. Needed with a picture."),
    "publish_at": _(
        "Toronto time. When a scheduled campaign goes live; empty: as soon as it is published."
    ),
    "close_at": _(
        "Toronto time. When it stops taking letters, by itself; empty: open until you close it."
    ),
    "urgent": _("Shown first on the home page, with an “Urgent” badge."),
    "goal": _("How many letters you hope for: the page shows a progress bar toward it."),
    "result": _("Shown on the page once the campaign is closed: what happened, and thanks."),
    "show_appeal": _("Show the donation appeal on this campaign’s pages."),
    "appeal_text": _("This campaign’s own appeal, instead of the site’s. Empty: the site’s."),
    "appeal_url": _("Where this campaign’s donate link leads. Empty: the site’s."),
    "subject": _("The subject line of every letter."),
    "editable": _("Untick to send your exact words: supporters then cannot change the letter."),
    "targets": _(
        "Who receives every letter: ministers and officials from the directory (Targets). "
        "Type a name to find them."
    ),
    "to_supporters_mp": _(
        "Also send each letter to the supporter’s own MP, found from the postal code."
    ),
    "cc_addresses": _(
        "Addresses that get a copy (Cc) of every letter, one per line, e.g. your campaign’s inbox."
    ),
    "position": _("The order of the model letters when there are several: smallest first."),
}


def plain_help(form: forms.BaseForm) -> None:
    """Put PLAIN_HELP under each field, and under each language's box of a translated one."""
    for name, field in form.fields.items():
        base, _sep, code = name.rpartition("_")
        help_text = PLAIN_HELP.get(name) or (
            PLAIN_HELP.get(base) if code in LANGUAGE_CODES else None
        )
        if help_text:
            field.help_text = help_text


def each_language(**widgets) -> dict:
    """The same widget for a translated field's box in every language (story_en, story_fr)."""
    return {f"{name}_{code}": widget for name, widget in widgets.items() for code in LANGUAGE_CODES}


# A web origin: http(s), a host name or IPv4 address, an optional port.
ORIGIN_RE = re.compile(r"^https?://[a-z0-9.-]+(:\d{1,5})?$", re.IGNORECASE)


class CampaignAdminForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "languages", "title", "slug", "slug_fr", "kind", "summary", "story", "hero_image",
            "hero_alt", "status", "publish_at", "close_at", "urgent", "goal", "result",
            "show_appeal", "appeal_text", "appeal_url", "reply_check_days", "embed_origins",
            "embed_anywhere",
        ]  # fmt: skip
        formfield_callback = _https_by_default
        widgets = each_language(
            story=RichTextarea,
            result=RichTextarea,
            # Plain text: the appeal partial shows it escaped, with line breaks.
            appeal_text=forms.Textarea(attrs={"rows": 3}),
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_help(self)
        if "reply_check_days" in self.fields:
            self.fields["reply_check_days"].required = False

    def clean_embed_origins(self) -> str:
        """One origin a line (scheme, host, port; no path): what a CSP source names."""
        origins = []
        for line in self.cleaned_data.get("embed_origins", "").split():
            match = ORIGIN_RE.match(line.rstrip("/"))
            if not match:
                raise forms.ValidationError(
                    _("“%(line)s” is not a site's address, like https://www.partner.org."),
                    params={"line": line},
                )
            origins.append(match.group(0).lower())
        return "\n".join(dict.fromkeys(origins))

    def clean_reply_check_days(self) -> int:
        value = self.cleaned_data.get("reply_check_days")
        return Campaign._meta.get_field("reply_check_days").default if value is None else value

    def clean(self):
        data = super().clean()
        for name in ("story", "result"):
            for code in LANGUAGE_CODES:
                key = f"{name}_{code}"
                if data.get(key):
                    data[key] = clean_html(data[key])
        # A campaign offered in a language has its title and summary in that language.
        offered = (data.get("languages") or "").split()
        for code in offered:
            for name in ("title", "summary"):
                key = f"{name}_{code}"
                if key in self.fields and not (data.get(key) or "").strip():
                    self.add_error(
                        key,
                        _("Write it in this language, or offer the campaign only in the other."),
                    )
        status, publish_at, close_at = (
            data.get("status"),
            data.get("publish_at"),
            data.get("close_at"),
        )
        if status == Campaign.Status.SCHEDULED and not publish_at:
            self.add_error("publish_at", _("A scheduled campaign needs the time it goes live."))
        if publish_at and close_at and close_at <= publish_at:
            self.add_error("close_at", _("The close time must come after the publish time."))
        for code in offered if data.get("hero_image") else ():
            if not (data.get(f"hero_alt_{code}") or "").strip():
                self.add_error(
                    f"hero_alt_{code}",
                    _("Describe the image for people who cannot see it (required with an image)."),
                )
        return data


class LetterTemplateAdminForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = [
            "subject", "body", "editable", "send_bilingual", "targets", "to_supporters_mp",
            "cc_addresses", "position",
        ]  # fmt: skip
        widgets = each_language(body=forms.Textarea(attrs={"rows": 14}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_help(self)
        # The admin shows help text as HTML: list the placeholders beside the body.
        help_text = format_html(
            '{}<ul class="placeholders">{}</ul>{}',
            _(
                "Plain text. The greeting and the signature are added automatically. "
                "These placeholders are replaced with each supporter's details:"
            ),
            format_html_join(
                "",
                "<li><code>{{{}}}</code> {}</li>",
                placeholders.DESCRIPTIONS.items(),
            ),
            _(
                "{city} can be empty: put it in square brackets with the words that go "
                "with it, as in “I live[ in {city}] and…”, and the bracketed words are left "
                "out when a supporter gives no city (outside brackets, supporters must give "
                "one). Brackets work the same around any placeholder."
            ),
        )
        for name in self.fields:
            if name.startswith("body"):
                self.fields[name].help_text = help_text

    def clean(self):
        data = super().clean()
        if data.get("to_supporters_mp"):
            return data
        # Each language's subject and body (subject_en, body_fr...).
        for name in [n for n in self.fields if n.startswith(("subject", "body"))]:
            used = placeholders.used_outside_brackets(data.get(name) or "")
            mp_only = sorted(placeholders.MP_ONLY & used)
            if mp_only:
                self.add_error(
                    name,
                    _(
                        "%(placeholders)s are filled in only in a letter to the supporter's "
                        "MP: tick “send to the supporter's MP”, or take them out."
                    )
                    % {"placeholders": ", ".join(f"{{{n}}}" for n in mp_only)},
                )
        return data

    def clean_cc_addresses(self) -> str:
        lines = [
            line.strip() for line in self.cleaned_data["cc_addresses"].splitlines() if line.strip()
        ]
        bad = []
        for line in lines:
            try:
                validate_email(line)
            except ValidationError:
                bad.append(line)
        if bad:
            raise ValidationError(
                _("Not valid email addresses: %(addresses)s. Put one address per line."),
                params={"addresses": ", ".join(bad)},
            )
        return "\n".join(dict.fromkeys(lines))


class LetterTemplateFormSet(forms.BaseInlineFormSet):
    """The campaign's model letters: a letter campaign going live needs one."""

    def clean(self):
        super().clean()
        campaign = self.instance
        going_live = campaign.status in (Campaign.Status.PUBLISHED, Campaign.Status.SCHEDULED)
        if not going_live:
            return
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]
        if not kept and campaign.kind == Campaign.Kind.LETTER:
            raise ValidationError(
                _("Add a model letter before publishing or scheduling a letter campaign.")
            )
        # Supporters write in the languages the campaign is offered in.
        for form in kept:
            data = getattr(form, "cleaned_data", {})
            for code in campaign.languages_offered():
                for name in ("subject", "body"):
                    key = f"{name}_{code}"
                    if key in form.fields and not (data.get(key) or "").strip():
                        form.add_error(
                            key,
                            _(
                                "The campaign is offered in this language: "
                                "write the letter in it too."
                            ),
                        )


class TargetImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: name, email (required), title, salutation, postal_address, party, "
            "riding (number or name). The first line holds the column names."
        ),
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 2 MB."))
        return upload.read()


class CoSignRequestForm(AntiBotMixin, CleanTextMixin, forms.Form):
    multiline_fields = ()
    name_fields = ("name", "contact_name")

    name = forms.CharField(label=_("Organization"), max_length=200)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = SupporterEmailField(label=_("Email"))
    url = forms.URLField(label=_("Website (optional)"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        # Its own ids: it shares the statement page with the letter form.
        kwargs.setdefault("auto_id", "cosign_%s")
        super().__init__(*args, **kwargs)
