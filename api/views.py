"""The read API: an OSDI entry point and three collections, each behind a scope."""

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from campaigns.models import Campaign
from letters.models import Delivery, Letter
from partners.models import PartnerConsent

from . import services
from .models import ApiKey
from .pagination import page
from .permissions import AnyKey, HasScope
from .serializers import (
    CURIES,
    AdvocacyCampaignSerializer,
    OutreachSerializer,
    PersonSerializer,
    link,
    page_serializer,
)

Scope = ApiKey.Scope

LIST_PARAMETERS = [
    OpenApiParameter("per_page", int, description="Rows a page, 1 to 100 (25)."),
    OpenApiParameter(
        "filter",
        str,
        description="OSDI's modified_date filter: modified_date gt '2026-01-31T00:00:00Z' (or lt).",
    ),
    OpenApiParameter(
        "after", str, description="A cursor from a `next` or `resume` link; never built by hand."
    ),
]


def scoped(scope: str):
    """The view needs this scope of the key."""

    def decorate(view):
        view.cls.scope = scope
        view.cls.permission_classes = [HasScope]
        return view

    return decorate


def _collection(request, rel: str, serializer, rows) -> Response:
    items, paging = page(request, rows)
    data = serializer(items, many=True, context={"request": request}).data
    links = paging["links"]
    if "_links" in serializer().fields:  # people have no address of their own
        links[f"osdi:{rel}"] = [item["_links"]["self"] for item in data]
    links["curies"] = CURIES
    return Response(
        {"per_page": paging["per_page"], "_links": links, "_embedded": {f"osdi:{rel}": data}}
    )


@extend_schema(
    summary="Entry point: links to what this key may read",
    operation_id="entry_point",
    responses={200: OpenApiTypes.OBJECT},
)
@api_view(["GET"])
@permission_classes([AnyKey])
def entry_point(request):
    key: ApiKey = request.auth
    links = {"self": link(request, "api_v1:entry-point"), "curies": CURIES}
    available = {
        Scope.COUNTS: ("osdi:advocacy_campaigns", "api_v1:advocacy-campaigns"),
        Scope.LETTERS: ("osdi:outreaches", "api_v1:outreaches"),
        Scope.PEOPLE: ("osdi:people", "api_v1:people"),
    }
    for scope, (rel, name) in available.items():
        if scope in key.scopes():
            links[rel] = link(request, name)
    links["docs"] = link(request, "api_v1:reference")
    return Response(
        {
            "motd": _("Letters and supporters of %(org)s, in OSDI's shapes.")
            % {"org": settings.ORG_NAME},
            "vendor_name": "advocacy",
            "product_name": "advocacy",
            "osdi_version": "1.1",
            "_links": links,
        }
    )


def _campaigns():
    return (
        Campaign.objects.live()
        .annotate(modified_at=F("updated_at"))
        .prefetch_related("letter_templates__targets")
    )


@extend_schema(
    summary="Advocacy campaigns, with their targets and letter counts",
    operation_id="advocacy_campaigns_list",
    parameters=LIST_PARAMETERS,
    responses=page_serializer(
        "AdvocacyCampaigns", "osdi:advocacy_campaigns", AdvocacyCampaignSerializer
    ),
)
@scoped(Scope.COUNTS)
@api_view(["GET"])
def advocacy_campaigns(request):
    return _collection(request, "advocacy_campaigns", AdvocacyCampaignSerializer, _campaigns())


@extend_schema(
    summary="One advocacy campaign",
    operation_id="advocacy_campaign",
    responses=AdvocacyCampaignSerializer,
)
@scoped(Scope.COUNTS)
@api_view(["GET"])
def advocacy_campaign(request, pk: int):
    campaign = get_object_or_404(_campaigns(), pk=pk)
    return Response(AdvocacyCampaignSerializer(campaign, context={"request": request}).data)


def _letters(key: ApiKey):
    """The letters a key may see: a partner's, only those shared with it."""
    letters = Letter.objects.filter(is_test=False)
    consents = PartnerConsent.objects.select_related("partner")
    if key.partner_id is not None:
        letters = letters.filter(partner_consents__partner_id=key.partner_id)
        consents = consents.filter(partner_id=key.partner_id)
    return letters, consents


def _outreaches(key: ApiKey):
    letters, consents = _letters(key)
    return letters.prefetch_related(
        Prefetch(
            "deliveries",
            queryset=Delivery.objects.filter(kind=Delivery.Kind.TO, target__isnull=False)
            .select_related("target")
            .order_by("id"),
            to_attr="target_deliveries",
        ),
        Prefetch("partner_consents", queryset=consents, to_attr="shown_consents"),
    )


@extend_schema(
    summary="Outreaches: letters, with each target's delivery state",
    operation_id="outreaches_list",
    parameters=[
        *LIST_PARAMETERS,
        OpenApiParameter("campaign", int, description="Only this advocacy campaign's letters."),
    ],
    responses=page_serializer("Outreaches", "osdi:outreaches", OutreachSerializer),
)
@scoped(Scope.LETTERS)
@api_view(["GET"])
def outreaches(request):
    rows = _outreaches(request.auth)
    campaign = request.query_params.get("campaign", "")
    if campaign:
        if not campaign.isdigit():
            return Response({"detail": _("campaign must be a campaign's number.")}, status=400)
        rows = rows.filter(campaign_id=int(campaign))
    return _collection(request, "outreaches", OutreachSerializer, rows)


@extend_schema(summary="One outreach", operation_id="outreach", responses=OutreachSerializer)
@scoped(Scope.LETTERS)
@api_view(["GET"])
def outreach(request, public_id):
    letter = get_object_or_404(_outreaches(request.auth), public_id=public_id)
    return Response(OutreachSerializer(letter, context={"request": request}).data)


def _people(key: ApiKey):
    """One row per supporter (by email, whatever its case): their latest letter this
    key may see that still holds their details."""
    letters, consents = _letters(key)
    letters = letters.filter(state__in=Letter.COUNTED_STATES, email__isnull=False)
    newer = letters.filter(email_index=OuterRef("email_index"), pk__gt=OuterRef("pk"))
    if key.partner_id is None:
        consents = consents.none()  # the organization's own key: its news consent applies
    return letters.exclude(Exists(newer)).prefetch_related(
        Prefetch("partner_consents", queryset=consents, to_attr="shown_consents")
    )


@extend_schema(
    summary="People: supporters' names, emails and postal codes (personal data, logged)",
    operation_id="people_list",
    parameters=LIST_PARAMETERS,
    responses=page_serializer("People", "osdi:people", PersonSerializer),
)
@scoped(Scope.PEOPLE)
@api_view(["GET"])
def people(request):
    response = _collection(request, "people", PersonSerializer, _people(request.auth))
    rows = len(response.data["_embedded"]["osdi:people"])
    services.record_people_read(request.auth, rows=rows)
    return response


def reference(request):
    """The reference page: the OpenAPI document, for people to read."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return render(request, "api/reference.html", {"schema": schema})
