"""OSDI's shapes (https://opensupporter.github.io/osdi-docs/): advocacy campaigns,
outreaches (our letters) and people (our supporters), as HAL+JSON resources.

The item serializers write the responses; the page serializers only describe the
collection pages for the OpenAPI document (views.py builds the pages)."""

import hashlib
import hmac
from datetime import UTC

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from letters.models import Delivery, Letter
from letters.services import deliveries_of

CURIES = [
    {"name": "osdi", "href": "https://opensupporter.github.io/osdi-docs/{rel}", "templated": True}
]


def link(request, url_name: str, *args, query: str = "") -> dict:
    url = request.build_absolute_uri(reverse(url_name, args=args))
    return {"href": f"{url}?{query}" if query else url}


def person_identifier(email: str) -> str:
    """A person's stable id: a keyed hash of their email (never the email itself),
    the same for every key and every letter they write."""
    digest = hmac.new(settings.SECRET_KEY.encode(), email.lower().encode(), hashlib.sha256)
    return f"advocacy:person-{digest.hexdigest()[:32]}"


class UTCDateTime(serializers.DateTimeField):
    """OSDI's dates: ISO 8601 in UTC, to the microsecond (the sync's filters compare them)."""

    def __init__(self, **kwargs):
        super().__init__(default_timezone=UTC, format="%Y-%m-%dT%H:%M:%S.%fZ", **kwargs)


class LinkSerializer(serializers.Serializer):
    href = serializers.URLField()


def links_shape(name: str, **fields) -> type[serializers.Serializer]:
    """A serializer describing a `_links` object (for the OpenAPI document)."""
    return type(f"{name}Links", (serializers.Serializer,), {"self": LinkSerializer(), **fields})


class TargetSerializer(serializers.Serializer):
    """One recipient of a letter, with its delivery state (ours, not OSDI's)."""

    title = serializers.CharField(source="target.title")
    given_name = serializers.SerializerMethodField()
    family_name = serializers.SerializerMethodField()
    delivery_state = serializers.ChoiceField(choices=Delivery.State.choices, source="state")

    def get_given_name(self, delivery) -> str:
        return delivery.target.name.rsplit(" ", 1)[0]

    def get_family_name(self, delivery) -> str:
        return delivery.target.name.rsplit(" ", 1)[-1]


class AdvocacyCampaignSerializer(serializers.Serializer):
    identifiers = serializers.SerializerMethodField()
    origin_system = serializers.SerializerMethodField()
    created_date = UTCDateTime(source="created_at")
    modified_date = UTCDateTime(source="updated_at")
    title = serializers.CharField()
    description = serializers.CharField(source="summary")
    browser_url = serializers.SerializerMethodField()
    total_outreaches = serializers.IntegerField(source="letter_count")
    status = serializers.CharField()
    targets = serializers.SerializerMethodField()
    _links = serializers.SerializerMethodField()

    def get_identifiers(self, campaign) -> list[str]:
        return [f"advocacy:campaign-{campaign.pk}"]

    def get_origin_system(self, campaign) -> str:
        return settings.ORG_NAME

    def get_browser_url(self, campaign) -> str:
        return f"{settings.SITE_URL}{campaign.get_absolute_url()}"

    @extend_schema_field(
        serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    )
    def get_targets(self, campaign) -> list[dict]:
        seen, targets = set(), []
        for template in campaign.letter_templates.all():
            for t in template.targets.all():
                if t.pk not in seen:
                    seen.add(t.pk)
                    targets.append({"title": t.title, "name": t.name})
        return targets

    @extend_schema_field(links_shape("AdvocacyCampaign", **{"osdi:outreaches": LinkSerializer()}))
    def get__links(self, campaign) -> dict:
        request = self.context["request"]
        return {
            "self": link(request, "api_v1:advocacy-campaign", campaign.pk),
            "osdi:outreaches": link(request, "api_v1:outreaches", query=f"campaign={campaign.pk}"),
        }


class OutreachSerializer(serializers.Serializer):
    identifiers = serializers.SerializerMethodField()
    origin_system = serializers.SerializerMethodField()
    created_date = UTCDateTime(source="created_at")
    modified_date = UTCDateTime(source="modified_at")
    type = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Letter.State.choices, source="state")
    language = serializers.CharField()
    targets = serializers.SerializerMethodField()
    referrer_data = serializers.SerializerMethodField()
    _links = serializers.SerializerMethodField()

    def get_identifiers(self, letter) -> list[str]:
        return [f"advocacy:{letter.public_id}"]

    @extend_schema_field(TargetSerializer(many=True))
    def get_targets(self, letter) -> list[dict]:
        deliveries = letter.target_deliveries
        if letter.awaiting_deliveries:
            # Stored a moment ago, its deliveries not created yet: the ones it will have.
            deliveries = [
                d for d in deliveries_of(letter) if d.kind == Delivery.Kind.TO and d.target_id
            ]
        return TargetSerializer(deliveries, many=True).data

    def get_origin_system(self, letter) -> str:
        return settings.ORG_NAME

    def get_type(self, letter) -> str:
        return "email"

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_referrer_data(self, letter) -> dict:
        # The partner whose link the supporter came through and agreed to be shared with.
        consents = letter.shown_consents
        return {"source": consents[0].partner.slug if consents else ""}

    @extend_schema_field(
        links_shape("Outreach", **{"osdi:advocacy_campaign": LinkSerializer(required=False)})
    )
    def get__links(self, letter) -> dict:
        request = self.context["request"]
        links = {"self": link(request, "api_v1:outreach", letter.public_id)}
        # Only links the key may follow: campaigns need the counts scope.
        if "counts" in request.auth.scopes():
            links["osdi:advocacy_campaign"] = link(
                request, "api_v1:advocacy-campaign", letter.campaign_id
            )
        return links


class EmailAddressSerializer(serializers.Serializer):
    address = serializers.EmailField()
    primary = serializers.BooleanField()
    status = serializers.ChoiceField(choices=["subscribed", "unsubscribed"])


class PostalAddressSerializer(serializers.Serializer):
    postal_code = serializers.CharField()
    locality = serializers.CharField()
    region = serializers.CharField()
    country = serializers.CharField()
    primary = serializers.BooleanField()


class PersonSerializer(serializers.Serializer):
    """A supporter, from their latest letter this key may see."""

    identifiers = serializers.SerializerMethodField()
    origin_system = serializers.SerializerMethodField()
    created_date = UTCDateTime(source="created_at")
    modified_date = UTCDateTime(source="modified_at")
    given_name = serializers.CharField(source="first_name")
    family_name = serializers.CharField(source="last_name")
    languages_spoken = serializers.SerializerMethodField()
    email_addresses = serializers.SerializerMethodField()
    postal_addresses = serializers.SerializerMethodField()
    custom_fields = serializers.SerializerMethodField()

    def get_identifiers(self, letter) -> list[str]:
        return [person_identifier(letter.email)]

    def get_origin_system(self, letter) -> str:
        return settings.ORG_NAME

    def get_languages_spoken(self, letter) -> list[str]:
        return [letter.language]

    @extend_schema_field(EmailAddressSerializer(many=True))
    def get_email_addresses(self, letter) -> list[dict]:
        if letter.shown_consents:  # a partner's key: they agreed to hear from the partner
            subscribed = True
        else:
            subscribed = letter.news_opt_in and letter.unsubscribed_at is None
        status = "subscribed" if subscribed else "unsubscribed"
        return [{"address": letter.email, "primary": True, "status": status}]

    @extend_schema_field(PostalAddressSerializer(many=True))
    def get_postal_addresses(self, letter) -> list[dict]:
        return [
            {
                "postal_code": letter.postal_code or "",
                "locality": letter.city,
                "region": letter.province,
                "country": "CA",
                "primary": True,
            }
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_custom_fields(self, letter) -> dict:
        """For a partner's key, the consent they gave: its words and time."""
        if not letter.shown_consents:
            return {}
        consent = letter.shown_consents[0]
        return {
            "consent_wording": consent.wording,
            "consented_at": consent.given_at.astimezone(UTC).isoformat(),
        }


def page_serializer(name: str, rel: str, item: type[serializers.Serializer]):
    """A collection page's shape, for the OpenAPI document."""
    links = links_shape(
        f"{name}Page",
        next=LinkSerializer(required=False),
        resume=LinkSerializer(),
        **{rel: LinkSerializer(many=True)},
    )
    embedded = type(f"{name}Embedded", (serializers.Serializer,), {rel: item(many=True)})
    return type(
        f"{name}Page",
        (serializers.Serializer,),
        {"per_page": serializers.IntegerField(), "_links": links(), "_embedded": embedded()},
    )
