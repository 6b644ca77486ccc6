from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from advocacy.links import absolute_url

from .identity import identity
from .models import Campaign


class CampaignFeed(Feed):
    """Published campaigns, newest first, as Atom."""

    feed_type = Atom1Feed
    subtitle = _("Letters to write and statements to stand behind.")

    def title(self):
        return _("%(org)s: take action") % {"org": identity().short_name}

    # Links at the site's public address, not the host the feed reader asked.
    def link(self):
        return absolute_url(reverse("campaigns:home"))

    def feed_url(self):
        return absolute_url(reverse("campaigns:feed"))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def author_name(self):
        # Atom wants an author; the organization speaks for every campaign.
        return identity().full_name

    def items(self):
        # Each language's feed lists the campaigns offered in it.
        return (
            Campaign.objects.live()
            .offered_in(get_language())
            .order_by("-publish_at", "-created_at")[:30]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display()]
