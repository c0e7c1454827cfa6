"""Trip features as columns (one row a trip) and a volunteer as vectors over those columns.

`TripFeatures` holds every value the engine reads about a trip and its organization, built
once from the offers and never changed afterwards (a new store is a new object), so many
threads may read one while another builds its successor. `VolunteerVector` is one
physician's profile laid out against a store's columns, built once per request.
"""

from dataclasses import dataclass
from functools import cached_property

import numpy as np

import vocabulary

from . import weights as w
from .checks import _trip_checks
from .patched_rows import PatchedRows
from .preparation import _Organization, _Volunteer
from .trip_columns import OneVolunteerColumns

MOTIVATIONS = vocabulary.MOTIVATION_KEYS
TRAINING_LEVELS = vocabulary.TRAINING_LEVEL_KEYS
# The three values the language check takes for a trip, by the volunteer's best proficiency
# in its languages: none, basic only, useful (see `_trip_checks`).
LANGUAGE_CLASS_PROFICIENCY = (0, vocabulary.BASIC, vocabulary.USEFUL_PROFICIENCY)


def language_class(proficiency):
    """0, 1 or 2 for an array (or a number) of best proficiencies."""
    return np.where(proficiency >= vocabulary.USEFUL_PROFICIENCY, 2, np.where(proficiency > 0, 1, 0))


def _motivation_satisfaction(checks):
    """(satisfaction per motivation in MOTIVATIONS order, safeguard) for one set of checks, summed
    in the order `_motivation_fit` sums them."""
    satisfaction = []
    for motivation in MOTIVATIONS:
        value_sum = 0.0
        for check, share in w.MOTIVATION_EVIDENCE.get(motivation, ()):
            value = checks[check]
            if value > 0:
                value_sum += share * value
        satisfaction.append(value_sum)
    safeguard = sum(share * checks[check] for check, share in w.SAFEGUARD_EVIDENCE)
    return satisfaction, safeguard


@dataclass(frozen=True, eq=False)
class TripFeatures:
    """Every trip the engine may rank, as arrays of equal length (row i is `offers[i]`)."""

    offers: tuple  # or `PatchedRows` in a refreshed store: a sequence either way
    ids: np.ndarray  # int64
    organization_ids: np.ndarray  # int64
    start: np.ndarray  # int64 day ordinals
    end: np.ndarray
    deadline: np.ndarray
    days: np.ndarray  # trip length in days (end - start + 1)
    is_open: np.ndarray  # bool
    verified: np.ndarray  # bool, the organization's vetting
    # The organization's practice flags the trip search filters on.
    year_round_facility: np.ndarray  # bool
    follow_up_plan: np.ndarray  # bool
    trains_local_staff: np.ndarray  # bool
    cost: np.ndarray  # int64 USD
    supervision: np.ndarray  # bool
    any_level: np.ndarray  # bool: accepts every training level
    accepts_level: np.ndarray  # bool, rows × TRAINING_LEVELS
    specialty_columns: dict  # specialty id -> column of `has_place`
    has_place: np.ndarray  # bool, rows × specialties: a place is still open
    language_columns: dict  # language code -> column of `speaks`
    speaks: np.ndarray  # bool, rows × languages: a language of the trip
    has_languages: np.ndarray  # bool
    country_codes: tuple  # column index -> country code
    country: np.ndarray  # int64 index into country_codes
    quality: np.ndarray  # float64, organization quality 0..1
    satisfaction: np.ndarray  # float64, rows × 3 language classes × MOTIVATIONS
    safeguard: np.ndarray  # float64, rows × 3 language classes
    sustainability: np.ndarray  # int64, the organization's index (for explanations)
    education: np.ndarray  # int64
    preparation: np.ndarray  # int64
    penalty: np.ndarray  # float64, points the evidence floor takes off (0 above it)
    spread_need: np.ndarray  # float64, 0..1 from the scheduled congestion snapshot
    organizations: tuple  # `_Organization` per row (shared by an organization's trips); as `offers`

    def __post_init__(self):
        # A snapshot is shared by every thread of the process: nothing may write into it.
        for value in vars(self).values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False

    def __len__(self):
        return len(self.offers)

    @property
    def nbytes(self):
        """Memory held by the arrays, the one-volunteer layout included once made (the offers
        they were built from not counted)."""
        arrays = sum(value.nbytes for value in vars(self).values() if isinstance(value, np.ndarray))
        return arrays + (self.__dict__["one_volunteer"].nbytes if "one_volunteer" in self.__dict__ else 0)

    @cached_property
    def one_volunteer(self):
        """These columns laid out for ranking every trip for one volunteer
        (`OneVolunteerColumns`), made on first use and kept with the store."""
        return OneVolunteerColumns.of(self)

    @classmethod
    def from_offers(cls, offers):
        """Build the columns from engine `TripOffer`s (each organization's indices and
        checks computed once however many trips it has)."""
        offers = tuple(offers)
        n = len(offers)
        specialty_columns, language_columns, country_index = {}, {}, {}
        for offer in offers:
            for specialty_id, _left in offer.open_places:
                specialty_columns.setdefault(specialty_id, len(specialty_columns))
            for code in offer.languages:
                language_columns.setdefault(code, len(language_columns))
            country_index.setdefault(offer.country, len(country_index))
        has_place = np.zeros((n, max(1, len(specialty_columns))), dtype=bool)
        speaks = np.zeros((n, max(1, len(language_columns))), dtype=bool)
        accepts_level = np.zeros((n, len(TRAINING_LEVELS)), dtype=bool)
        satisfaction = np.zeros((n, 3, len(MOTIVATIONS)))
        safeguard = np.zeros((n, 3))
        organizations, by_org, by_checks = [], {}, {}
        for row, offer in enumerate(offers):
            for specialty_id, left in offer.open_places:
                if left > 0:
                    has_place[row, specialty_columns[specialty_id]] = True
            for code in offer.languages:
                speaks[row, language_columns[code]] = True
            for column, level in enumerate(TRAINING_LEVELS):
                accepts_level[row, column] = level in offer.accepted_training_levels
            # Keyed by the evidence object, not its value: an organization's trips share one
            # (hashing the frozen dataclass each time was a fifth of the build); equal copies
            # only cost a second computation of the same values.
            org = by_org.get(id(offer.organization))
            if org is None:
                org = by_org[id(offer.organization)] = _Organization(offer.organization)
            organizations.append(org)
            # The trip's checks vary with the organization only through these three flags.
            key = (id(offer.organization), offer.has_continuity_plan, offer.supervision_provided, offer.fills_cover_gap)
            tables = by_checks.get(key)
            if tables is None:
                tables = []
                for proficiency in LANGUAGE_CLASS_PROFICIENCY:
                    checks = dict(org.checks)
                    checks.update(_trip_checks(offer, proficiency))
                    tables.append(_motivation_satisfaction(checks))
                by_checks[key] = tables
            for klass, (values, guard) in enumerate(tables):
                satisfaction[row, klass] = values
                safeguard[row, klass] = guard

        def column(values, dtype):
            return np.fromiter(values, dtype=dtype, count=n)

        start = column((o.start.toordinal() for o in offers), np.int64)
        end = column((o.end.toordinal() for o in offers), np.int64)
        return cls(
            offers=offers,
            ids=column((o.id for o in offers), np.int64),
            organization_ids=column((o.organization.id for o in offers), np.int64),
            start=start,
            end=end,
            deadline=column((o.application_deadline.toordinal() for o in offers), np.int64),
            days=end - start + 1,
            is_open=column((o.is_open for o in offers), bool),
            verified=column((o.organization.is_verified for o in offers), bool),
            year_round_facility=column((o.organization.runs_year_round_facility for o in offers), bool),
            follow_up_plan=column((o.organization.has_follow_up_plan for o in offers), bool),
            trains_local_staff=column((o.organization.trains_local_staff for o in offers), bool),
            cost=column((o.cost_usd for o in offers), np.int64),
            supervision=column((o.supervision_provided for o in offers), bool),
            any_level=column((not o.accepted_training_levels for o in offers), bool),
            accepts_level=accepts_level,
            specialty_columns=specialty_columns,
            has_place=has_place,
            language_columns=language_columns,
            speaks=speaks,
            has_languages=column((bool(o.languages) for o in offers), bool),
            country_codes=tuple(country_index),
            country=column((country_index[o.country] for o in offers), np.int64),
            quality=column((org.quality for org in organizations), np.float64),
            satisfaction=satisfaction,
            safeguard=safeguard,
            sustainability=column((org.sustainability for org in organizations), np.int64),
            education=column((org.education for org in organizations), np.int64),
            preparation=column((org.preparation for org in organizations), np.int64),
            penalty=column((org.penalty for org in organizations), np.float64),
            spread_need=column((o.spread_need for o in offers), np.float64),
            organizations=tuple(organizations),
        )

    def taken(self, rows):
        """The trips at `rows` (store rows) as a store of their own, with this one's columns."""
        rows = np.asarray(rows, dtype=np.int64)
        arrays = {name: value[rows] for name, value in vars(self).items() if isinstance(value, np.ndarray)}
        picked = rows.tolist()
        return TripFeatures(
            offers=tuple(self.offers[i] for i in picked),
            specialty_columns=self.specialty_columns,
            language_columns=self.language_columns,
            country_codes=self.country_codes,
            organizations=tuple(self.organizations[i] for i in picked),
            **arrays,
        )

    def open_row_of(self, trip_id):
        """The row of the trip `trip_id` when it is open in this store, else None."""
        rows = np.flatnonzero(self.ids == trip_id)
        return int(rows[-1]) if len(rows) and self.is_open[rows[-1]] else None

    def evidence_of(self, organization_ids):
        """{organization id: its `OrganizationEvidence`} for those of `organization_ids` that
        have an open trip in this store (a closed row may hold evidence from before it closed)."""
        wanted = np.fromiter(organization_ids, dtype=np.int64)
        found = {}
        for row in np.flatnonzero(np.isin(self.organization_ids, wanted) & self.is_open).tolist():
            evidence = self.offers[row].organization
            found.setdefault(evidence.id, evidence)
        return found

    def replaced(self, trip_ids, offers):
        """A new store in which the trips `trip_ids` and those of `offers` (re-read trips,
        new or changed) are replaced, this one unchanged; or None when an offer names a
        specialty, language or country this store has no column for (build a new store then).

        Rows are patched, not rebuilt: a changed trip gets its new values in its own row, a
        new trip a row at the end, and a trip named without an offer (closed, deleted, its
        organization suspended) stays in its row as not open, which every ranking leaves
        out; the next whole build drops it. A column whose rows keep their values is shared
        with this store, any other is copied once, so the cost is at most a memory copy of
        the store rather than Python work per trip (a one-trip write copies a column or two)."""
        added = TripFeatures.from_offers(offers)
        if not (
            added.specialty_columns.keys() <= self.specialty_columns.keys()
            and added.language_columns.keys() <= self.language_columns.keys()
            and set(added.country_codes) <= set(self.country_codes)
        ):
            return None
        named = set(trip_ids) | {offer.id for offer in added.offers}
        rows = np.flatnonzero(np.isin(self.ids, np.fromiter(named, dtype=np.int64, count=len(named))))
        row_of = dict(zip(self.ids[rows].tolist(), rows.tolist(), strict=True))
        into = np.array([row_of.get(offer.id, -1) for offer in added.offers], dtype=np.int64)
        patched, appended = into >= 0, into < 0
        closed = np.array(sorted(set(rows.tolist()) - set(into[patched].tolist())), dtype=np.int64)

        def widened(matrix, columns, into_columns, width):
            out = np.zeros((len(added), width), dtype=matrix.dtype)
            if columns:
                out[:, [into_columns[key] for key in columns]] = matrix[:, [columns[key] for key in columns]]
            return out

        country_index = {code: i for i, code in enumerate(self.country_codes)}
        theirs = {name: value for name, value in vars(added).items() if isinstance(value, np.ndarray)}
        theirs["has_place"] = widened(
            added.has_place, added.specialty_columns, self.specialty_columns, self.has_place.shape[1]
        )
        theirs["speaks"] = widened(added.speaks, added.language_columns, self.language_columns, self.speaks.shape[1])
        theirs["country"] = np.array([country_index[added.country_codes[i]] for i in added.country], dtype=np.int64)
        at, appends = into[patched], appended.any()
        values = {}
        for name, mine in vars(self).items():
            if not isinstance(mine, np.ndarray):
                continue
            new_rows = theirs[name][patched]
            closes = name == "is_open" and mine[closed].any()
            if not appends and not closes and np.array_equal(mine[at], new_rows):
                values[name] = mine  # the same values: shared, as both stores are read-only
                continue
            column = np.concatenate([mine, theirs[name][appended]])  # a copy: this store stays as it is
            column[at] = new_rows
            if name == "is_open":
                column[closed] = False
            values[name] = column
        in_place = [(row, position) for position, row in enumerate(into.tolist()) if row >= 0]
        after = np.flatnonzero(appended).tolist()

        def rows_of(mine, theirs):
            return PatchedRows.of(mine).replaced({row: theirs[p] for row, p in in_place}, [theirs[p] for p in after])

        refreshed = TripFeatures(
            offers=rows_of(self.offers, added.offers),
            specialty_columns=self.specialty_columns,
            language_columns=self.language_columns,
            country_codes=self.country_codes,
            organizations=rows_of(self.organizations, added.organizations),
            **values,
        )
        if "one_volunteer" in vars(self):  # laid out already: the new layout keeps what did not change
            vars(refreshed)["one_volunteer"] = OneVolunteerColumns.of(refreshed, previous=(self, self.one_volunteer))
        return refreshed


@dataclass(frozen=True, eq=False)
class VolunteerVector:
    """One volunteer's profile against a store's columns."""

    prepared: _Volunteer  # the scalar facts, for the explanations of the rows shown
    specialty_columns: np.ndarray  # int64 columns of `has_place` the volunteer practises
    primary_column: int  # -1 when the primary specialty is not in the store (or not theirs)
    windows: tuple  # merged (start, end) ordinals
    language_columns: np.ndarray  # int64 columns of `speaks` the volunteer knows
    proficiency: np.ndarray  # int64, per known column
    motivation_weights: np.ndarray  # float64 over MOTIVATIONS
    weighted: float  # the fit's denominator (0: no motivation given)
    leaning: bool
    preferred_country: np.ndarray  # bool over the store's countries
    region_country: np.ndarray  # bool over the store's countries
    no_place_preference: bool
    max_budget_usd: int | None
    never_over_budget: bool
    level_column: int  # -1 for a level outside TRAINING_LEVELS
    trainee: bool
    lacks_licence: bool

    @classmethod
    def of(cls, volunteer, features):
        prepared = _Volunteer(volunteer)
        specialty_columns = sorted(
            features.specialty_columns[sid] for sid in volunteer.specialty_ids if sid in features.specialty_columns
        )
        primary = volunteer.primary_specialty_id
        primary_column = (
            features.specialty_columns.get(primary, -1)
            if primary is not None and primary in volunteer.specialty_ids
            else -1
        )
        known = [
            (features.language_columns[code], p)
            for code, p in prepared.languages.items()
            if code in features.language_columns and p > 0
        ]
        weights = np.array([float(prepared.weights.get(m, 0)) for m in MOTIVATIONS])
        return cls(
            prepared=prepared,
            specialty_columns=np.array(specialty_columns, dtype=np.int64),
            primary_column=primary_column,
            windows=prepared.windows,
            language_columns=np.array([c for c, _p in known], dtype=np.int64),
            proficiency=np.array([p for _c, p in known], dtype=np.int64),
            motivation_weights=weights,
            weighted=float(prepared.weighted),
            leaning=prepared.leaning,
            preferred_country=_over_countries(prepared.countries, features),
            region_country=_over_countries(prepared.region_countries, features),
            no_place_preference=prepared.no_place_preference,
            max_budget_usd=volunteer.max_budget_usd,
            never_over_budget=volunteer.never_over_budget and volunteer.max_budget_usd is not None,
            level_column=TRAINING_LEVELS.index(volunteer.training_level)
            if volunteer.training_level in TRAINING_LEVELS
            else -1,
            trainee=volunteer.training_level in (vocabulary.STUDENT, vocabulary.RESIDENT),
            lacks_licence=volunteer.licence_status != vocabulary.LICENCE_ACTIVE,
        )


def _over_countries(codes, features):
    """A bool over the store's countries: True for those of `codes`."""
    index = features.one_volunteer.country_index
    out = np.zeros(len(features.country_codes), dtype=bool)
    out[[index[code] for code in codes if code in index]] = True
    return out
