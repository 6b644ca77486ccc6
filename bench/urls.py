"""The site's URLs plus /bench/hello, the baseline the campaign page is measured against,
and /bench/plain-supporters.csv, the supporter list as it was exported before encryption
(bench/before.py), the baseline of the encrypted one."""

from django.http import HttpResponse, StreamingHttpResponse
from django.urls import path

from advocacy.urls import urlpatterns as site_urlpatterns
from bench import before


def hello(request):
    """The least a Django view can do, through the same middleware as every page."""
    return HttpResponse("hello", content_type="text/plain")


def plain_supporters(request):
    """The old export's path over the plain copy (loopback only: the bench's server)."""
    campaign_id = int(request.GET["campaign"])
    return StreamingHttpResponse(before.stream(campaign_id), content_type="text/csv; charset=utf-8")


urlpatterns = [
    path("bench/hello", hello),
    path("bench/plain-supporters.csv", plain_supporters),
    *site_urlpatterns,
]
