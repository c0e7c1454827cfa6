"""Health checks for load balancers (django-health-check): the process, the database,
the cache and, when one is configured, the broker."""

import dataclasses
import datetime

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from .celery import app


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


class ServersHealthView(HealthCheckView):
    """/health/: what an app server needs to answer requests. The outbox has its own page,
    so one bad address never takes servers out of rotation."""

    @property
    def checks(self):
        checks = [Database, Cache]
        if settings.CELERY_BROKER_URL:
            checks.append(Broker)
        return checks


@never_cache
@transaction.non_atomic_requests
def live(request):
    """/health/live/: the process answers; nothing else is asked."""
    return HttpResponse("ok\n", content_type="text/plain")
