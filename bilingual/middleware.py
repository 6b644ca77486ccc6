"""Languages from the address, and old addresses sent to the visitor's language."""

from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from .addresses import translate_path


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with the redirect of old addresses made ours.

    Before the site was bilingual, pages lived at /campaigns/<slug>/ and so on, and
    those links are on social media and in sent emails. Such an address has no page
    of its own now; it answers with a redirect to the same page in the visitor's
    language (the language cookie, else Accept-Language, else English), with the
    campaign's French slug on the French side. The redirect varies by visitor, so it
    is marked private: no shared cache may keep one visitor's redirect for another.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and not translation.get_language_from_path(
            request.path_info
        ):
            target = self.old_address_target(request)
            if target:
                redirect = HttpResponseRedirect(target)
                patch_vary_headers(redirect, ("Accept-Language", "Cookie"))
                patch_cache_control(redirect, private=True, max_age=0)
                redirect.headers.setdefault("Content-Language", translation.get_language())
                return redirect
        return super().process_response(request, response)

    def old_address_target(self, request) -> str | None:
        language = translation.get_language()
        # Old addresses were English ones: read them as such, then translate.
        for path in (f"/en{request.path_info}", f"/en{request.path_info}/"):
            found = translate_path(path, language)
            if found:
                query = request.META.get("QUERY_STRING", "")
                return f"{found}?{query}" if query else found
        return None
