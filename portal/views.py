import sys

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme

from organizations.models import Organization
from trips.selectors import trip_list_public

from .middleware import connection_lost, outage_response


def home(request):
    """Explains the portal and lists the soonest open trips of verified organizations."""
    trips = trip_list_public()[:12]
    return render(
        request,
        "home.html",
        {"trips": trips, "organization_count": Organization.objects.verified().count()},
    )


def server_error(request):
    """The 500 page, except for a database that went away outside any view (saving the
    session, say), which the middleware cannot see: that still gets the outage page."""
    if connection_lost(sys.exc_info()[1]):
        return outage_response()
    # Rendered without the request, so no context processor runs and nothing reads the
    # database: the error may have come from it.
    return HttpResponseServerError(render_to_string("500.html"))


def csrf_failure(request, reason=""):
    """A form refused by the CSRF check (an expired session, blocked cookies): our page,
    with a link back to the form when the browser said where it came from."""
    referer = request.META.get("HTTP_REFERER", "")
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return render(request, "403_csrf.html", {"form_page": referer if safe else ""}, status=403)
