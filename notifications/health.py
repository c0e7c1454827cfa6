"""/health/outbox/: fails when email is not going out (for alerting, not for load balancing)."""

import dataclasses
from datetime import timedelta

from asgiref.sync import sync_to_async
from django.conf import settings
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from .models import OutboundEmail


@dataclasses.dataclass
class OutboxDelivery(HealthCheck):
    """No email is dead, and none has waited longer than OUTBOX_HEALTH_MAX_AGE_SECONDS."""

    async def run(self):
        # On the request's own thread and connection (what it reads is the request's view of the database).
        await sync_to_async(self._check)()

    def _check(self):
        dead = OutboundEmail.objects.dead().count()
        if dead:
            raise ServiceUnavailable(f"{dead} dead email(s): see the outbox in admin")
        max_age = timedelta(seconds=settings.OUTBOX_HEALTH_MAX_AGE_SECONDS)
        oldest = OutboundEmail.objects.undelivered().order_by("created_at").values_list("created_at", flat=True)
        oldest = oldest.first()
        if oldest is not None and timezone.now() - oldest > max_age:
            minutes = int((timezone.now() - oldest).total_seconds() // 60)
            raise ServiceUnavailable(f"The oldest undelivered email has waited {minutes} minutes")


class OutboxHealthView(HealthCheckView):
    checks = [OutboxDelivery]
