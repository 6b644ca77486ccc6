"""Writes on campaigns."""

from django.conf import settings
from django.core.mail import mail_managers
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Campaign, CoSigner


@transaction.atomic
def advance_schedule(*, now=None) -> int:
    """Publish scheduled campaigns whose time has come and close those past their end."""
    now = now or timezone.now()
    published = Campaign.objects.filter(
        status=Campaign.Status.SCHEDULED, publish_at__lte=now
    ).update(status=Campaign.Status.PUBLISHED, updated_at=now)
    closed = Campaign.objects.filter(status=Campaign.Status.PUBLISHED, close_at__lte=now).update(
        status=Campaign.Status.CLOSED, updated_at=now
    )
    return published + closed


class NotAStatement(Exception):
    """Only a joint statement takes co-signers."""


@transaction.atomic
def request_cosign(
    campaign: Campaign,
    *,
    name: str,
    contact_name: str,
    contact_email: str,
    url: str = "",
    now=None,
) -> CoSigner:
    """Record an organization's request to co-sign a statement, for staff to decide."""
    if campaign.kind != Campaign.Kind.STATEMENT:
        raise NotAStatement
    cosigner = CoSigner.objects.create(
        campaign=campaign,
        name=name,
        url=url,
        contact_name=contact_name,
        contact_email=contact_email,
        status=CoSigner.Status.REQUESTED,
        requested_at=now or timezone.now(),
        position=_next_position(campaign),
    )
    transaction.on_commit(lambda: notify_staff_of_request(cosigner.pk), robust=True)
    return cosigner


def notify_staff_of_request(cosigner_id: int) -> None:
    """Tell the MANAGERS a request waits in the admin (nothing when none are set)."""
    cosigner = CoSigner.objects.select_related("campaign").get(pk=cosigner_id)
    admin_url = settings.SITE_URL + reverse("admin:campaigns_cosigner_change", args=[cosigner.pk])
    mail_managers(
        _("Co-signing request: %(org)s") % {"org": cosigner.name},
        render_to_string("campaigns/email/cosigner_request.txt", {"cosigner": cosigner,
                                                                  "admin_url": admin_url}),
        fail_silently=True,
    )  # fmt: skip


def _next_position(campaign: Campaign) -> int:
    last = campaign.cosigners.aggregate(m=Max("position"))["m"]
    return 0 if last is None else last + 1


@transaction.atomic
def decide_cosigners(cosigners, *, approve: bool, now=None) -> int:
    """Approve or decline co-signers (a queryset); returns how many changed."""
    status = CoSigner.Status.APPROVED if approve else CoSigner.Status.DECLINED
    return cosigners.exclude(status=status).update(status=status, decided_at=now or timezone.now())
