from django.http import Http404
from django.shortcuts import render
from django_filters.views import FilterView

from .filters import TripFilter
from .models import Trip
from .selectors import trip_detail as select_trip_detail
from .selectors import trip_list_public, trip_visible_to


class TripSearchView(FilterView):
    """Search open trips; the filter state lives in the URL so searches can be shared."""

    filterset_class = TripFilter
    template_name = "trips/trip_list.html"
    context_object_name = "trips"
    paginate_by = 20

    def get_queryset(self):
        return trip_list_public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


def trip_detail(request, pk):
    try:
        trip = select_trip_detail(pk=pk)
    except Trip.DoesNotExist:
        raise Http404
    # Hidden trips answer 404, not 403: their existence is not public either.
    if not trip_visible_to(user=request.user, trip=trip):
        raise Http404
    return render(request, "trips/trip_detail.html", {"trip": trip, "organization": trip.organization})
