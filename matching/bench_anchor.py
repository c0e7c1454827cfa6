"""The benchmark's anchor: a truly plain page to measure "My matches" against.

A `ListView` of open trips with their organization, 20 a page, rendered by a minimal
template (and once more inside base.html, to show what the site's frame costs). Served
only by this URLconf, which `bench_matching` runs with (ROOT_URLCONF): the list ignores
vetting, so it must never be part of the site."""

from django.urls import include, path
from django.views.generic import ListView

from trips.models import Trip, TripStatus


class PlainTripList(ListView):
    queryset = Trip.objects.select_related("organization").filter(status=TripStatus.OPEN)
    paginate_by = 20
    template_name = "bench/plain_trip_list.html"


class PlainTripListInBase(PlainTripList):
    template_name = "bench/plain_trip_list_in_base.html"


urlpatterns = [
    path("bench/plain-trips/", PlainTripList.as_view(), name="bench-plain-trips"),
    path("bench/plain-trips-in-base/", PlainTripListInBase.as_view(), name="bench-plain-trips-in-base"),
    path("", include("portal.urls")),
]
