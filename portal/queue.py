"""Enqueue a task by its name, so services never import the tasks that sit above them.

With a broker the task is published for a worker. Without one (`make run`, the tests) it
runs in this process at once, which is what eager mode means; `send_task` alone would
ignore eager mode.
"""

import logging

from django.db import transaction

from .celery import app

logger = logging.getLogger(__name__)


def enqueue(name, **kwargs):
    """Run task `name` with keyword arguments now (eager) or hand it to a worker. A broker
    that cannot be reached is logged and not raised: every caller's work is already
    committed and a sweep or a retry picks it up. Returns the task id, or None."""
    try:
        if app.conf.task_always_eager:
            return _task(name).apply(kwargs=kwargs).id
        return app.send_task(name, kwargs=kwargs).id
    except Exception:  # broker unreachable (kombu raises several kinds): never fail the caller
        logger.exception("Could not enqueue %s %s", name, kwargs)
        return None


def enqueue_on_commit(name, **kwargs):
    """Enqueue once the surrounding transaction commits, so the worker finds the rows the
    task is about; nothing is enqueued if it rolls back."""
    transaction.on_commit(lambda: enqueue(name, **kwargs))


def _task(name):
    if name not in app.tasks:
        # The tasks modules are imported by a worker at start; an eager caller imports them here.
        app.loader.import_default_modules()
    return app.tasks[name]
