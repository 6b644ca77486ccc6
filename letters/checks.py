"""Deployment checks for sending letters (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

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


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """A public address on this machine: every link in every email would lead nowhere."""
    if urlsplit(settings.SITE_URL).hostname in ("127.0.0.1", "localhost", "::1"):
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL}: links in emails, share links and feeds "
                "point to this machine.",
                hint="Set SITE_URL to the site's public address, e.g. https://action.example.org.",
                id="letters.W002",
            )
        ]
    return []
