from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from cover.selectors import cover_calendars_of, cover_statuses
from matching.engine import Exclusion
from matching.selectors import organization_indices, organization_watch_outs_for, signed_in_physician
from trips.selectors import trip_list_public

from .models import Organization
from .selectors import (
    organization_host_summary,
    organization_list_public,
    organization_outcomes_summary,
    organization_scorecard,
    organization_trip_matches,
)


def organization_list(request):
    page = Paginator(organization_list_public(), 20).get_page(request.GET.get("page"))
    return render(request, "organizations/organization_list.html", {"page_obj": page, "organizations": page})


def organization_detail(request, slug):
    try:
        organization = Organization.objects.with_evidence().get(slug=slug)
    except Organization.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("organizations.view_organization", organization):
        raise Http404
    trips = list(trip_list_public().filter(organization=organization))
    matches = {}
    signed_in = signed_in_physician(request.user)
    if signed_in is not None:
        matches = organization_trip_matches(profile=signed_in[1], organization=organization, trips=trips)
    trip_rows = [
        {"trip": trip, "match": matches.get(trip.pk), "excluded": isinstance(matches.get(trip.pk), Exclusion)}
        for trip in trips
    ]
    sustainability, education, preparation = organization_indices(organization)
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "trips": trips,
            "trip_rows": trip_rows,
            "sustainability_index": sustainability,
            "local_education_index": education,
            "preparation_index": preparation,
            "scorecard": organization_scorecard(organization=organization),
            "host": organization_host_summary(organization=organization),
            "outcomes": organization_outcomes_summary(organization=organization),
            "watch_outs": organization_watch_outs_for(organization),
            "cover": cover_statuses(cover_calendars_of(organization)),
        },
    )
