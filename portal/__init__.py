# Loaded with Django so that @shared_task and the enqueue helper use our configured app.
from .celery import app as celery_app

__all__ = ["celery_app"]
