"""The Celery application: configured from Django's settings (the CELERY_ names), tasks
found in each app's tasks.py."""

import os
from logging.config import dictConfig

from celery import Celery
from celery.signals import setup_logging
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("missionmatch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_django_logging(**kwargs):
    """Workers log through Django's LOGGING (JSON lines in production) instead of Celery's own set-up."""
    dictConfig(settings.LOGGING)
