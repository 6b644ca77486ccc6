from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.privacy_page, name="page"),
    path("privacy/erase/<str:token>/", views.privacy_erase, name="erase"),
    path("privacy/unsubscribe/<str:token>/", views.privacy_unsubscribe, name="unsubscribe"),
    path("privacy/access/<str:token>/", views.privacy_access, name="access"),
    path("privacy/report/<str:token>/", views.privacy_report, name="report"),
    path("privacy/report/<str:token>/erase/", views.privacy_report_erase, name="report_erase"),
    path("privacy/report/<str:token>/data.json", views.privacy_report_json, name="report_json"),
]
