"""What every log line says about where it comes from: the request or the task."""

import contextvars
import logging

from celery import current_task

request_id = contextvars.ContextVar("request_id", default="")


class ContextFilter(logging.Filter):
    """Adds `request_id` (set by RequestIdMiddleware) and `task_id` (the running Celery task)."""

    def filter(self, record):
        record.request_id = request_id.get()
        record.task_id = _current_task_id()
        return True


def _current_task_id():
    # A proxy: false outside a task.
    if not current_task:
        return ""
    return current_task.request.id or ""
