"""The trip a visitor set out to apply to, kept in their session while they sign up, confirm
their email and fill in their profile (a `?next=` alone is lost at the confirmation link)."""

from django.urls import reverse

from trips.models import Trip

SESSION_KEY = "trip_to_apply"


def trip_to_apply_remember(*, request, trip):
    request.session[SESSION_KEY] = trip.pk


def trip_to_apply(*, request):
    """The remembered trip while it still takes applications, else None (and it is forgotten)."""
    pk = request.session.get(SESSION_KEY)
    if pk is None:
        return None
    trip = Trip.objects.accepting_applications().filter(pk=pk).only("pk", "title").first()
    if trip is None:
        request.session.pop(SESSION_KEY, None)
    return trip


def trip_to_apply_forget(*, request):
    request.session.pop(SESSION_KEY, None)


def apply_url(trip):
    """The trip page's apply form."""
    return reverse("trips:detail", args=[trip.pk]) + "#apply"
