from django.utils import translation


class UserLanguageMiddleware:
    """A signed-in person reads the portal in the language saved on their account, whatever the
    browser sends; anonymous visitors keep LocaleMiddleware's choice (their menu choice in the
    language cookie, then Accept-Language, then English). Placed after LocaleMiddleware and
    authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
