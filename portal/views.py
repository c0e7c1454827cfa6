import sys

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string

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
    # Standalone, like the outage page: the error may have come from the database.
    return HttpResponseServerError(render_to_string("500.html"))
