"""What the project's logs of staff actions share (exports, views of personal data,
recipient changes): who did it, kept even when the account is deleted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffLog(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept when the account is deleted: the log must still say who it was.
    username = models.CharField(_("username"), max_length=150, blank=True)

    class Meta:
        abstract = True

    @staticmethod
    def by(user) -> dict:
        """The user and username fields for whoever did it (none: a command)."""
        if user is None or not user.is_authenticated:
            return {"user": None, "username": ""}
        return {"user": user, "username": user.get_username()}
