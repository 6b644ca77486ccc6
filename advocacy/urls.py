from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from digest import views as digest_views
from privacy import views as privacy_views

from . import views

# Addresses without a language: staff screens, machines' endpoints, and the one-click
# unsubscribe links of emails already sent (mail programs POST to them, and a POST
# does not survive a redirect). Every other old address is redirected to its page in
# the visitor's language by bilingual.middleware.LanguageMiddleware.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    re_path(r"^media/(?P<path>.+)$", views.media, name="media"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("api.urls")),
    path("api/", include("reports.api_urls")),
    path("privacy/unsubscribe/<str:token>/", privacy_views.privacy_unsubscribe),
    path("digest/unsubscribe/<str:token>/", digest_views.subscriber_unsubscribe),
]

# The public site and organizers' reports: /en/… and /fr/…
urlpatterns += i18n_patterns(
    path("", include("privacy.urls")),
    path("", include("letters.urls")),
    path("reports/", include("reports.urls")),
    path("partners/", include("partners.urls")),
    path("", include("campaigns.urls")),
    path("", include("digest.urls")),
    path("", include("replies.urls")),
    path("", include("calls.urls")),
)

# Branded error pages: 404.html through Django's own view; the 500 page without the database.
handler500 = "advocacy.views.server_error"

# Provider tracking webhooks (anymail/postmark/tracking/), mounted only with a
# secret: anymail would otherwise accept unauthenticated posts with a warning.
if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    urlpatterns += [path("anymail/", include("anymail.urls"))]
