from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from campaigns.cache import bump_version

from .models import Reply


@receiver(post_save, sender=Reply)
@receiver(post_delete, sender=Reply)
def _reply_changed(sender, **kwargs):
    # The response wall is on cached campaign and target pages: an approval, an edit
    # or an erasure shows at once.
    bump_version()
