from rest_framework.renderers import JSONRenderer


class HalJSONRenderer(JSONRenderer):
    """OSDI's media type; clients that ask for application/json get the same JSON."""

    media_type = "application/hal+json"
