from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("letters.urls")),
    path("reports/", include("reports.urls")),
    path("api/", include("reports.api_urls")),
    path("", include("campaigns.urls")),
    path("", include("digest.urls")),
]

# Provider tracking webhooks (anymail/postmark/tracking/), mounted only with a
# secret: anymail would otherwise accept unauthenticated posts with a warning.
if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    urlpatterns += [path("anymail/", include("anymail.urls"))]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
