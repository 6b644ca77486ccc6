from django.urls import path

from . import feeds, views

app_name = "campaigns"
urlpatterns = [
    path("", views.home, name="home"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="detail"),
    path("campaigns/<slug:slug>/count/", views.campaign_count, name="count"),
    path("preview/<str:token>/", views.campaign_preview, name="preview"),
    path("campaigns/<slug:slug>/cosign/", views.cosigner_request, name="cosign"),
    path("campaigns/<slug:slug>/print/", views.statement_print, name="statement_print"),
    path("campaigns/<slug:slug>/statement.pdf", views.statement_pdf, name="statement_pdf"),
    path("achievements/", views.achievement_list, name="achievements"),
    path("feed/campaigns.atom", feeds.CampaignFeed(), name="feed"),
]
