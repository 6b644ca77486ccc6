from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        # Connects the invalidation signals: the page cache's and the identity's.
        from . import cache, identity  # noqa: F401
