"""Scheduled work of clearance to practise: one service call, safe to run twice."""

from celery import shared_task

from .services import clearance_reminders_send


@shared_task(name="clearance.send_reminders", acks_late=True)
def send_reminders():
    """Beat, daily: remind volunteers not cleared as the deadline nears, flag them after it."""
    reminders, flags = clearance_reminders_send()
    return {"reminders": reminders, "flags": flags}
