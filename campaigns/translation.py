"""What staff write in both languages (django-modeltranslation): each field below gets an
English and a French column (title_en, title_fr) edited side by side in the admin.
Reading `campaign.title` gives the current language's, falling back to the other."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Achievement,
    AchievementLink,
    Campaign,
    CoSigner,
    LetterTemplate,
    Organization,
    SiteAppeal,
    Target,
)


@register(Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ("title", "summary", "story", "result", "action_title", "appeal_text", "hero_alt")


@register(LetterTemplate)
class LetterTemplateTranslation(TranslationOptions):
    fields = ("subject", "body")


@register(Target)
class TargetTranslation(TranslationOptions):
    fields = ("title", "salutation")


@register(CoSigner)
class CoSignerTranslation(TranslationOptions):
    fields = ("name", "logo_alt")


@register(Achievement)
class AchievementTranslation(TranslationOptions):
    fields = ("date_label", "title", "body")


@register(AchievementLink)
class AchievementLinkTranslation(TranslationOptions):
    fields = ("title",)


@register(SiteAppeal)
class SiteAppealTranslation(TranslationOptions):
    fields = ("title", "text")
    # The title's default ("Since you're here…") is a real title, not a blank to fill
    # from the other language.
    fallback_undefined = {"title": ""}


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    # The contact email is the same in both languages; a French contact page may differ.
    fields = ("full_name", "short_name", "mailing_address", "contact_url", "privacy_officer")
