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
# A physician who applied, was declined or withdrew has answered this trip already: no
# invitation to it, and no suggesting them for it again.
ANSWERED_APPLICATION_STATUSES = (*ACTIVE_APPLICATION_STATUSES, ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN)


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The applications this user may see: their own, and those to their organizations'
        trips; staff see every application. Anonymous users see none."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(Q(physician__user=user) | Q(trip__organization__memberships__user=user)).distinct()


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
    start_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApplicationQuerySet.as_manager()

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


class ChecklistItem(models.Model):
    """One preparation step for an accepted volunteer; created when the application is accepted."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checklist_items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "position"]
        constraints = [models.UniqueConstraint(fields=["application", "position"], name="checklist_position_unique")]

    def __str__(self):
        return self.title


class Review(models.Model):
    """An accepted volunteer's structured review of the organization after a completed trip."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="review")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="reviews")
    follow_up_happened = models.BooleanField(_("patients were followed up after we left"))
    local_staff_involved = models.BooleanField(_("local staff were involved and learned"))
    preparation_adequate = models.BooleanField(_("the preparation I was given was adequate"))
    would_return = models.BooleanField(_("I would go with this organization again"))
    text = models.TextField(_("your review"), blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Review of {self.organization} by {self.application.physician}"


class PostTripReport(models.Model):
    """The organization's account of a completed trip."""

    trip = models.OneToOneField("trips.Trip", on_delete=models.CASCADE, related_name="report")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="reports")
    patients_seen = models.PositiveIntegerField(_("patients seen"))
    follow_ups_handed_to_local_staff = models.PositiveIntegerField(_("follow-ups handed to local staff"))
    local_staff_trained = models.PositiveIntegerField(_("local staff trained"))
    what_changed = models.TextField(_("what changed for the community"), max_length=5000)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(patients_seen__gte=0)
                & Q(follow_ups_handed_to_local_staff__gte=0)
                & Q(local_staff_trained__gte=0),
                name="post_trip_report_counts_not_negative",
            ),
        ]

    def __str__(self):
        return f"Report on {self.trip}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for your answer")
    APPLIED = "applied", _("Applied")
    DECLINED = "declined", _("Declined")


class TripInvitation(models.Model):
    """An organization's invitation to a suggested physician to apply to one of its trips.
    It lapses with the trip's application deadline; one per physician and trip, ever."""

    trip = models.ForeignKey("trips.Trip", on_delete=models.CASCADE, related_name="invitations")
    physician = models.ForeignKey(
        "physicians.PhysicianProfile", on_delete=models.CASCADE, related_name="trip_invitations"
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField(_("note to the physician"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "physician"], name="trip_invitation_once_per_physician"),
            models.CheckConstraint(
                condition=Q(status__in=InvitationStatus.values), name="trip_invitation_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["trip", "created_at"])]

    def __str__(self):
        return f"Invitation to {self.trip} for {self.physician}"

    @property
    def expires_on(self):
        return self.trip.application_deadline
