from django.urls import path

from . import views

app_name = "letters"
urlpatterns = [
    path("campaigns/<slug:slug>/review/", views.letter_review, name="review"),
    path("campaigns/<slug:slug>/send/", views.letter_send, name="send"),
    path("campaigns/<slug:slug>/own-email/", views.letter_own_client, name="own_client"),
    path("letters/<uuid:public_id>/thanks/", views.letter_thanks, name="thanks"),
    path("letters/<uuid:public_id>/", views.letter_status, name="status"),
    path("letters/<uuid:public_id>/print/", views.letter_print, name="print"),
]
