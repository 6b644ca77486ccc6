from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("export.csv", views.export_csv, name="export"),
    path("campaigns/<slug:slug>/", views.report_campaign, name="campaign"),
    path("campaigns/<slug:slug>/supporters.csv", views.supporters_csv, name="supporters"),
]
