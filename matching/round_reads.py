"""A match round's input, read as id columns for the engine (`RoundColumns`).

A national round is a million preferences and half a million organization rankings: read
with the raw cursor straight into int64 arrays (`cursor_reads`), sorted with numpy, never
a Python object per row. The round's physicians and trips go to the other queries as
subqueries, not as lists of ids sent back, so the query count does not grow with the round."""

import numpy as np

from physicians.models import PhysicianProfile
from trips.models import Trip, TripSpecialtyNeed

from .cursor_reads import IdArray, among, id_columns
from .engine import RoundColumns
from .models import CoupleLink, MatchPreference, TripApplicantRanking
from .physician_reads import physician_rows_among
from .selectors import engine_order_columns


def _no_progress(phase, done=None, total=None):
    """The progress hook when nobody watches."""


def round_columns(match_round, today, progress=_no_progress):
    """Everything the engine needs for `match_round`, in a fixed number of queries: the
    preferences, the places still open (places - places filled), the organizations'
    rankings, the physicians' rows (6, their specialties among them) and the engine's order
    of the applicants of trips whose organization did not rank (see `engine_order_columns`),
    or only the physicians' specialties (2) when every organization ranked, the confirmed
    couples."""
    preferences = MatchPreference.objects.filter(match_round=match_round)
    physician, trip, rank = id_columns(preferences.values_list("physician_id", "trip_id", "rank"))
    order = np.lexsort((rank, physician))
    physician, trip = physician[order], trip[order]
    physicians = np.unique(physician)

    open_trips = Trip.objects.accepting_applications(today).filter(pk__in=preferences.values("trip_id"))
    program_trip, program_specialty, places, filled = id_columns(
        TripSpecialtyNeed.objects.filter(trip__in=open_trips).values_list(
            "trip_id", "specialty_id", "places", "places_filled"
        )
    )

    ranked_trip, ranked_physician, ranked_rank = id_columns(
        TripApplicantRanking.objects.filter(match_round=match_round).values_list("trip_id", "physician_id", "rank")
    )
    order = np.lexsort((ranked_rank, ranked_trip))
    ranked_trip, ranked_physician = ranked_trip[order], ranked_physician[order]
    # Trips whose organization did not rank take the engine's order of their applicants.
    unranked = np.setdiff1d(trip, ranked_trip)
    progress("ordering")
    if len(unranked):
        # The engine reads the physicians' rows, specialties included: read once for both.
        rows = physician_rows_among(physicians)
        specialty_physician, specialty_id = _primary_first(*_row_specialties(rows, physicians))
    else:
        rows = None
        specialty_physician, specialty_id = _specialty_columns(IdArray(physicians))
    engine_trip, engine_physician = engine_order_columns(
        match_round=match_round, trip_ids=unranked, today=today, applicants=(physician, trip), rows=rows
    )

    in_round = set(physicians.tolist())
    couples = tuple(
        sorted(
            (a, b)
            for a, b in CoupleLink.objects.filter(confirmed=True).values_list("physician_id", "partner_id")
            if a in in_round and b in in_round
        )
    )
    return RoundColumns(
        physicians=physicians,
        preference_physician=physician,
        preference_trip=trip,
        specialty_physician=specialty_physician,
        specialty_id=specialty_id,
        ranking_trip=np.concatenate([ranked_trip, engine_trip]),
        ranking_physician=np.concatenate([ranked_physician, engine_physician]),
        program_trip=program_trip,
        program_specialty=program_specialty,
        program_places=places - filled,
        couples=couples,
    )


def _specialty_columns(physician_ids):
    """(physician ids, specialty ids): each physician's specialties, primary first, then the
    others by id (the primary not repeated), physicians in id order; `physician_ids` is a
    queryset of ids (used as a subquery) or an `IdArray`."""
    primary_owner, primary = id_columns(
        among(PhysicianProfile.objects.filter(primary_specialty__isnull=False), "pk", physician_ids).values_list(
            "pk", "primary_specialty_id"
        )
    )
    through = among(PhysicianProfile.other_specialties.through.objects.all(), "physicianprofile_id", physician_ids)
    return _primary_first(
        primary_owner, primary, *id_columns(through.values_list("physicianprofile_id", "specialty_id"))
    )


def _row_specialties(rows, physician_ids):
    """(primary owners, primaries, other owners, others) of `physician_ids` from `PhysicianRows`."""
    primary = np.isin(rows.ids, physician_ids) & (rows.primary > 0)
    other_owner = rows.ids[rows.specialty_owner]
    other = np.isin(other_owner, physician_ids)
    return rows.ids[primary], rows.primary[primary], other_owner[other], rows.specialty_id[other]


def _primary_first(primary_owner, primary, other_owner, other):
    """`_specialty_columns`' order from each physician's primary and other specialties."""
    keys = (primary_owner << 32) | primary
    repeated = np.isin((other_owner << 32) | other, keys)
    other_owner, other = other_owner[~repeated], other[~repeated]
    owner = np.concatenate([primary_owner, other_owner])
    specialty = np.concatenate([primary, other])
    is_other = np.r_[np.zeros(len(primary), dtype=np.int64), np.ones(len(other), dtype=np.int64)]
    order = np.lexsort((specialty, is_other, owner))
    return owner[order], specialty[order]
