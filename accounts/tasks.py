"""Scheduled clean-up of accounts' data (beat)."""

from importlib import import_module

from celery import shared_task
from django.conf import settings


@shared_task(name="accounts.clear_expired_sessions", acks_late=True)
def clear_expired_sessions():
    """Drop expired sessions, as `manage.py clearsessions` does, for whichever session engine is configured."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
