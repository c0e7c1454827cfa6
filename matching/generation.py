"""The engine-input generation: bumped by the services whose writes change what the
matching engine reads, read once a request by the trip-feature store."""

from django.db.models import F

from .models import EngineInputStamp

STAMP_PK = 1


def engine_input_changed():
    """Record that trips, places or organization evidence changed. Call it after the write,
    inside the same transaction when there is one: the new generation then becomes
    visible with the data, and a store built from it cannot miss the write."""
    if not EngineInputStamp.objects.filter(pk=STAMP_PK).update(generation=F("generation") + 1):
        stamp, created = EngineInputStamp.objects.get_or_create(pk=STAMP_PK, defaults={"generation": 1})
        if not created:
            EngineInputStamp.objects.filter(pk=STAMP_PK).update(generation=F("generation") + 1)


def engine_input_generation():
    """The current generation (0 before the first write): one query."""
    return EngineInputStamp.objects.filter(pk=STAMP_PK).values_list("generation", flat=True).first() or 0
