from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from . import views

app_name = "api_v1"
urlpatterns = [
    path("", views.entry_point, name="entry-point"),
    path("advocacy_campaigns/", views.advocacy_campaigns, name="advocacy-campaigns"),
    path("advocacy_campaigns/<int:pk>/", views.advocacy_campaign, name="advocacy-campaign"),
    path("outreaches/", views.outreaches, name="outreaches"),
    path("outreaches/<uuid:public_id>/", views.outreach, name="outreach"),
    path("people/", views.people, name="people"),
    # The OpenAPI document and its reference page are public: they describe, never show data.
    path(
        "openapi.json",
        SpectacularJSONAPIView.as_view(authentication_classes=[], permission_classes=[]),
        name="schema",
    ),
    path("reference/", views.reference, name="reference"),
]
