from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("campaigns/counts.json", views.campaign_counts, name="campaign-counts"),
]
