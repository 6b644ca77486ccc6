"""A partner's name in English and French (django-modeltranslation), like campaigns'."""

from modeltranslation.translator import TranslationOptions, register

from .models import Partner


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name",)
