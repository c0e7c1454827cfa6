"""Scheduled work of conversations: one service call, safe to run twice."""

from celery import shared_task

from .services import conversation_emails_send


@shared_task(name="conversations.send_message_emails", acks_late=True)
def send_message_emails():
    """Beat, every 5 minutes: the batched new-message emails (at most one per conversation per window)."""
    return conversation_emails_send()
