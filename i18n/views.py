"""Choosing the portal's language: the menu's one-click forms (on every page, no JavaScript)
and the account's language page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.services import user_language_set

from .forms import LanguageForm


@require_POST
def language_set(request):
    """Save the chosen language (on the account when signed in, in the language cookie either
    way, so it survives signing out) and go back to the page the menu was on. CSRF-protected
    like every POST; a bad code is a 400 with the form's error."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return render(request, "i18n/language.html", {"form": form}, status=400)
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=language)
    response = HttpResponseRedirect(_safe_next(request, form.cleaned_data["next"]))
    _remember(response, language)
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_language(request):
    """The account's language page: the same preference as the menu, with its explanation."""
    form = LanguageForm(request.POST or None, initial={"language": request.user.language})
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "i18n/language.html", {"form": form}, status=400)
        language = form.cleaned_data["language"]
        user_language_set(user=request.user, language=language)
        with translation.override(language):
            messages.success(request, _("Saved: the portal and your emails are now in this language."))
        response = redirect("i18n:account-language")
        _remember(response, language)
        return response
    return render(request, "i18n/language.html", {"form": form})


def _safe_next(request, next_url):
    """Only a path on this site: an absolute URL elsewhere (or a scheme trick) goes home."""
    next_url = next_url or request.headers.get("referer", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return next_url
    return reverse("home")


def _remember(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
