"""Cover calendars: the periods of the year a host organization wants a clinician of a
specialty on site at its year-round facility, and the cover rounds that propose stays to
fill them (the plan itself is `matching.engine.cover`)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MAX_MINIMUM_STAY_WEEKS = 26


class CoverCalendar(models.Model):
    """One organization's wish for continuous cover in one specialty."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="cover_calendars"
    )
    specialty = models.ForeignKey("physicians.Specialty", on_delete=models.PROTECT, related_name="cover_calendars")
    minimum_stay_weeks = models.PositiveSmallIntegerField(
        _("minimum stay (weeks)"),
        default=2,
        help_text=_("The shortest stay worth the handover: a clinician needs time to learn the place."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization", "specialty__name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "specialty"], name="cover_calendar_once_per_specialty"),
            models.CheckConstraint(
                condition=Q(minimum_stay_weeks__gte=1) & Q(minimum_stay_weeks__lte=MAX_MINIMUM_STAY_WEEKS),
                name="cover_calendar_minimum_stay_range",
            ),
        ]

    def __str__(self):
        return f"{self.organization}: {self.specialty}"


class CoverPeriod(models.Model):
    """A stretch of dates the organization wants covered."""

    calendar = models.ForeignKey(CoverCalendar, on_delete=models.CASCADE, related_name="periods")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="cover_period_end_after_start"),
        ]

    def __str__(self):
        return f"{self.start_date} – {self.end_date}"


class CoverRoundState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


ACTIVE_COVER_ROUND_STATES = (CoverRoundState.QUEUED, CoverRoundState.RUNNING)


class CoverRound(models.Model):
    """One run of the cover round for a calendar, queued by a member and carried out by a worker."""

    calendar = models.ForeignKey(CoverCalendar, on_delete=models.CASCADE, related_name="rounds")
    state = models.CharField(max_length=10, choices=CoverRoundState.choices, default=CoverRoundState.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    weeks_wanted = models.PositiveIntegerField(default=0)
    weeks_covered = models.PositiveIntegerField(default=0)
    optimal = models.BooleanField(default=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=CoverRoundState.values), name="cover_round_state_valid"),
            # One round at a time per calendar.
            models.UniqueConstraint(
                fields=["calendar"],
                condition=Q(state__in=ACTIVE_COVER_ROUND_STATES),
                name="cover_round_one_active_per_calendar",
            ),
        ]

    def __str__(self):
        return f"{self.calendar} ({self.get_state_display()})"

    @property
    def weeks_uncovered(self):
        return self.weeks_wanted - self.weeks_covered


class CoverProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Dismissed")


class CoverProposal(models.Model):
    """A proposed stay: a physician's availability cut to a wanted period. Accepting it
    drafts a trip for the stay, to which the organization then invites the physician."""

    cover_round = models.ForeignKey(CoverRound, on_delete=models.CASCADE, related_name="proposals")
    physician = models.ForeignKey("physicians.PhysicianProfile", on_delete=models.CASCADE, related_name="+")
    start_date = models.DateField()
    end_date = models.DateField()
    weeks = models.PositiveSmallIntegerField()
    fit = models.FloatField()
    status = models.CharField(max_length=10, choices=CoverProposalStatus.choices, default=CoverProposalStatus.PROPOSED)
    trip = models.ForeignKey("trips.Trip", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="cover_proposal_end_after_start"),
            models.CheckConstraint(
                condition=Q(status__in=CoverProposalStatus.values), name="cover_proposal_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.physician} {self.start_date} – {self.end_date}"
