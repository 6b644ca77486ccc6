from django.urls import path

from . import views

app_name = "replies"
urlpatterns = [
    path("replies/<str:token>/", views.questionnaire_answer, name="answer"),
    path("targets/<int:pk>/", views.target_detail, name="target"),
]
