import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

import vocabulary.choices
from physicians.models import PhysicianProfile
from portal.ids import is_plain_id
from trips.models import Trip

from .engine import leans_on_adventure_or_skills, weights
from .forms import ApplicantOrderForm, PreferencesForm
from .models import CoupleLink, MatchAssignment, MatchPreference, MatchRound, RoundStatus, TripApplicantRanking
from .physician_reads import physician_for_matching
from .selectors import matches_for_physician, physician_with_related
from .services import couple_confirm, couple_request, match_preferences_set, trip_ranking_set
from .suggestion_reads import suggested_volunteers_for_trip, suggestion_source

MATCHES_PER_PAGE = 20


@login_required
def my_matches(request):
    """The signed-in physician's best-fit trips, each with its score explained."""
    try:
        physician, profile, generation = physician_for_matching(user=request.user)
    except PhysicianProfile.DoesNotExist:
        messages.info(request, _("Tell us about yourself first: matches come from your profile and motivations."))
        return redirect("physicians:profile")
    matches = matches_for_physician(profile=profile, generation=generation)
    page = Paginator(matches, MATCHES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/my_matches.html",
        {
            "physician": physician,
            "is_physician": True,  # known here: the navigation need not ask the database
            "page_obj": page,
            "matches": page.object_list,
            "total": len(matches),
            "leaning": leans_on_adventure_or_skills(profile),
            "trainee": physician.training_level in (vocabulary.STUDENT, vocabulary.RESIDENT),
            "cards_cache_seconds": settings.MATCHES_CACHE_SECONDS,
            "cards_cache_key": _cards_cache_key(profile, matches.generation, page.number),
        },
    )


def _cards_cache_key(profile, generation, page_number):
    """The page's cards depend on the trip-feature store (its generation and day),
    everything the engine reads from the profile, the page and the language; nothing else."""
    return hashlib.sha256(repr((profile, generation, page_number, get_language())).encode()).hexdigest()


def preparing_well(request):
    """Our guidance on ethical short-term missions, linked kindly from matches."""
    return render(request, "matching/preparing_well.html")


@login_required
def suggested_volunteers(request, pk):
    """Best-fit available physicians for one of the organization's trips."""
    try:
        source = suggestion_source(pk=pk)
    except Trip.DoesNotExist:
        raise Http404 from None
    trip = source.trip
    if not request.user.has_perm("trips.change_trip", trip):
        raise Http404
    suggestions = suggested_volunteers_for_trip(source=source)
    page = Paginator(suggestions, MATCHES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/suggested_volunteers.html",
        {
            "trip": trip,
            "page_obj": page,
            "suggestions": page.object_list,
            "total": len(suggestions),
            "invitations_left": max(settings.TRIP_INVITATIONS_PER_DAY - source.invitations_sent_today, 0),
            "invitations_open": trip.application_deadline >= timezone.localdate(),
        },
    )


def how_it_works(request):
    """Our scoring, in plain words, with the weights the engine really uses."""
    return render(
        request,
        "matching/how_it_works.html",
        {
            "weights": weights,
            "motivations": vocabulary.choices.MOTIVATIONS,
            **_scorecard_and_safeguard_figures(weights),
            **_quality_figures(weights),
        },
    )


def _quality_figures(weights):
    """Issue 18's numbers as the page shows them, read from the weights module."""
    shares = weights.QUALITY_SHARES
    continuity = dict(weights.MOTIVATION_EVIDENCE[vocabulary.CONTINUITY])
    return {
        "quality_shares": {key: _percent(share) for key, share in shares.items()},
        "cost_half_over": _percent(weights.COST_HALF_OVER),
        "cost_double_over": _percent(2 * weights.COST_HALF_OVER),
        "cover_gap_share": _percent(continuity["fills_cover_gap"]),
    }


# Plain names for the evidence the motivation-honesty safeguard looks for.
SAFEGUARD_CHECK_LABELS = {
    "supervision": gettext_lazy("supervision for volunteers"),
    "trains_local_staff": gettext_lazy("training of local staff"),
    "follow_up_plan": gettext_lazy("a plan to follow patients up"),
}


def _percent(share):
    return int(round(100 * share))


def _scorecard_and_safeguard_figures(weights):
    """The scorecard blend and the safeguard, as the numbers the page shows: every one
    read from the weights module, so the page cannot drift from the engine."""
    declared, scorecard = 50, 80  # a worked example: declared indices average 50, scorecard 80
    full = weights.SCORECARD_BLEND
    half = weights.SCORECARD_BLEND / 2
    return {
        "scorecard_items": len(vocabulary.SCORECARD_ITEM_KEYS),
        "scorecard_blend": _percent(full),
        "declared_share": _percent(1 - full),
        "scorecard_half_blend": _percent(half),
        "scorecard_status_points": [
            (
                label,
                None
                if vocabulary.SCORECARD_STATUS_SCORE[key] is None
                else _percent(vocabulary.SCORECARD_STATUS_SCORE[key]),
            )
            for key, label in vocabulary.choices.SCORECARD_STATUS_CHOICES
        ],
        "example": {
            "declared": declared,
            "scorecard": scorecard,
            "full": round((1 - full) * declared + full * scorecard),
            "half": round((1 - half) * declared + half * scorecard),
        },
        "outcome_blend": _percent(weights.OUTCOME_BLEND),
        "quality_points": weights.FACTOR_WEIGHTS["organization_quality"],
        "motivation_points": weights.FACTOR_WEIGHTS["motivation_fit"],
        "leaning_threshold": weights.LEANING_THRESHOLD,
        "top_weight": vocabulary.MOTIVATION_WEIGHT_MAX,
        "safeguard_weight": weights.SAFEGUARD_WEIGHT,
        "safeguard_evidence": [
            (SAFEGUARD_CHECK_LABELS.get(check, check), _percent(share)) for check, share in weights.SAFEGUARD_EVIDENCE
        ],
    }


@login_required
def round_list(request):
    rounds = MatchRound.objects.order_by("-created_at")[:20]
    return render(request, "matching/round_list.html", {"rounds": rounds})


@login_required
def round_preferences(request, pk):
    """A physician ranks up to ten trips for an open round, and sees the result once run."""
    match_round = get_object_or_404(MatchRound, pk=pk)
    try:
        physician = physician_with_related(user=request.user)
    except PhysicianProfile.DoesNotExist:
        raise Http404 from None
    assignment = (
        MatchAssignment.objects.select_related("trip__organization", "specialty")
        .filter(match_round=match_round, physician=physician)
        .first()
    )
    current = list(
        MatchPreference.objects.filter(match_round=match_round, physician=physician)
        .order_by("rank")
        .values_list("trip_id", flat=True)
    )
    trips = [item.trip for item in matches_for_physician(physician=physician)[:50]]
    form = PreferencesForm(
        request.POST or None if "partner_email" not in request.POST and "confirm_couple" not in request.POST else None,
        trips=trips,
        initial_ids=current,
    )
    if request.method == "POST" and ("partner_email" in request.POST or "confirm_couple" in request.POST):
        try:
            if "partner_email" in request.POST:
                link = couple_request(physician=physician, partner_email=request.POST["partner_email"][:254])
                if link is not None and link.confirmed:  # they had already asked you
                    messages.success(request, _("Confirmed: the round will try to place you together."))
                else:  # the same words whether or not the address is a physician's
                    messages.success(
                        request, _("If a physician on MissionMatch uses that address, we have asked them to confirm.")
                    )
            else:
                link_id = request.POST.get("confirm_couple", "")
                link = (
                    CoupleLink.objects.filter(pk=int(link_id), partner=physician).first()
                    if is_plain_id(link_id)
                    else None
                )
                if link is None:
                    raise Http404
                couple_confirm(link=link, by_physician=physician)
                messages.success(request, _("Confirmed: the round will try to place you together."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("matching:round-preferences", pk=match_round.pk)
    if request.method == "POST" and match_round.status == RoundStatus.OPEN and form.is_valid():
        try:
            match_preferences_set(match_round=match_round, physician=physician, trip_ids=form.cleaned_data["trip_ids"])
        except ValidationError as error:
            # The service names its own keys (trip_ids), which this form has no field for.
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your preferences are saved. You can change them until the round runs."))
            return redirect("matching:round-preferences", pk=match_round.pk)
    return render(
        request,
        "matching/round_preferences.html",
        {
            "match_round": match_round,
            "form": form,
            "assignment": assignment,
            "is_open": match_round.status == RoundStatus.OPEN,
            "couple_links": physician.couple_requests.select_related("partner"),
            "couple_invitations": physician.couple_invitations.select_related("physician"),
        },
    )


@login_required
def round_trip_ranking(request, pk, trip_pk):
    """An organization orders the physicians who ranked its trip, and sees who matched."""
    match_round = get_object_or_404(MatchRound, pk=pk)
    trip = get_object_or_404(Trip.objects.select_related("organization"), pk=trip_pk)
    if not request.user.has_perm("trips.change_trip", trip):
        raise Http404
    applicant_ids = MatchPreference.objects.filter(match_round=match_round, trip=trip).values("physician_id")
    physicians = PhysicianProfile.objects.filter(pk__in=applicant_ids).select_related("primary_specialty")
    initial = dict(
        TripApplicantRanking.objects.filter(match_round=match_round, trip=trip).values_list("physician_id", "rank")
    )
    form = ApplicantOrderForm(request.POST or None, physicians=physicians, initial_ranks=initial)
    if request.method == "POST" and match_round.status == RoundStatus.OPEN and form.is_valid():
        try:
            trip_ranking_set(match_round=match_round, trip=trip, physician_ids=form.cleaned_data["physician_ids"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your ranking is saved."))
            return redirect("matching:round-trip", pk=match_round.pk, trip_pk=trip.pk)
    assignments = MatchAssignment.objects.filter(match_round=match_round, trip=trip).select_related(
        "physician", "specialty"
    )
    return render(
        request,
        "matching/round_trip.html",
        {
            "match_round": match_round,
            "trip": trip,
            "form": form,
            "assignments": assignments,
            "is_open": match_round.status == RoundStatus.OPEN,
            "uses_engine_order": not initial,
        },
    )
