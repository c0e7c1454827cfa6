"""/health/outbox/: fails when email is not going out (for alerting, not for load balancing)."""

import dataclasses
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

from portal.health import HealthView

from .models import OutboundEmail


@dataclasses.dataclass
class OutboxDelivery(HealthCheck):
    """No email is dead, and none has waited longer than OUTBOX_HEALTH_MAX_AGE_SECONDS."""

    def run(self):
        dead = OutboundEmail.objects.dead().count()
        if dead:
            raise ServiceUnavailable(f"{dead} dead email(s): see the outbox in admin")
        max_age = timedelta(seconds=settings.OUTBOX_HEALTH_MAX_AGE_SECONDS)
        oldest = OutboundEmail.objects.undelivered().order_by("created_at").values_list("created_at", flat=True)
        oldest = oldest.first()
        if oldest is not None and timezone.now() - oldest > max_age:
            minutes = int((timezone.now() - oldest).total_seconds() // 60)
            raise ServiceUnavailable(f"The oldest undelivered email has waited {minutes} minutes")


class OutboxHealthView(HealthView):
    def get_checks(self):
        return [OutboxDelivery()]
