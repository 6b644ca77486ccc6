"""Deployment checks for sending letters (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_webhook_secret(app_configs, **kwargs):
    """An HTTP provider without a webhook secret: tracking is off, deliveries stay 'sent'."""
    if settings.EMAIL_PROVIDER and not settings.ANYMAIL.get("WEBHOOK_SECRET"):
        return [
            Warning(
                "ANYMAIL_WEBHOOK_SECRET is empty: the provider's tracking webhook is not "
                "mounted, so no delivery will ever show as delivered, bounced or complained.",
                hint="Set ANYMAIL_WEBHOOK_SECRET to user:password and give Postmark "
                "https://user:password@<site>/anymail/postmark/tracking/.",
                id="letters.W001",
            )
        ]
    return []
