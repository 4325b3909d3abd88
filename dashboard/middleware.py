"""Chinese first: the language comes from the user's own choice, never from the browser's locale.
And one reading per request of what the pages share (`dashboard.reading`)."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from dashboard import reading


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the language switch (its cookie) chose English.

    Django's LocaleMiddleware follows Accept-Language, so a health-bureau officer on a browser
    installed in English would get English pages; the product's readers read Chinese.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        patch_vary_headers(response, ("Cookie",))
        return response


class OneReadingPerRequest:
    """A GET or HEAD request changes no figure: within it the data version, the coverage state
    and the region tree are read once, however many parts of the page ask."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with reading.one_reading():
            return self.get_response(request)
