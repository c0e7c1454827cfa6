from django.http import Http404
from django.shortcuts import render
from django_filters.views import FilterView

from django.utils import timezone

from applications.forms import ApplyForm
from applications.selectors import active_application, apply_specialties
from matching.engine import Exclusion
from matching.selectors import (
    match_for_physician_and_trip,
    organization_indices,
    organization_watch_outs_for,
    signed_in_physician,
)

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
    sustainability, education = organization_indices(trip.organization)
    context = {
        "trip": trip,
        "organization": trip.organization,
        "sustainability_index": sustainability,
        "local_education_index": education,
        "match": None,
        "watch_outs": organization_watch_outs_for(trip.organization, trip=trip),
    }
    physician = signed_in_physician(request.user)
    if physician is not None:
        context["match"] = match_for_physician_and_trip(physician=physician, trip=trip)
        context["match_excluded"] = isinstance(context["match"], Exclusion)
        context["show_apply"] = trip.is_public
        context["application"] = active_application(physician=physician, trip=trip)
        specialties = apply_specialties(physician=physician, trip=trip)
        if trip.application_deadline >= timezone.localdate() and specialties.exists():
            context["apply_form"] = ApplyForm(specialties=specialties)
    return render(request, "trips/trip_detail.html", context)
