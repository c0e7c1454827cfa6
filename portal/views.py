from django.shortcuts import render

from organizations.models import Organization
from trips.selectors import trip_list_public


def home(request):
    """Explains the portal and lists the soonest open trips of verified organizations."""
    trips = trip_list_public()[:12]
    return render(
        request,
        "home.html",
        {"trips": trips, "organization_count": Organization.objects.verified().count()},
    )
