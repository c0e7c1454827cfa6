from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django_filters.views import FilterView

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
from .search_form import search_form_html
from .selectors import trip_cards_by_id, trip_countries_public, trip_list_public, trip_search
from .selectors import trip_detail as select_trip_detail


class TripSearchView(FilterView):
    """Search open trips; the filter state lives in the URL so searches can be shared.
    The trips are chosen, counted and ordered in the trip-feature store; only the page's
    are read from the database. Invalid filters list nothing and say why."""

    filterset_class = TripFilter
    template_name = "trips/trip_list.html"
    context_object_name = "trips"
    paginate_by = 20

    def get_queryset(self):
        return trip_list_public()

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_bound:  # no filter given
            self.object_list = trip_search({}, user=request.user, read=trip_cards_by_id)
        elif self.filterset.is_valid():
            self.object_list = trip_search(self.filterset.form.cleaned_data, user=request.user, read=trip_cards_by_id)
        else:
            self.object_list = Trip.objects.none()
        return self.render_to_response(self.get_context_data(filter=self.filterset, object_list=self.object_list))

    def paginate_queryset(self, queryset, page_size):
        """As ListView does, except that a page past the end (an old or shared link, once trips
        have closed) shows the last page and a page that is not a number the first, not a 404."""
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=self.get_allow_empty()
        )
        requested = self.request.GET.get(self.page_kwarg)
        page = paginator.get_page(paginator.num_pages if requested == "last" else requested)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        # Offer only countries with open trips; any country stays valid (a saved search may name one).
        country = context["filter"].form.fields["country"]
        offered = trip_countries_public(features=getattr(self.object_list, "features", None))
        chosen = self.request.GET.get("country")
        if chosen and chosen not in {code for code, _name in offered}:
            offered = [(code, name) for code, name in country.choices if code == chosen] + offered
        country.widget.choices = [("", country.choices[0][1]), *offered]
        context["filter_form_html"] = search_form_html(context["filter"].form, self.request.GET, offered)
        return context


def visible_trip_or_404(request, pk):
    """The trip with what its page shows, or 404 when this user may not see it (hidden
    trips answer 404, not 403: their existence is not public either)."""
    try:
        trip = select_trip_detail(pk=pk)
    except Trip.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("trips.view_trip", trip):
        raise Http404
    return trip


def trip_detail(request, pk):
    return render_trip_page(request, visible_trip_or_404(request, pk))


def render_trip_page(request, trip, apply_form=None):
    """The trip page; `apply_form` is a submitted application form to show again with its
    errors (the note typed is kept), otherwise a blank one is offered when the physician may apply."""
    sustainability, education, preparation = organization_indices(trip.organization)
    context = {
        "trip": trip,
        "organization": trip.organization,
        "sustainability_index": sustainability,
        "local_education_index": education,
        "preparation_index": preparation,
        "match": None,
        "watch_outs": organization_watch_outs_for(trip.organization, trip=trip),
    }
    signed_in = signed_in_physician(request.user)
    physician, profile = signed_in or (None, None)
    if request.user.is_authenticated:
        context["is_physician"] = physician is not None  # known here: the navigation need not ask
    if not request.user.is_authenticated:
        context["show_apply"] = trip.is_public and trip.application_deadline >= timezone.localdate()
    if physician is not None:
        context["match"] = match_for_physician_and_trip(profile=profile, trip=trip)
        context["match_excluded"] = isinstance(context["match"], Exclusion)
        context["show_apply"] = trip.is_public
        context["application"] = active_application(physician=physician, trip=trip)
        if apply_form is None:
            specialties = apply_specialties(physician=physician, trip=trip)
            if trip.application_deadline >= timezone.localdate() and specialties.exists():
                apply_form = ApplyForm(specialties=specialties)
        context["apply_form"] = apply_form
    return render(request, "trips/trip_detail.html", context)
