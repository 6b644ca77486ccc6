from django.urls import path

from . import views

app_name = "letters"
urlpatterns = [
    path("campaigns/<slug:slug>/review/", views.letter_review, name="review"),
    path("campaigns/<slug:slug>/send/", views.letter_send, name="send"),
    path("campaigns/<slug:slug>/own-email/", views.letter_own_client, name="own_client"),
    path("letters/<uuid:public_id>/thanks/", views.letter_thanks, name="thanks"),
    # The embeddable action (letters/embed.py): the same steps, frameable, cookie-free.
    path("campaigns/<slug:slug>/embed/", views.letter_embed, name="embed"),
    path(
        "campaigns/<slug:slug>/embed/review/",
        views.letter_review,
        {"embed": True},
        name="embed_review",
    ),
    path("campaigns/<slug:slug>/embed/send/", views.letter_embed_send, name="embed_send"),
    path(
        "campaigns/<slug:slug>/embed/own-email/",
        views.letter_embed_own_client,
        name="embed_own_client",
    ),
    path("letters/<uuid:public_id>/embed-thanks/", views.letter_embed_thanks, name="embed_thanks"),
    path("letters/<uuid:public_id>/", views.letter_status, name="status"),
    path("letters/confirm/<str:token>/", views.letter_confirm, name="confirm"),
    path("letters/<uuid:public_id>/print/", views.letter_print, name="print"),
]
