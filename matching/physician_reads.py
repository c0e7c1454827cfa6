"""Physicians as the engine reads them, from plain rows: many at once as `PhysicianRows`
(the round, the physician-feature store, the waitlist and cover) in five queries, and the
signed-in physician with the engine-input generation in two (`physician_for_matching`)."""

from datetime import date
from functools import cache

import numpy as np
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Case, F, IntegerField, QuerySet, Sum, When

from physicians.models import AvailabilityWindow, MotivationWeight, PhysicianLanguage, PhysicianProfile
from portal.sql_names import column, table

from .cursor_reads import DayOrdinal, IdArray, JsonLists, among, id_columns, raw_rows
from .engine import MOTIVATIONS, DateWindow, LanguageSkill, PhysicianRows, VolunteerProfile
from .generation import STAMP_PK
from .models import EngineInputStamp


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
