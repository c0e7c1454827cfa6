"""Build the engine's plain-Python input from the database in a fixed number of queries,
and run the engine for the pages and the API.

The SQL does the cheap, exact part of the hard constraints (public, deadline ahead,
a place left in one of the physician's specialties, dates overlapping availability) so
the engine scores hundreds of candidates rather than every open trip. The engine still
checks every hard constraint itself, so it is correct on any input.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache, lru_cache

import numpy as np
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import (
    Case,
    F,
    IntegerField,
    Prefetch,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

import vocabulary
import vocabulary.choices
from applications.models import (
    ANSWERED_APPLICATION_STATUSES,
    Application,
    TripInvitation,
)
from applications.selectors import combined_rates, invitation_day_start, invitations_since
from organizations.models import (
    LocalPartner,
    Organization,
    VettingStatus,
)
from physicians.models import AvailabilityWindow, MotivationWeight, PhysicianLanguage, PhysicianProfile, Specialty
from portal.sql_names import column, table
from trips.models import Trip, TripSpecialtyNeed, TripStatus

from .cursor_reads import DayOrdinal, IdArray, JsonLists, among, id_columns, raw_rows
from .engine import (
    MOTIVATIONS,
    DateWindow,
    LanguageSkill,
    OrganizationEvidence,
    PhysicianRows,
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
    rank_volunteers_against,
    sustainability_index,
)
from .generation import (
    STAMP_PK,
    engine_input_changes_since,
    engine_input_generation,
    volunteer_input_changes_since,
    volunteer_input_generation,
)
from .models import EngineInputStamp, MatchPreference, VolunteerInputStamp
from .trip_offer_reads import (
    EVIDENCE_FIELDS,
    host_verdicts,
    open_trip_offers,
    refreshed_trip_offers,
    spread_and_cover_gap,
    trip_offer_of,
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


class _MatchPage:
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


class TripMatches(_MatchPage):
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


def _suggestion_inputs_queryset(trip_id, day_start):
    applied = (
        Application.objects.filter(trip_id=trip_id, status__in=ANSWERED_APPLICATION_STATUSES)
        .order_by()
        .annotate(kind=Value("physician"))
        .values_list("kind", "physician_id")
    )
    parts = [
        queryset.order_by().annotate(kind=Value(kind)).values_list("kind", column)
        for queryset, kind, column in (
            (TripInvitation.objects.filter(trip_id=trip_id), "physician", "physician_id"),
            (invitations_since(trip_id=trip_id, start=day_start), "today", "physician_id"),
            (VolunteerInputStamp.objects.filter(pk=STAMP_PK), "volunteers", "generation"),
            (EngineInputStamp.objects.filter(pk=STAMP_PK), "engine", "generation"),
        )
    ]
    return applied.union(*parts, all=True)


# Stand for the trip and the day in the statement `_suggestion_inputs` compiles once.
_ANY_TRIP = -90417
_ANY_DAY = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)


def _day_parameter(value):
    return TripInvitation._meta.get_field("created_at").get_db_prep_value(value, connection)


@lru_cache(maxsize=4)
def _suggestion_inputs_statement(vendor):
    """(SQL, parameters) of `_suggestion_inputs_queryset` for the stand-in trip and day:
    building and compiling the five-part UNION costs the ORM about 2 ms a request, the
    database a twentieth of that to run it."""
    sql, params = _suggestion_inputs_queryset(_ANY_TRIP, _ANY_DAY).query.get_compiler(connection=connection).as_sql()
    any_day = _day_parameter(_ANY_DAY)
    if list(params).count(_ANY_TRIP) != 3 or list(params).count(any_day) != 1:
        raise RuntimeError("the suggestion inputs' statement no longer takes the trip thrice and the day once")
    return sql, tuple(params), any_day


def _suggestion_inputs(trip_id):
    """(ids of the physicians who hold an answered application to the trip or were invited
    to it, how many invitations to it were sent today, the volunteer-input generation, the
    engine-input generation) in one query: a UNION of the five, compiled once."""
    sql, params, any_day = _suggestion_inputs_statement(connection.vendor)
    day = _day_parameter(invitation_day_start())
    params = [trip_id if p == _ANY_TRIP else day if p == any_day else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    excluded, sent_today, generations = set(), 0, {"volunteers": 0, "engine": 0}
    for kind, number in rows:
        if kind == "physician":
            excluded.add(number)
        elif kind == "today":
            sent_today += 1
        else:
            generations[kind] = number
    return excluded, sent_today, generations["volunteers"], generations["engine"]


@dataclass(frozen=True)
class SuggestionSource:
    """What suggesting volunteers for one trip reads before ranking them."""

    trip: Trip  # unsaved-looking, from the offer: the page's header and the permission check
    features: TripFeatures  # the trip as a one-row store
    excluded_ids: frozenset  # in the inbox already, declined, withdrawn or invited
    invitations_sent_today: int
    volunteer_generation: int


def suggestion_source(*, pk, today=None):
    """The trip `pk` for suggesting volunteers, in one query when it is open in a current
    trip-feature store (its row, organization checks included, is taken from there), four
    more otherwise (a closed or unvetted trip, read by `trip_offers_from_rows`). Raises
    Trip.DoesNotExist."""
    today = today or timezone.localdate()
    excluded, sent_today, volunteer_generation, engine_generation = _suggestion_inputs(pk)
    store = trip_features_current(today=today, generation=engine_generation).features
    row = store.open_row_of(pk)
    if row is not None:
        features = store.taken([row])
    else:
        offer = trip_offer_of(pk)
        if offer is None:
            raise Trip.DoesNotExist
        features = TripFeatures.from_offers([offer])
    return SuggestionSource(
        trip=trip_from_offer(features.offers[0]),
        features=features,
        excluded_ids=frozenset(excluded),
        invitations_sent_today=sent_today,
        volunteer_generation=volunteer_generation,
    )


@dataclass(frozen=True)
class ShownSpecialty:
    """A specialty's id and name as a suggestion shows it; read as `Specialty` reads, without
    a model instance each."""

    pk: int
    name: str

    def __str__(self):
        return Specialty.__str__(self)


@dataclass(frozen=True)
class SuggestedPhysician:
    """What a suggestion shows of a physician (never a licence or a budget)."""

    pk: int
    display_name: str
    primary_specialty: ShownSpecialty | None
    other_specialties: tuple  # ShownSpecialty, by name
    training_level: str
    years_in_practice: int
    accepts_invitations: bool

    @property
    def training_level_display(self):
        return TRAINING_LEVEL_LABELS.get(self.training_level, self.training_level)


TRAINING_LEVEL_LABELS = dict(vocabulary.choices.TRAINING_LEVEL_CHOICES)


def _suggested_physicians_queryset(physician_ids):
    return (
        PhysicianProfile.objects.filter(pk__in=physician_ids)
        .order_by()
        .values_list(
            "pk",
            "display_name",
            "training_level",
            "years_in_practice",
            "accepts_invitations",
            "primary_specialty_id",
            "primary_specialty__name",
            "other_specialties__id",
            "other_specialties__name",
        )
    )


SHOWN_PER_STATEMENT = 20  # id lists are padded to a multiple of this: one statement a page size


@lru_cache(maxsize=16)
def _suggested_physicians_statement(vendor, size):
    """(SQL, parameters) of `_suggested_physicians_queryset` for `size` stand-in ids (-1, -2, …):
    compiled once, as `_suggestion_inputs_statement` is."""
    stand_ins = [-1 - i for i in range(size)]
    sql, params = _suggested_physicians_queryset(stand_ins).query.get_compiler(connection=connection).as_sql()
    if sorted(p for p in params if isinstance(p, int) and p < 0) != sorted(stand_ins):
        raise RuntimeError("the shown physicians' statement no longer takes each id once")
    return sql, tuple(params)


def suggested_physicians(physician_ids):
    """{id: SuggestedPhysician} in one query: the physicians with their primary specialty,
    one row for each of their other specialties (a LEFT JOIN: one row when none)."""
    ids = list(physician_ids)
    if not ids:
        return {}
    size = -(-len(ids) // SHOWN_PER_STATEMENT) * SHOWN_PER_STATEMENT
    ids += ids[-1:] * (size - len(ids))  # a repeated id matches the same rows
    sql, params = _suggested_physicians_statement(connection.vendor, size)
    params = [ids[-1 - p] if isinstance(p, int) and p < 0 else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    physicians, other_specialties = {}, {}
    for pk, name, level, years, accepts, primary_id, primary_name, other_id, other_name in rows:
        primary = ShownSpecialty(primary_id, primary_name) if primary_id else None
        physicians[pk] = (name, primary, level, years, bool(accepts))  # SQLite gives 0 or 1
        if other_id is not None:
            other_specialties.setdefault(pk, []).append(ShownSpecialty(other_id, other_name))
    return {
        pk: SuggestedPhysician(
            pk=pk,
            display_name=name,
            primary_specialty=primary,
            other_specialties=tuple(sorted(other_specialties.get(pk, ()), key=lambda s: (s.name, s.pk))),
            training_level=level,
            years_in_practice=years,
            accepts_invitations=accepts,
        )
        for pk, (name, primary, level, years, accepts) in physicians.items()
    }


@dataclass(frozen=True)
class VolunteerMatchView:
    physician: SuggestedPhysician
    match: object


class VolunteerMatches(_MatchPage):
    """Ranked physicians for a trip; the physicians of the slice shown are loaded when it
    is first read, in one query with their specialties."""

    def _join(self, matches):
        by_id = suggested_physicians([m.volunteer_id for m in matches])
        return [
            VolunteerMatchView(physician=by_id[m.volunteer_id], match=m) for m in matches if m.volunteer_id in by_id
        ]


def suggested_volunteers_for_trip(*, trip=None, source=None, today=None, limit=None):
    """Best-fit available physicians for a trip (reverse ranking) over the whole
    physician-feature store, explained from the trip's side for the items read. Left out:
    those who already hold an active application to the trip (the organization sees them
    in its inbox), who were declined or withdrew, or who have been invited to it. Give the
    `trip` (its pk is read) or its `SuggestionSource` when read already: one query before
    the ranking whatever the number of physicians (plus the stores' own when stale), one
    for the page shown."""
    today = today or timezone.localdate()
    source = source or suggestion_source(pk=trip.pk, today=today)
    snapshot = volunteer_features_current(generation=source.volunteer_generation)
    ranked = VolunteerMatches(
        rank_volunteers_against(snapshot.features, source.features, today=today, excluded_ids=source.excluded_ids)
    )
    return ranked[:limit] if limit is not None else ranked


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


def physician_rows_among(physician_ids):
    """`volunteer_rows` of the physicians `physician_ids` (ids), or of every physician when
    they are most of them: testing each row against the ids costs the databases more than
    reading the other rows. The rows may hold more physicians than those asked for."""
    ids = IdArray(physician_ids)
    everyone = len(ids.ids) > PhysicianProfile.objects.count() // 2
    return volunteer_rows(None if everyone else ids)


def volunteer_rows(physician_ids=None):
    """The engine's `PhysicianRows` for many physicians, in five queries (the profiles; their
    other specialties, languages, availability windows and motivation weights).
    `physician_ids` is ids, a queryset of them (used as a subquery), an `IdArray`, or None for
    every physician. Plain rows read with the raw cursor (`cursor_reads`): no model instance
    or converted row per physician or related row, and no `VolunteerProfile` until one is
    shown."""
    if physician_ids is not None and not isinstance(physician_ids, QuerySet | IdArray):
        physician_ids = list(physician_ids)

    def of_them(queryset, field):
        return queryset if physician_ids is None else among(queryset, field, physician_ids)

    regions_of, countries_of = JsonLists(), _CommaLists()
    physicians = [
        # Countries are stored as "NI,HT", regions as JSON text (the raw cursor leaves both as stored).
        (
            pk,
            name,
            primary,
            countries_of[countries],
            regions_of[regions] if isinstance(regions, str) else regions,
            *rest,
        )
        for pk, name, primary, countries, regions, *rest in raw_rows(
            of_them(PhysicianProfile.objects.all(), "pk").values_list(
                "pk",
                "display_name",
                "primary_specialty_id",
                "preferred_countries",
                "preferred_regions",
                "max_budget_usd",
                "years_in_practice",
                "prior_mission_trips",
                "training_level",
                "licence_status",
                "never_over_budget",
            )
        )
    ]
    through = of_them(PhysicianProfile.other_specialties.through.objects.all(), "physicianprofile_id")
    windows = of_them(AvailabilityWindow.objects.all(), "physician_id").annotate(
        first_day=DayOrdinal("start_date"), last_day=DayOrdinal("end_date")
    )
    return PhysicianRows.of(
        physicians,
        id_columns(through.values_list("physicianprofile_id", "specialty_id")),
        raw_rows(
            of_them(PhysicianLanguage.objects.all(), "physician_id").values_list(
                "physician_id", "language", "proficiency"
            )
        ),
        id_columns(windows.values_list("physician_id", "first_day", "last_day")),
        _motivation_weights(of_them(MotivationWeight.objects.all(), "physician_id")),
    )


# Each weight (0-3) is kept as weight + 1 in three bits of one integer per physician: a
# physician's six rows come back as one, and as integers (a string key per row cost more
# to fetch than the weight). 0 in a place: no weight given for that motivation.
_WEIGHT_BITS = 3


def _motivation_weights(weights):
    """`PhysicianRows.of`'s motivations (physician ids, weights) from a MotivationWeight
    queryset, one packed integer per physician (the database keeps one row per motivation
    of the vocabulary, weights 0-3)."""
    packed = Sum(
        Case(
            *(
                When(motivation=key, then=(F("weight") + 1) * (1 << (_WEIGHT_BITS * place)))
                for place, key in enumerate(MOTIVATIONS)
            ),
            default=0,
            output_field=IntegerField(),
        )
    )
    physician_ids, codes = id_columns(
        weights.values("physician_id").annotate(packed=packed).values_list("physician_id", "packed")
    )
    places = np.arange(len(MOTIVATIONS), dtype=np.int64) * _WEIGHT_BITS
    given = (codes[:, None] >> places) & ((1 << _WEIGHT_BITS) - 1)
    return physician_ids, (given - 1).astype(np.int8)


class _CommaLists(dict):
    """ "NI,HT" to ("NI", "HT"), each distinct text split once ("" and None to ())."""

    def __missing__(self, text):
        value = self[text] = tuple(text.split(",")) if text else ()
        return value


def volunteer_profiles_from_rows(physician_ids):
    """Engine `VolunteerProfile`s for many physicians from plain rows, in five queries
    (`volunteer_rows`): the same profiles `volunteer_profile` builds from model instances
    (a test keeps the two equal)."""
    rows = volunteer_rows(physician_ids)
    return {profile.id: profile for profile in map(rows.profile, range(len(rows)))}


@cache
def _physician_inputs_sql(vendor):
    """The UNION `physician_for_matching` sends, written once per process: composing it
    through the ORM (five querysets, typed NULLs, then compiling) took four times as long
    as the database took to answer it. Table and column names come from the models."""
    through = PhysicianProfile.other_specialties.through
    # Typed NULLs: PostgreSQL types a UNION's columns from its first parts.
    text, day = "CAST(NULL AS VARCHAR(40))", "CAST(NULL AS DATE)"
    parts = [
        f"SELECT 'specialty', {text}, {column(through, 'specialty')}, {day}, {day} FROM {table(through)} "
        f"WHERE {column(through, 'physicianprofile')} = %s",
        f"SELECT 'language', {column(PhysicianLanguage, 'language')}, {column(PhysicianLanguage, 'proficiency')}, "
        f"{day}, {day} FROM {table(PhysicianLanguage)} WHERE {column(PhysicianLanguage, 'physician')} = %s",
        f"SELECT 'window', {text}, {column(AvailabilityWindow, 'id')}, {column(AvailabilityWindow, 'start_date')}, "
        f"{column(AvailabilityWindow, 'end_date')} FROM {table(AvailabilityWindow)} "
        f"WHERE {column(AvailabilityWindow, 'physician')} = %s",
        f"SELECT 'motivation', {column(MotivationWeight, 'motivation')}, {column(MotivationWeight, 'weight')}, "
        f"{day}, {day} FROM {table(MotivationWeight)} WHERE {column(MotivationWeight, 'physician')} = %s",
        f"SELECT 'generation', {text}, {column(EngineInputStamp, 'generation')}, {day}, {day} "
        f"FROM {table(EngineInputStamp)} WHERE {column(EngineInputStamp, 'id')} = %s",
    ]
    return " UNION ALL ".join(parts)


def _as_date(value):
    # SQLite hands a UNION's dates back as text (no declared column type to convert by).
    return date.fromisoformat(value) if isinstance(value, str) else value


def physician_for_matching(*, user):
    """(the user's PhysicianProfile, its engine `VolunteerProfile`, the engine-input
    generation) in two queries: the profile row, then one UNION of its other specialties,
    languages, availability windows and motivation weights with the generation's row (the
    matches page needs both, so they share a round trip). The same profile
    `volunteer_profile` builds from a physician loaded `with_related()` (five queries).
    Raises PhysicianProfile.DoesNotExist."""
    physician = PhysicianProfile.objects.get(user=user)
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute(_physician_inputs_sql(connection.vendor), [physician.pk] * 4 + [STAMP_PK])
        rows = cursor.fetchall()
    others, languages, windows, weights = [], [], [], []
    generation = 0
    for kind, text, number, start, end in rows:
        if kind == "generation":
            generation = number
        elif kind == "specialty":
            others.append(number)
        elif kind == "language":
            languages.append((-number, text))
        elif kind == "window":
            windows.append((_as_date(start), number, _as_date(end)))
        else:
            weights.append((text, number))
    primary = physician.primary_specialty_id
    specialty_ids = ([primary] if primary else []) + sorted(s for s in others if s != primary)
    profile = VolunteerProfile(
        id=physician.pk,
        display_name=physician.display_name,
        specialty_ids=frozenset(specialty_ids),
        primary_specialty_id=primary,
        languages=tuple(LanguageSkill(code=code, proficiency=-level) for level, code in sorted(languages)),
        availability=tuple(DateWindow(start=start, end=end) for start, _pk, end in sorted(windows)),
        preferred_countries=frozenset(str(c) for c in physician.preferred_countries),
        preferred_regions=frozenset(physician.preferred_regions or ()),
        max_budget_usd=physician.max_budget_usd,
        never_over_budget=physician.never_over_budget,
        motivation_weights=tuple(sorted(weights)),
        years_in_practice=physician.years_in_practice,
        prior_mission_trips=physician.prior_mission_trips,
        training_level=physician.training_level,
        licence_status=physician.licence_status,
    )
    return physician, profile, generation
