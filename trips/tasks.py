"""Scheduled jobs of trips (beat), each an idempotent service call."""

from celery import shared_task

from .services import trip_spread_refresh


@shared_task(name="trips.refresh_spread", acks_late=True)
def refresh_spread():
    return trip_spread_refresh()
