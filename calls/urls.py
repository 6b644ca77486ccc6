from django.urls import path

from . import views

app_name = "calls"
urlpatterns = [
    path("campaigns/<slug:slug>/call/", views.call_page, name="page"),
    path("campaigns/<slug:slug>/call/outcome/", views.call_record, name="record"),
]
