"""What the matching pages and the round read through the engine.

Organizations' evidence and physicians' profiles from model instances (the trip and
organization pages, and the reference the row reads are tested against); the process's
trip-feature and physician-feature stores as of the database's generations; "My matches"
and one trip's match; the round's engine order of applicants. Trip offers and physicians
from plain rows are read in `trip_offer_reads` and `physician_reads`, suggested volunteers
in `suggestion_reads`."""

from collections.abc import Sequence

import numpy as np
from django.db.models import Prefetch
from django.utils import timezone

from applications.selectors import combined_rates
from organizations.models import LocalPartner, Organization, VettingStatus
from physicians.models import PhysicianProfile
from trips.models import Trip, TripSpecialtyNeed, TripStatus

from .cursor_reads import IdArray, among, id_columns
from .engine import (
    DateWindow,
    LanguageSkill,
    OrganizationEvidence,
    TripFeatures,
    TripOffer,
    TripsAgainst,
    VolunteerFeatures,
    VolunteerProfile,
    evaluate,
    local_education_index,
    order_applicant_columns,
    order_applicants,
    organization_watch_outs,
    preparation_index,
    rank_trips_in,
    sustainability_index,
)
from .generation import (
    engine_input_changes_since,
    engine_input_generation,
    volunteer_input_changes_since,
    volunteer_input_generation,
)
from .models import MatchPreference
from .physician_reads import physician_for_matching, physician_rows_among, volunteer_rows
from .trip_offer_reads import (
    EVIDENCE_FIELDS,
    host_verdicts,
    open_trip_offers,
    refreshed_trip_offers,
    spread_and_cover_gap,
    trip_offers_from_rows,
)
from .trip_store import trip_store_snapshot
from .volunteer_store import volunteer_store_snapshot


def host_voice(claim_responses, feedback, reviews=(), reports=()):
    """(confirmed claims, disputed claims, follow-up rate, local-staff rate, accounts) from
    the host partner's answers (the latest per claim counts), its post-trip feedback,
    volunteers' reviews and the organization's reports."""
    confirmed, disputed = host_verdicts(claim_responses)

    def tally(rows):
        rows = list(rows)
        return (len(rows), sum(1 for a, _b in rows if a), sum(1 for _a, b in rows if b))

    follow_up, staff, accounts = combined_rates(
        reviews=tally(reviews), reports=tally(reports), host_feedback=tally(feedback)
    )
    return confirmed, disputed, follow_up, staff, accounts


def organization_evidence(organization, outcome=None):
    """An engine `OrganizationEvidence` from a model instance loaded `with_evidence()`."""
    confirmed, disputed, follow_up, learned, feedback_count = host_voice(
        [(r.claim, r.verdict, r.created_at, r.pk) for r in organization.host_claim_responses.all()],
        [(f.follow_ups_handed_over, f.local_staff_learned) for f in organization.host_feedback.all()],
        [(r.follow_up_happened, r.local_staff_involved) for r in organization.reviews.all()],
        [(r.follow_ups_handed_to_local_staff > 0, r.local_staff_trained > 0) for r in organization.reports.all()],
    )
    outcome_fields = {
        "host_confirmed": confirmed,
        "host_disputed": disputed,
        "follow_up_confirmed_rate": follow_up,
        "local_staff_involved_rate": learned,
        "review_count": feedback_count,
    }
    if outcome is not None:
        outcome_fields.update(
            follow_up_confirmed_rate=outcome.follow_up_confirmed_rate,
            local_staff_involved_rate=outcome.local_staff_involved_rate,
            review_count=outcome.review_count,
        )
    return OrganizationEvidence(
        id=organization.pk,
        name=organization.name,
        slug=organization.slug,
        is_verified=organization.vetting_status == VettingStatus.VERIFIED,
        local_partner_names=tuple(p.name for p in organization.local_partners.all()),
        scorecard=tuple(sorted((i.item, i.status) for i in organization.scorecard_items.all())),
        **{field: getattr(organization, field) for field in EVIDENCE_FIELDS},
        **outcome_fields,
    )


def organization_indices(organization, outcome=None):
    """(sustainability, local-education, preparation index) for display."""
    evidence = organization_evidence(organization, outcome)
    return sustainability_index(evidence), local_education_index(evidence), preparation_index(evidence)


def organization_watch_outs_for(organization, *, trip=None):
    """The organization's ethics watch-outs (a trip's own continuity plan answers one)."""
    has_plan = bool(trip is not None and trip.continuity_plan.strip())
    return organization_watch_outs(organization_evidence(organization), has_continuity_plan=has_plan)


def volunteer_profile(physician):
    """An engine `VolunteerProfile` from a physician loaded with `.with_related()`."""
    return VolunteerProfile(
        id=physician.pk,
        display_name=physician.display_name,
        specialty_ids=frozenset(physician.specialty_ids()),
        primary_specialty_id=physician.primary_specialty_id,
        languages=tuple(
            LanguageSkill(code=skill.language, proficiency=skill.proficiency) for skill in physician.languages.all()
        ),
        availability=tuple(
            DateWindow(start=w.start_date, end=w.end_date) for w in physician.availability_windows.all()
        ),
        preferred_countries=frozenset(str(c) for c in physician.preferred_countries),
        preferred_regions=frozenset(physician.preferred_regions or ()),
        max_budget_usd=physician.max_budget_usd,
        never_over_budget=physician.never_over_budget,
        motivation_weights=tuple(sorted((m.motivation, m.weight) for m in physician.motivation_weights.all())),
        years_in_practice=physician.years_in_practice,
        prior_mission_trips=physician.prior_mission_trips,
        training_level=physician.training_level,
        licence_status=physician.licence_status,
    )


def trip_offer(trip, evidence=None):
    """An engine `TripOffer` from a trip with needs (+specialty), languages and organization loaded."""
    needs = list(trip.specialty_needs.all())
    need, gap = spread_and_cover_gap(
        [(n.places - n.places_filled, n.active_applications, n.fills_cover_gap) for n in needs]
    )
    return TripOffer(
        id=trip.pk,
        title=trip.title,
        organization=evidence or organization_evidence(trip.organization),
        country=str(trip.country),
        place=trip.place,
        start=trip.start_date,
        end=trip.end_date,
        application_deadline=trip.application_deadline,
        is_open=trip.status == TripStatus.OPEN,
        open_places=tuple((n.specialty_id, n.places - n.places_filled) for n in needs),
        specialty_names=tuple((n.specialty_id, n.specialty.name) for n in needs),
        languages=frozenset(language.language for language in trip.languages.all()),
        cost_usd=trip.cost_usd,
        has_continuity_plan=bool(trip.continuity_plan.strip()),
        supervision_provided=trip.supervision_provided,
        accepted_training_levels=frozenset(trip.accepted_training_levels or ()),
        spread_need=need,
        fills_cover_gap=gap,
    )


def _trips_shaped(queryset):
    needs = TripSpecialtyNeed.objects.select_related("specialty").only(
        "trip_id",
        "specialty_id",
        "places",
        "places_filled",
        "active_applications",
        "fills_cover_gap",
        "specialty__name",
    )
    return queryset.select_related("organization").prefetch_related(
        Prefetch("specialty_needs", queryset=needs),
        "languages",
        Prefetch("organization__local_partners", queryset=LocalPartner.objects.only("organization_id", "name")),
        "organization__scorecard_items",
        "organization__host_claim_responses",
        "organization__host_feedback",
        "organization__reviews",
        "organization__reports",
    )


def physician_with_related(*, user=None, pk=None):
    queryset = PhysicianProfile.objects.with_related()
    return queryset.get(user=user) if user is not None else queryset.get(pk=pk)


def signed_in_physician(user):
    """(the user's PhysicianProfile, its engine `VolunteerProfile`) in two queries
    (`physician_for_matching`), or None for visitors and organization members."""
    if not user.is_authenticated:
        return None
    try:
        physician, profile, _generation = physician_for_matching(user=user)
    except PhysicianProfile.DoesNotExist:
        return None
    return physician, profile


class TripMatchView:
    """A ranked match with the store's offer it describes. `trip`, an unsaved-looking Trip
    for templates and serializers, is made when first read: the match cards read the offer."""

    __slots__ = ("offer", "match", "_trip")

    def __init__(self, *, offer, match):
        self.offer, self.match, self._trip = offer, match, None

    @property
    def trip(self):
        if self._trip is None:
            self._trip = trip_from_offer(self.offer)
        return self._trip


class MatchPage:
    """A lazily explained ranking whose items, for the slice shown only, are joined with
    the rows the page displays. Works with Django's Paginator and DRF pagination."""

    def __init__(self, ranked):
        self._ranked = ranked

    def _join(self, matches):
        raise NotImplementedError

    def __len__(self):
        return len(self._ranked)

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0] if key >= 0 else self[len(self) + key]
        return _PageSlice(self, key)

    def __iter__(self):
        return iter(self[:])


class _PageSlice(Sequence):
    """A slice of a match page, explained and joined when first read: a page whose cards
    come from the template fragment cache never pays for either."""

    def __init__(self, page, key):
        self._page, self._key, self._items = page, key, None

    def __len__(self):
        return len(range(len(self._page))[self._key])

    def __getitem__(self, index):
        if self._items is None:
            self._items = self._page._join(self._page._ranked[self._key])
        return self._items[index]


def trip_from_offer(offer):
    """An unsaved-looking Trip (with its Organization) carrying what the match cards and the
    matches API show, from a store's offer: the page's trips cost no query."""
    organization = Organization(pk=offer.organization.id, name=offer.organization.name, slug=offer.organization.slug)
    return Trip(
        pk=offer.id,
        title=offer.title,
        organization=organization,
        country=offer.country,
        place=offer.place,
        start_date=offer.start,
        end_date=offer.end,
        application_deadline=offer.application_deadline,
        status=TripStatus.OPEN if offer.is_open else TripStatus.CLOSED,
        cost_usd=offer.cost_usd,
        supervision_provided=offer.supervision_provided,
    )


class TripMatches(MatchPage):
    """A physician's matches; the trips shown come from the store's offers (no query)."""

    generation = None  # of the trip-feature store the ranking read, with its day

    def _join(self, matches):
        return [TripMatchView(offer=self._ranked.offer_for(m.trip_id), match=m) for m in matches]


def trip_features_current(*, today=None, generation=None):
    """The process's trip-feature store as of the database's engine-input generation: one
    query when it is current (none when the caller read the `generation` already). Behind
    it: one more for the changes since, then four over the changed trips only (a refresh)
    or four over the public trips whose deadline is not past today (a rebuild), each read
    by `trip_offer_reads`."""
    today = today or timezone.localdate()
    if generation is None:
        generation = engine_input_generation()

    def offers():
        return open_trip_offers(today)

    def offers_of(trip_ids, organization_ids, known_evidence=None):
        return refreshed_trip_offers(
            trip_ids=trip_ids, organization_ids=organization_ids, today=today, known_evidence=known_evidence
        )

    return trip_store_snapshot(
        generation=generation,
        today=today,
        offers=offers,
        changes=lambda since, up_to: engine_input_changes_since(since, up_to=up_to),
        offers_of=offers_of,
    )


def matches_for_physician(*, physician=None, profile=None, generation=None, today=None):
    """Every trip this physician may apply to, ranked over the whole trip-feature store,
    with scores, reasons and watch-outs written for the items actually shown. Pass the
    engine `profile` (and the engine-input `generation`) when already read, as
    `physician_for_matching` reads them."""
    today = today or timezone.localdate()
    snapshot = trip_features_current(today=today, generation=generation)
    profile = profile or volunteer_profile(physician)
    matches = TripMatches(rank_trips_in(snapshot.features, profile, today=today))
    matches.generation = f"{snapshot.generation}:{snapshot.built_on.isoformat()}"
    return matches


def match_for_physician_and_trip(*, profile, trip, today=None):
    """The engine's verdict (Match or Exclusion) for one physician's engine `profile` and
    one trip (loaded as `trip_detail` loads it)."""
    today = today or timezone.localdate()
    return evaluate(profile, trip_offer(trip), today=today)


def volunteer_features_current(*, generation=None):
    """The process's physician-feature store as of the database's volunteer-input
    generation: one query when it is current (none when the caller read the `generation`
    already). Behind it: one more for the changes since, then five over the changed
    physicians only (a refresh) or five over every physician (a rebuild), each read by
    `volunteer_rows`."""
    if generation is None:
        generation = volunteer_input_generation()
    return volunteer_store_snapshot(
        generation=generation,
        rows=volunteer_rows,
        changes=lambda since, up_to: volunteer_input_changes_since(since, up_to=up_to),
        rows_of=volunteer_rows,
    )


def trip_for_matching(*, pk):
    """One trip loaded the way the engine needs it."""
    return _trips_shaped(Trip.objects.filter(pk=pk)).get()


def organizations_with_evidence(ids):
    return Organization.objects.filter(pk__in=ids).prefetch_related("local_partners")


def engine_order_of_applicants(*, match_round, trip_ids, today=None):
    """`engine_order_columns` as {trip id: [physician id, best first]}, every trip with an
    applicant a key (an empty list where none is eligible)."""
    if not len(trip_ids):
        return {}
    today = today or timezone.localdate()
    return order_applicants(*_applicant_pairs(match_round, trip_ids), today=today)


def engine_order_columns(*, match_round, trip_ids, today=None, applicants=None, rows=None):
    """For trips whose organization did not rank, the engine's reverse ranking of the
    physicians who ranked the trip, as two id columns (trip ids, physician ids; each trip's
    applicants contiguous, best first), in a fixed number of queries for all trips: the
    applicants, their rows (5), the trips' offers from plain rows (4). Every (applicant,
    trip) pair is scored in one pass of array work (`order_applicant_columns`). `applicants`,
    the round's preferences as (physician ids, trip ids) columns, and `rows`, `PhysicianRows`
    holding at least the applicants, save reading them again when the caller has."""
    if not len(trip_ids):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    today = today or timezone.localdate()
    return order_applicant_columns(*_applicant_pairs(match_round, trip_ids, applicants, rows), today=today)


def _applicant_pairs(match_round, trip_ids, applicants=None, rows=None):
    """(volunteer features, trips against them, physician rows, trip rows) of every pair of a
    trip of `trip_ids` and a physician who ranked it in the round."""
    trip_ids = np.unique(np.asarray(list(trip_ids), dtype=np.int64))
    if applicants is None:
        preferences = among(MatchPreference.objects.filter(match_round=match_round), "trip_id", IdArray(trip_ids))
        pair_trip, pair_physician = id_columns(preferences.values_list("trip_id", "physician_id"))
    else:
        physician, trip = applicants
        wanted = np.isin(trip, trip_ids)
        pair_trip, pair_physician = trip[wanted], physician[wanted]
    volunteers = VolunteerFeatures.from_rows(rows if rows is not None else physician_rows_among(pair_physician))
    offers = trip_offers_from_rows(among(Trip.objects.all(), "pk", IdArray(pair_trip)))
    trips = TripsAgainst.of(TripFeatures.from_offers(offers), volunteers)
    trip_order = np.argsort(trips.trips.ids)
    p = np.searchsorted(volunteers.ids, pair_physician)
    t = np.searchsorted(trips.trips.ids, pair_trip, sorter=trip_order)
    known = (p < len(volunteers.ids)) & (t < len(trip_order))
    p, t, pair_trip, pair_physician = p[known], t[known], pair_trip[known], pair_physician[known]
    t = trip_order[t]
    known = (volunteers.ids[p] == pair_physician) & (trips.trips.ids[t] == pair_trip)
    return volunteers, trips, p[known], t[known]
