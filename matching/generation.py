"""The engine-input generations: bumped by the services whose writes change what the
matching engine reads, read once a request by the trip-feature store (trips and
organizations) and by the physician-feature store (physicians)."""

from django.db.models import F

from .models import EngineInputChange, EngineInputStamp, VolunteerInputChange, VolunteerInputStamp

STAMP_PK = 1
# Changes kept for stores lagging behind; a store further behind rebuilds whole.
CHANGES_KEPT = 500


def engine_input_changed(*, trip_ids=None, organization_ids=None):
    """Record that trips, places or organization evidence changed: the trips `trip_ids`, the
    trips of `organization_ids`, or (neither given) anything. Call it after the write,
    inside the same transaction when there is one: the new generation then becomes visible
    with the data, and a store built from it cannot miss the write."""
    if not EngineInputStamp.objects.filter(pk=STAMP_PK).update(generation=F("generation") + 1):
        EngineInputStamp.objects.get_or_create(pk=STAMP_PK, defaults={"generation": 0})
        EngineInputStamp.objects.filter(pk=STAMP_PK).update(generation=F("generation") + 1)
    generation = engine_input_generation()
    rows = [EngineInputChange(generation=generation, trip_id=pk) for pk in set(trip_ids or ())]
    rows += [EngineInputChange(generation=generation, organization_id=pk) for pk in set(organization_ids or ())]
    EngineInputChange.objects.bulk_create(rows or [EngineInputChange(generation=generation)])
    EngineInputChange.objects.filter(generation__lte=generation - CHANGES_KEPT).delete()


def engine_input_generation():
    """The current generation (0 before the first write): one query."""
    return EngineInputStamp.objects.filter(pk=STAMP_PK).values_list("generation", flat=True).first() or 0


def engine_input_changes_since(generation, *, up_to):
    """(trip ids, organization ids) changed after `generation` up to `up_to`, or None when
    the whole store must be rebuilt (a change naming nothing, or changes no longer kept)."""
    rows = list(
        EngineInputChange.objects.filter(generation__gt=generation, generation__lte=up_to).values_list(
            "generation", "trip_id", "organization_id"
        )
    )
    if up_to - generation >= CHANGES_KEPT or len({g for g, _t, _o in rows}) < up_to - generation:
        return None
    trips, organizations = set(), set()
    for _generation, trip_id, organization_id in rows:
        if trip_id is None and organization_id is None:
            return None
        if trip_id is not None:
            trips.add(trip_id)
        if organization_id is not None:
            organizations.add(organization_id)
    return trips, organizations


# --- The physicians' side -----------------------------------------------------------


def volunteer_input_changed(*, physician_ids=None):
    """Record that the physicians `physician_ids` (None: any physician) changed what the
    engine reads about them. As `engine_input_changed`: after the write, inside its
    transaction."""
    if not VolunteerInputStamp.objects.filter(pk=STAMP_PK).update(generation=F("generation") + 1):
        VolunteerInputStamp.objects.get_or_create(pk=STAMP_PK, defaults={"generation": 0})
        VolunteerInputStamp.objects.filter(pk=STAMP_PK).update(generation=F("generation") + 1)
    generation = volunteer_input_generation()
    if physician_ids is None:
        rows = [VolunteerInputChange(generation=generation)]
    else:
        # An empty list still moves the generation (a write that named no one).
        rows = [VolunteerInputChange(generation=generation, physician_id=pk) for pk in set(physician_ids)]
        rows = rows or [VolunteerInputChange(generation=generation, physician_id=0)]
    VolunteerInputChange.objects.bulk_create(rows)
    VolunteerInputChange.objects.filter(generation__lte=generation - CHANGES_KEPT).delete()


def volunteer_input_generation():
    """The physicians' current generation (0 before the first write): one query."""
    return VolunteerInputStamp.objects.filter(pk=STAMP_PK).values_list("generation", flat=True).first() or 0


def volunteer_input_changes_since(generation, *, up_to):
    """The ids of the physicians changed after `generation` up to `up_to`, or None when the
    whole store must be rebuilt (a change naming no one, or changes no longer kept)."""
    rows = list(
        VolunteerInputChange.objects.filter(generation__gt=generation, generation__lte=up_to).values_list(
            "generation", "physician_id"
        )
    )
    if up_to - generation >= CHANGES_KEPT or len({g for g, _p in rows}) < up_to - generation:
        return None
    if any(physician_id is None for _g, physician_id in rows):
        return None
    return {physician_id for _g, physician_id in rows if physician_id}
