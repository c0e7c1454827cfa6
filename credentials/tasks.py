"""Scheduled work of credential documents: one service call, safe to run twice."""

from celery import shared_task

from .services import credential_expiry_reminders_send


@shared_task(name="credentials.send_expiry_reminders", acks_late=True)
def send_expiry_reminders():
    """Beat, daily: documents expiring within 60 and 14 days, each reminder sent once."""
    return credential_expiry_reminders_send()
