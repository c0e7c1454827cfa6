from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

import vocabulary.choices
from organizations.models import VettingStatus


class TripStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class TripQuerySet(models.QuerySet):
    def public(self):
        """The visibility rule: open trips of verified organizations. Used everywhere."""
        return self.filter(status=TripStatus.OPEN, organization__vetting_status=VettingStatus.VERIFIED)

    def visible_to(self, user):
        """The trips `trips.view_trip` (trips/rules.py) lets this user see, as one filter:
        public ones, their organization's, the ones they applied to; staff see every trip."""
        if user.is_authenticated and user.is_staff:
            return self
        public = Q(status=TripStatus.OPEN, organization__vetting_status=VettingStatus.VERIFIED)
        if not user.is_authenticated:
            return self.filter(public)
        return self.filter(
            public | Q(organization__memberships__user=user) | Q(applications__physician__user=user)
        ).distinct()

    def accepting_applications(self, today=None):
        today = today or timezone.localdate()
        return self.public().filter(application_deadline__gte=today)

    def for_organization(self, organization):
        return self.filter(organization=organization)

    def with_related(self):
        return self.select_related("organization").prefetch_related(
            models.Prefetch("specialty_needs", queryset=TripSpecialtyNeed.objects.select_related("specialty")),
            "languages",
        )


class Trip(models.Model):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="trips")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    country = CountryField(_("country"))
    place = models.CharField(_("place"), max_length=200, help_text=_("Town or district where care is given."))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    application_deadline = models.DateField(_("application deadline"))
    cost_usd = models.PositiveIntegerField(_("volunteer cost (USD)"), default=0)
    cost_covers = models.TextField(_("what the cost covers"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=TripStatus.choices, default=TripStatus.DRAFT)
    continuity_plan = models.TextField(
        _("continuity plan"),
        blank=True,
        help_text=_("Who follows up this trip's patients after the volunteers leave, and how."),
    )
    supervision_provided = models.BooleanField(
        _("supervision provided"),
        default=False,
        help_text=_("An experienced local or visiting clinician supervises trainees and newcomers."),
    )
    accepted_training_levels = models.JSONField(
        _("accepted training levels"), default=list, blank=True, help_text=_("Empty means every level.")
    )
    host_registration_requirements = models.TextField(
        _("host-country registration requirements"),
        blank=True,
        help_text=_("What volunteers must file with the host country's medical authority before practising."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TripQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="trip_end_after_start"),
            models.CheckConstraint(
                condition=Q(application_deadline__lte=F("start_date")), name="trip_deadline_before_start"
            ),
            models.CheckConstraint(condition=Q(status__in=TripStatus.values), name="trip_status_valid"),
        ]
        indexes = [
            models.Index(fields=["status", "start_date"]),
            models.Index(fields=["status", "application_deadline"]),
            models.Index(fields=["country", "status"]),
            models.Index(fields=["cost_usd"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("trips:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self):
        """The visibility rule of `TripQuerySet.public()`, for a trip already in hand."""
        return self.status == TripStatus.OPEN and self.organization.vetting_status == VettingStatus.VERIFIED

    @property
    def duration_days(self):
        return (self.end_date - self.start_date).days + 1

    @property
    def places_left(self):
        """Open places over all specialties (uses the prefetched needs)."""
        return sum(need.places_left for need in self.specialty_needs.all())


class TripSpecialtyNeed(models.Model):
    """Places for one specialty on a trip. `places_filled` moves only inside the
    application services under a row lock; the constraint makes over-filling impossible
    even if a bug tried."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="specialty_needs")
    specialty = models.ForeignKey("physicians.Specialty", on_delete=models.PROTECT, related_name="trip_needs")
    places = models.PositiveSmallIntegerField(_("places"))
    places_filled = models.PositiveSmallIntegerField(_("places filled"), default=0)
    # Refreshed on a schedule (trips.services.trip_spread_refresh, a beat task), not on every
    # application, so ranking reads them with the needs and the matches page stays cheap.
    active_applications = models.PositiveIntegerField(default=0, editable=False)
    # Whether the host's cover calendar wants this specialty on site on some week of the trip
    # that nobody covers yet (cover.services.cover_gaps_refresh keeps it current).
    fills_cover_gap = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["specialty__name"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "specialty"], name="trip_specialty_need_unique"),
            models.CheckConstraint(condition=Q(places__gt=0), name="trip_specialty_places_positive"),
            models.CheckConstraint(condition=Q(places_filled__lte=F("places")), name="trip_specialty_not_overfilled"),
        ]

    def __str__(self):
        return f"{self.specialty}: {self.places_left} of {self.places} open"

    @property
    def places_left(self):
        return self.places - self.places_filled


class TripLanguage(models.Model):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=5, choices=vocabulary.choices.LANGUAGE_CHOICES)

    class Meta:
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["trip", "language"], name="trip_language_unique")]

    def __str__(self):
        return self.get_language_display()


class TripStatusChange(models.Model):
    """Audit history of a trip's status."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="status_changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=20, choices=TripStatus.choices)
    to_status = models.CharField(max_length=20, choices=TripStatus.choices)

    class Meta:
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=TripStatus.values), name="trip_status_change_from_valid"
            ),
            models.CheckConstraint(condition=Q(to_status__in=TripStatus.values), name="trip_status_change_to_valid"),
            models.CheckConstraint(condition=~Q(from_status=F("to_status")), name="trip_status_change_changes_status"),
        ]

    def __str__(self):
        return f"{self.trip}: {self.from_status} → {self.to_status}"
