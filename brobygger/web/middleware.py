"""Danish first: the interface is Danish unless the visitor chose another language with the
switcher, or, on a page a citizen reaches, their browser asks for one of the citizen languages.

Django's LocaleMiddleware would follow the browser's Accept-Language everywhere, which would show
an English-configured browser in a Danish municipality an English site, and staff an Arabic one.
Here (``core.languages.page_language``) the visitor's explicit choice (the language cookie set by
``set_language``) always wins; without one, staff pages are Danish, and citizen pages
(``core.languages.CITIZEN_PAGES``) honour Accept-Language for Arabic, Turkish, Somali and
Ukrainian, so a phone set to Arabic opens the activities in Arabic.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from brobygger.core.languages import is_citizen_page, page_language


class DanishFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.citizen_page = is_citizen_page(request.path_info)
        language = page_language(
            cookie=request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
            accept_language=request.headers.get("Accept-Language", ""),
            citizen_page=request.citizen_page,
        )
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


class PermissionsPolicyMiddleware:
    """Send ``settings.PERMISSIONS_POLICY``: no page of ours needs powerful browser features."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response
