"""The WSGI entry gunicorn serves during `make bench`: the site's application with the
bench's URL module (bench/settings.py), so /bench/hello runs in the same processes,
middleware and configuration as the campaign page. Production URLs are untouched."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
application = get_wsgi_application()
