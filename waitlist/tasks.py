"""Scheduled work of waitlist offers: one service call, safe to run twice."""

from celery import shared_task

from .services import waitlist_offers_lapse


@shared_task(name="waitlist.lapse_offers", acks_late=True)
def lapse_offers():
    """Beat, hourly: offers past their deadline lapse and the place goes to the next applicant."""
    return waitlist_offers_lapse()
