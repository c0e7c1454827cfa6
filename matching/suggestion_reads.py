"""Suggested volunteers for a trip: the trip and who is left out in one query, the ranking
over the physician-feature store, and the physicians shown, one query for the page."""

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from django.db import connection
from django.db.models import Value
from django.utils import timezone

import vocabulary
import vocabulary.choices
from applications.models import ANSWERED_APPLICATION_STATUSES, Application, TripInvitation
from applications.selectors import invitation_day_start, invitations_since
from physicians.models import PhysicianProfile, Specialty
from trips.models import Trip

from .cursor_reads import padded_ids
from .engine import TripFeatures, rank_volunteers_against
from .generation import STAMP_PK
from .models import EngineInputStamp, VolunteerInputStamp
from .selectors import MatchPage, trip_features_current, trip_from_offer, volunteer_features_current
from .trip_offer_reads import trip_offer_of


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
    ids = padded_ids(ids, SHOWN_PER_STATEMENT)
    sql, params = _suggested_physicians_statement(connection.vendor, len(ids))
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


class VolunteerMatches(MatchPage):
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
