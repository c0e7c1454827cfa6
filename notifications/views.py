from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from physicians.models import PhysicianProfile
from trips.models import Trip

from .calendars import (
    accepted_application_for_user,
    accepted_applications_for_physician,
    accepted_trips_for_physician,
    calendar_feed_for_token,
    calendar_feed_revoke,
    calendar_feed_rotate,
    calendar_ics,
)
from .forms import SavedSearchForm
from .models import CalendarFeed, SavedSearch, SavedTrip
from .saved_searches import saved_search_create, saved_search_set_active
from .saved_trips import saved_trip_toggle
from .search_queries import search_criteria, search_query_normalise

SAVED_TRIPS_PER_PAGE = 20
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


# --- Saved searches -------------------------------------------------------------------


@login_required
@require_POST
def save_search(request):
    """Save the search the user is looking at (posted from the trip search page)."""
    form = SavedSearchForm(request.POST)
    if form.is_valid():
        try:
            saved_search = saved_search_create(
                user=request.user, query=form.cleaned_data["query"], name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Search saved as “%(name)s”. We will email you when a new trip matches it.")
                % {"name": saved_search.name},
            )
            return redirect(saved_search.get_absolute_url())
    back = reverse("trips:list")
    query = search_query_normalise(request.POST.get("query", ""))
    return render(
        request, "notifications/save_search.html", {"form": form, "search_url": f"{back}?{query}" if query else back}
    )


@login_required
def saved_searches(request):
    """The user's saved searches, each with its filters in words."""
    searches = list(SavedSearch.objects.filter(user=request.user))
    for saved_search, criteria in zip(searches, search_criteria([s.query for s in searches]), strict=True):
        saved_search.criteria = criteria
    return render(request, "notifications/saved_searches.html", {"saved_searches": searches})


@login_required
@require_POST
def delete_search(request, pk):
    saved_search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    saved_search.delete()
    messages.success(
        request, _("“%(name)s” is deleted; we will not email you about it again.") % {"name": saved_search.name}
    )
    return redirect("notifications:saved-searches")


@login_required
@require_POST
def search_alerts(request, pk):
    """Turn a saved search's emails on or off from the list page."""
    saved_search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    turn_on = request.POST.get("alerts") == "on"
    saved_search_set_active(saved_search=saved_search, is_active=turn_on)
    if turn_on:
        messages.success(request, _("Emails for “%(name)s” are on again.") % {"name": saved_search.name})
    else:
        messages.success(
            request, _("Emails for “%(name)s” are off. The search stays saved.") % {"name": saved_search.name}
        )
    return redirect("notifications:saved-searches")


@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """Stop a saved search's emails from the link in them, without logging in. Opening the
    link only asks; the button does it (mail scanners open links too)."""
    saved_search = get_object_or_404(SavedSearch, unsubscribe_token=token)
    if request.method == "POST":
        saved_search_set_active(saved_search=saved_search, is_active=False)
        return render(request, "notifications/unsubscribed.html", {"saved_search": saved_search})
    return render(request, "notifications/unsubscribe.html", {"saved_search": saved_search})


# --- Saved trips ------------------------------------------------------------------------


@login_required
@require_POST
def save_trip(request, pk):
    """Save a public trip, or forget a saved one (even if it is no longer public)."""
    trip = Trip.objects.select_related("organization").filter(pk=pk).first()
    if trip is None:
        raise Http404
    already_saved = SavedTrip.objects.filter(user=request.user, trip=trip).exists()
    if not already_saved and not trip.is_public:
        raise Http404
    if saved_trip_toggle(user=request.user, trip=trip):
        messages.success(
            request,
            _("Saved. We will remind you a week before applications for this trip close, unless you have applied."),
        )
    else:
        messages.success(request, _("“%(title)s” is no longer in your saved trips.") % {"title": trip.title})
    next_url = request.POST.get("next", "")
    # Only a path on this site; and never through redirect(), which would try to resolve
    # a bare word such as "0" as a view name and fail with a 500.
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(next_url)
    return redirect(trip.get_absolute_url() if trip.is_public else reverse("notifications:saved-trips"))


@login_required
def saved_trips(request):
    saved = SavedTrip.objects.filter(user=request.user).select_related("trip__organization")
    page = Paginator(saved, SAVED_TRIPS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/saved_trips.html", {"page_obj": page, "saved_trips": page.object_list})


# --- Calendars --------------------------------------------------------------------------


def _physician_or_403(user):
    physician = PhysicianProfile.objects.filter(user=user).first()
    if physician is None:
        raise PermissionDenied
    return physician


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar(request):
    """The physician's private calendar address and their accepted trips."""
    physician = _physician_or_403(request.user)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "rotate":
            calendar_feed_rotate(physician=physician)
            messages.success(
                request, _("Your calendar has a new private address. Any old address has stopped working.")
            )
        elif action == "revoke":
            calendar_feed_revoke(physician=physician)
            messages.success(request, _("Your calendar address is turned off; no calendar can read it any more."))
        else:
            return HttpResponseBadRequest()
        return redirect("notifications:calendar")
    feed = CalendarFeed.objects.filter(physician=physician).first()
    feed_url = webcal_url = None
    if feed is not None:
        feed_url = request.build_absolute_uri(reverse("notifications:calendar-feed", kwargs={"token": feed.token}))
        webcal_url = "webcal://" + feed_url.split("://", 1)[1]
    return render(
        request,
        "notifications/calendar.html",
        {
            "feed": feed,
            "feed_url": feed_url,
            "webcal_url": webcal_url,
            "applications": accepted_applications_for_physician(physician=physician),
        },
    )


def _ics_response(body, *, filename, attachment):
    response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@login_required
@require_safe
def trip_ics(request, pk):
    """One accepted trip as an .ics file; only for the application's own physician."""
    application = accepted_application_for_user(user=request.user, pk=pk)
    if application is None:
        raise Http404
    trip = application.trip
    return _ics_response(
        calendar_ics(trips=[trip], name=trip.title), filename=f"missionmatch-trip-{trip.pk}.ics", attachment=True
    )


@require_safe
def calendar_feed(request, token):
    """The private feed calendar apps poll: no login, the token is the key."""
    feed = calendar_feed_for_token(token=token)
    if feed is None:
        raise Http404
    trips = accepted_trips_for_physician(physician=feed.physician)
    response = _ics_response(
        calendar_ics(trips=trips, name=_("MissionMatch trips")), filename="missionmatch.ics", attachment=False
    )
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
