"""Scheduled jobs of organizations (beat), each an idempotent service call."""

from celery import shared_task

from .services import host_feedback_request_for_completed_trips


@shared_task(name="organizations.send_host_feedback_requests", acks_late=True)
def send_host_feedback_requests():
    return host_feedback_request_for_completed_trips()
