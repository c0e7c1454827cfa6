import logging
import re
import uuid
from io import BytesIO

from django.db import DatabaseError, DataError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.template.loader import render_to_string

from .logs import request_id

logger = logging.getLogger(__name__)


class RequestIdMiddleware:
    """Give each request an id for its log lines: the proxy's X-Request-ID when it sends a
    plausible one, else a new one; echoed in the response so a report can quote it."""

    PLAUSIBLE = re.compile(r"^[A-Za-z0-9._-]{8,128}$")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        token = request_id.set(given if self.PLAUSIBLE.match(given) else uuid.uuid4().hex)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id.get()
            return response
        finally:
            request_id.reset(token)


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
        if not connection_lost(exception):
            return None
        logger.error("Database unavailable while serving %s: %s", request.path, exception)
        for connection in connections.all():
            # The request's own transaction has already rolled back here; an enclosing
            # block (a test's) owns its connection and must not lose it.
            if connection.in_atomic_block:
                continue
            if connection.connection is not None and not connection.is_usable():
                connection.close()
        return outage_response()


def outage_response():
    # A standalone template: rendering base.html would touch the database again.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    return response


def connection_lost(exception):
    """Lost or refused connections, not programming errors such as a bad SQL statement."""
    if not isinstance(exception, (OperationalError, InterfaceError)):
        return False
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


class SQLiteWriteLockMiddleware:
    """On SQLite, begin the request's transaction with BEGIN IMMEDIATE when the request may
    write (POST, PUT, PATCH, DELETE), plain BEGIN otherwise.

    In WAL mode a transaction that read first cannot later take the write lock once another
    process has committed (SQLITE_BUSY_SNAPSHOT, "database is locked", no waiting), so
    writers must hold the lock from the start; readers must not, or every page would wait
    for every other. PostgreSQL needs none of this.
    """

    SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        connection = connections["default"]
        if connection.vendor != "sqlite":
            return self.get_response(request)
        # Connect first: connecting resets transaction_mode from the settings.
        connection.ensure_connection()
        connection.transaction_mode = None if request.method in self.SAFE_METHODS else "IMMEDIATE"
        try:
            return self.get_response(request)
        finally:
            connection.transaction_mode = None


class RejectNullBytesMiddleware:
    """Refuse input containing NUL characters with a 400. PostgreSQL cannot store or even
    compare them (psycopg raises DataError), so they must never reach a query, whichever
    form, serializer field or URL carries them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_null(request):
            return bad_request(request, "Null characters are not allowed in requests.")
        return self.get_response(request)

    def process_exception(self, request, exception):
        # An id or number beyond 64 bits, from any form or URL, overflows the database's
        # integers (SQLite raises OverflowError): it is bad input, not a server fault.
        if isinstance(exception, OverflowError):
            return bad_request(request, "A number in this request is too large.")
        # The last line of defence should a NUL arrive by a way the check above does not read.
        if isinstance(exception, DataError) and "NUL" in str(exception):
            return bad_request(request, "Null characters are not allowed in requests.")
        return None


def bad_request(request, message):
    """A 400: in the API's JSON error shape (as its schema documents) under /api/, plain text elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return HttpResponseBadRequest(message, content_type="text/plain")


def _has_null(request):
    if (
        "\x00" in request.path
        or "%00" in request.META.get("QUERY_STRING", "")
        or "\x00" in request.META.get("QUERY_STRING", "")
    ):
        return True
    content_type = request.META.get("CONTENT_TYPE", "")
    if request.method in ("POST", "PUT", "PATCH") and not content_type.startswith("multipart/"):
        body = request.body
        return b"\x00" in body or b"%00" in body or b"\\u0000" in body
    if content_type.startswith("multipart/"):
        return any(
            "\x00" in name or any("\x00" in value for value in values) for name, values in _multipart_fields(request)
        )
    return False


def _multipart_fields(request):
    """The form fields of a multipart body. Django parses request.POST only for POST, but
    DRF parses multipart for PUT and PATCH as well, so those are parsed here the same way."""
    if request.method == "POST":
        return request.POST.lists()
    try:
        fields, _files = MultiPartParser(
            request.META, BytesIO(request.body), request.upload_handlers, request.encoding
        ).parse()
    except MultiPartParserError:
        return []  # malformed: the API's own parser answers 400 for it
    return fields.lists()
