"""The site's URLs plus /bench/hello, the baseline the campaign page is measured against."""

from django.http import HttpResponse
from django.urls import path

from advocacy.urls import urlpatterns as site_urlpatterns


def hello(request):
    """The least a Django view can do, through the same middleware as every page."""
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("bench/hello", hello), *site_urlpatterns]
