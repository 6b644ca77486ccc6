"""The call script in English and French (django-modeltranslation): text_en, text_fr."""

from modeltranslation.translator import TranslationOptions, register

from .models import CallScript


@register(CallScript)
class CallScriptTranslation(TranslationOptions):
    fields = ("text",)
