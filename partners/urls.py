from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("login/", views.partner_login, name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="partners:login"), name="logout"),
    path("", views.partner_home, name="home"),
    path("<slug:slug>/", views.partner_detail, name="detail"),
    path("<slug:slug>/supporters.csv", views.partner_export, name="export"),
]
