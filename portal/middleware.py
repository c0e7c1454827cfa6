import logging

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer 503 (with Retry-After) when the database is unreachable, instead of a 500.

    Each request runs in its own transaction (ATOMIC_REQUESTS), so a request cut off by a
    database restart leaves no half-written rows. Broken connections are closed here so
    the next request reconnects by itself once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)) or not _connection_lost(exception):
            return None
        logger.error("Database unavailable while serving %s: %s", request.path, exception)
        for connection in connections.all():
            # The request's own transaction has already rolled back here; an enclosing
            # block (a test's) owns its connection and must not lose it.
            if connection.in_atomic_block:
                continue
            if connection.connection is not None and not connection.is_usable():
                connection.close()
        # A standalone template: rendering base.html would touch the database again.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response


def _connection_lost(exception):
    """Lost or refused connections, not programming errors such as a bad SQL statement."""
    if isinstance(exception, InterfaceError):
        return True
    message = str(exception).lower()
    markers = (
        "connection",
        "server closed",
        "terminating",
        "could not connect",
        "database is locked",
        "the database system is",
        "no route",
        "timeout",
    )
    return isinstance(exception, DatabaseError) and any(marker in message for marker in markers)
