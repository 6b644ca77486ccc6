from django.contrib import admin

from .models import Campaign, LetterTemplate, Riding, Target


class LetterTemplateInline(admin.StackedInline):
    model = LetterTemplate
    extra = 0
    filter_horizontal = ["targets"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "urgent", "letter_count", "last_letter_at"]
    list_filter = ["status", "urgent", "kind"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LetterTemplateInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "email", "party", "riding", "bounced_at"]
    list_filter = ["party"]
    search_fields = ["name", "email", "title", "riding__name"]
    autocomplete_fields = ["riding"]


@admin.register(Riding)
class RidingAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "province"]
    list_filter = ["province"]
    search_fields = ["name", "name_fr", "code"]
