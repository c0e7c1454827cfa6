from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


# A physician holds at most one application in these states per trip.
ACTIVE_APPLICATION_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED, ApplicationStatus.ACCEPTED)


class Application(models.Model):
    physician = models.ForeignKey("physicians.PhysicianProfile", on_delete=models.CASCADE, related_name="applications")
    trip = models.ForeignKey("trips.Trip", on_delete=models.CASCADE, related_name="applications")
    specialty = models.ForeignKey("physicians.Specialty", on_delete=models.PROTECT, related_name="applications")
    note = models.TextField(_("note to the organization"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The database, not the form, stops a double-submitted application.
            models.UniqueConstraint(
                fields=["physician", "trip"],
                condition=Q(status__in=ACTIVE_APPLICATION_STATUSES),
                name="application_one_active_per_trip",
            ),
            models.CheckConstraint(condition=Q(status__in=ApplicationStatus.values), name="application_status_valid"),
        ]
        indexes = [models.Index(fields=["trip", "status"]), models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.physician} → {self.trip} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status in ACTIVE_APPLICATION_STATUSES


class ApplicationDecision(models.Model):
    """Audit history of every status change of an application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self):
        return f"{self.application}: {self.from_status} → {self.to_status}"
