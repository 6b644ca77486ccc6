from django import template
from django.utils.safestring import mark_safe

from campaigns.sanitize import clean_html

register = template.Library()


@register.filter
def sanitized(value: str) -> str:
    """Staff HTML, cleaned again at render time (it was cleaned when saved too)."""
    return mark_safe(clean_html(value))  # noqa: S308 - nh3 output is safe by construction


@register.filter
def letter_counts(campaign) -> str:
    """The letters the site sent and those sent from supporters' own email, apart."""
    from campaigns.views import counts_label

    return counts_label(sent=campaign.sent_count, own_mail=campaign.own_mail_count)
