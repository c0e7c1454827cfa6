"""Health checks for load balancers and alerting, with django-health-check's checks.

The pages are plain synchronous views that run each check in the request's own thread:
django-health-check's view is asynchronous and runs checks in other threads, which under
a WSGI server buys nothing and would read the database through other connections."""

import dataclasses
import datetime
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.exceptions import HealthCheckException, ServiceUnavailable

from .celery import app

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection (Redis or RabbitMQ alike, through kombu)."""

    timeout: datetime.timedelta = dataclasses.field(default=datetime.timedelta(seconds=2), repr=False)

    def run(self):
        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=self.timeout.total_seconds())
        except Exception as error:  # kombu raises a different kind per transport
            raise ServiceUnavailable(f"Broker unreachable: {type(error).__name__}") from error


@dataclasses.dataclass
class Cache(HealthCheck):
    """The default cache stores and returns a value."""

    def run(self):
        key = f"health-check:{uuid.uuid4().hex}"
        try:
            cache.set(key, "ok", 5)
            answered = cache.get(key)
            cache.delete(key)
        except Exception as error:  # each cache backend raises its own errors
            raise ServiceUnavailable(f"Cache unavailable: {type(error).__name__}") from error
        if answered != "ok":
            raise ServiceUnavailable("Cache did not return what it stored")


@method_decorator([never_cache, transaction.non_atomic_requests], name="dispatch")
class HealthView(View):
    """200 when every check passes, else 500; JSON, or text with ?format=text."""

    def get_checks(self):
        raise NotImplementedError

    def get(self, request):
        results = {}
        for check in self.get_checks():
            try:
                check.run()
            except HealthCheckException as error:
                logger.warning("Health check %r failed: %s", check, error)
                results[repr(check)] = str(error)
            except Exception:
                logger.exception("Health check %r raised", check)
                results[repr(check)] = "unknown error"
            else:
                results[repr(check)] = "OK"
        status = 200 if all(value == "OK" for value in results.values()) else 500
        if request.GET.get("format") == "text":
            text = "".join(f"{name}: {value}\n" for name, value in results.items())
            return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
        return JsonResponse(results, status=status)


class ServersHealthView(HealthView):
    """/health/: what an app server needs to answer requests. The outbox has its own page,
    so one bad address never takes servers out of rotation."""

    def get_checks(self):
        checks = [Database(), Cache()]
        if settings.CELERY_BROKER_URL:
            checks.append(Broker())
        return checks


@never_cache
@transaction.non_atomic_requests
def live(request):
    """/health/live/: the process answers; nothing else is asked."""
    return HttpResponse("ok\n", content_type="text/plain")
