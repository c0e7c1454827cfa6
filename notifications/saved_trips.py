"""Saving a trip to come back to it (its deadline reminder is in `deadline_reminders`)."""

from django.db import IntegrityError, transaction

from .models import SavedTrip


def saved_trip_toggle(*, user, trip):
    """Save the trip for the user, or forget it if it was saved. Returns True when the
    trip is now saved."""
    deleted, _by_model = SavedTrip.objects.filter(user=user, trip=trip).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            SavedTrip.objects.create(user=user, trip=trip)
    except IntegrityError:  # a double click saved it already
        pass
    return True
