from django.urls import path

from . import views

app_name = "digest"
urlpatterns = [
    path("digest/", views.subscriber_signup, name="signup"),
    path("digest/check-your-email/", views.subscriber_sent, name="sent"),
    path("digest/confirm/<str:token>/", views.subscriber_confirm, name="confirm"),
    path("digest/unsubscribe/<str:token>/", views.subscriber_unsubscribe, name="unsubscribe"),
    path("digest/subscribers.csv", views.subscriber_export, name="export"),
]
