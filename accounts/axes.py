"""How django-axes names the account a failed log-in was aimed at, and how it answers a lock-out."""

from axes.conf import settings
from axes.helpers import get_cool_off, get_cool_off_iso8601, get_failure_limit
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext


def login_identifier(request, credentials=None):
    """The email (or username) being tried, lower-cased.

    allauth authenticates with `email=`, not `username=`, so without this axes would see no
    account at all and lock the whole client address after a handful of failures on any accounts.
    """
    credentials = credentials or {}
    for key in ("email", "username", "login"):
        if credentials.get(key):
            return str(credentials[key]).strip().lower()
    value = request.POST.get("login", "") if request is not None and hasattr(request, "POST") else ""
    return value.strip().lower() or None


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer once an account+address pair is locked: the page for the log-in
    form, DRF's JSON error shape with 429 and Retry-After for the API's token endpoint."""
    cool_off = get_cool_off(request)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": gettext("Too many failed sign-ins for this account from your address. Try again later.")},
            status=settings.AXES_HTTP_RESPONSE_CODE,
        )
        if cool_off:
            response["Retry-After"] = str(int(cool_off.total_seconds()))
        return response
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": login_identifier(request, credentials) or "",
    }
    if cool_off:
        context.update({"cooloff_time": get_cool_off_iso8601(cool_off), "cooloff_timedelta": cool_off})
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
