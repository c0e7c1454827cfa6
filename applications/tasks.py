"""Scheduled jobs of applications (beat), each an idempotent service call."""

from celery import shared_task

from .services import applications_expire_unanswered, trip_start_reminders_send


@shared_task(name="applications.expire_unanswered", acks_late=True)
def expire_unanswered():
    return applications_expire_unanswered()


@shared_task(name="applications.send_trip_reminders", acks_late=True)
def send_trip_reminders():
    return trip_start_reminders_send()
