"""Celery tasks of the outbox and the alerts: ids in, one service call, safe to run twice."""

from celery import shared_task

from trips.models import Trip

from .deadline_reminders import saved_trip_deadline_reminders_send
from .new_trip_alerts import saved_search_alerts_send, saved_search_notify_trip_opened
from .services import email_deliver, email_sweep


@shared_task(name="notifications.deliver_email", acks_late=True)
def deliver_email(email_id):
    """Send one outbox email; the claim makes a second delivery of the same task a no-op."""
    return email_deliver(email_id=email_id)


@shared_task(name="notifications.sweep_outbox", acks_late=True)
def sweep_outbox():
    """Beat, every minute: hand due emails (retries, and those whose task was lost) to workers."""
    return email_sweep()


@shared_task(name="notifications.notify_saved_searches_of_opened_trip", acks_late=True)
def notify_saved_searches_of_opened_trip(trip_id):
    """Email the saved searches a just-opened trip matches (each search is told once)."""
    trip = Trip.objects.filter(pk=trip_id).first()
    return saved_search_notify_trip_opened(trip=trip) if trip is not None else 0


@shared_task(name="notifications.send_saved_search_alerts", acks_late=True)
def send_saved_search_alerts():
    return saved_search_alerts_send()


@shared_task(name="notifications.send_deadline_reminders", acks_late=True)
def send_deadline_reminders():
    return saved_trip_deadline_reminders_send()
