"""Response headers Django has no setting for."""

import secrets

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header: our own origin only, no inline script.

    The admin's rich-text editor (Trix) injects a <style> element; it carries the
    request's nonce (read from <meta name="trix-csp-nonce">, see admin/base_site.html),
    so the admin's policy allows that one element and still no inline script.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if request.path.startswith("/admin/"):
            policy = settings.CONTENT_SECURITY_POLICY_ADMIN.format(nonce=request.csp_nonce)
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
