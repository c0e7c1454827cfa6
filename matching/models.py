from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _

MAX_PREFERENCES = 10


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Taking preferences")
    COMPLETED = "completed", _("Results published")


class MatchRound(models.Model):
    """A Match-style round: physicians rank open trips, organizations rank applicants
    (or accept the engine's order), and deferred acceptance assigns places."""

    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    preference_deadline = models.DateField(_("preferences due"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    run_at = models.DateTimeField(null=True, blank=True)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    # Finalising turns the assignments into accepted applications that fill places; after
    # that the round can be neither re-run nor finalised again.
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RoundStatus.values), name="match_round_status_valid"),
            # Only a round whose results are published can be finalised.
            models.CheckConstraint(
                condition=Q(finalised_at__isnull=True) | Q(status=RoundStatus.COMPLETED),
                name="match_round_finalised_only_when_completed",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_finalised(self):
        return self.finalised_at is not None


class MatchPreference(models.Model):
    """A physician's ranked choice of a trip in a round (1 = first choice)."""

    match_round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="preferences")
    physician = models.ForeignKey(
        "physicians.PhysicianProfile", on_delete=models.CASCADE, related_name="match_preferences"
    )
    trip = models.ForeignKey("trips.Trip", on_delete=models.CASCADE, related_name="match_preferences")
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        ordering = ["match_round", "physician", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["match_round", "physician", "trip"], name="match_preference_trip_once"),
            models.UniqueConstraint(fields=["match_round", "physician", "rank"], name="match_preference_rank_once"),
            models.CheckConstraint(
                condition=Q(rank__gte=1) & Q(rank__lte=MAX_PREFERENCES), name="match_preference_rank_range"
            ),
        ]

    def __str__(self):
        return f"{self.physician} #{self.rank}: {self.trip}"


class TripApplicantRanking(models.Model):
    """An organization's order of the physicians who ranked its trip (1 = most wanted).
    A trip with no rows uses the engine's reverse ranking; physicians left out of a
    non-empty ranking are not acceptable to the trip."""

    match_round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="trip_rankings")
    trip = models.ForeignKey("trips.Trip", on_delete=models.CASCADE, related_name="applicant_rankings")
    physician = models.ForeignKey("physicians.PhysicianProfile", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField(_("rank"))

    class Meta:
        ordering = ["match_round", "trip", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["match_round", "trip", "physician"], name="trip_ranking_physician_once"),
            models.UniqueConstraint(fields=["match_round", "trip", "rank"], name="trip_ranking_rank_once"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="trip_ranking_rank_positive"),
        ]

    def __str__(self):
        return f"{self.trip} #{self.rank}: {self.physician}"


class MatchAssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The results this user may see: their own place, their organizations' trips'
        volunteers; staff see every result. Anonymous users see none."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(Q(physician__user=user) | Q(trip__organization__memberships__user=user)).distinct()


class MatchAssignment(models.Model):
    """The round's result: one place for a physician on a trip, in one specialty."""

    # A round writes every assignment at once (80,000 at national scale). On PostgreSQL each
    # database foreign key is checked by a trigger per row at commit (about half a second a
    # key) and each index costs about a fifth of a second. The round's and the specialty's
    # keys are left to Django: the run holds the round's row locked from its first read to
    # its commit, deleting a round deletes its assignments through the ORM, and a specialty
    # in use is protected by the ORM and by the trip's places it came from. Physicians and
    # trips, which may be deleted while a round runs, keep the database's check. Lookups by
    # round use the unique constraint's index (round first); nothing looks up by specialty.
    match_round = models.ForeignKey(
        MatchRound, on_delete=models.CASCADE, related_name="assignments", db_constraint=False, db_index=False
    )
    physician = models.ForeignKey(
        "physicians.PhysicianProfile", on_delete=models.CASCADE, related_name="match_assignments"
    )
    trip = models.ForeignKey("trips.Trip", on_delete=models.CASCADE, related_name="match_assignments")
    specialty = models.ForeignKey(
        "physicians.Specialty", on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    preference_rank = models.PositiveSmallIntegerField()

    objects = MatchAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["match_round", "trip", "specialty", "physician"]
        constraints = [
            models.UniqueConstraint(fields=["match_round", "physician"], name="match_assignment_one_per_physician"),
        ]

    def __str__(self):
        return f"{self.physician} → {self.trip} ({self.specialty})"


class CoupleLink(models.Model):
    """Two physicians who ask to be matched to the same trip. The partner must confirm."""

    physician = models.ForeignKey(
        "physicians.PhysicianProfile", on_delete=models.CASCADE, related_name="couple_requests"
    )
    partner = models.ForeignKey(
        "physicians.PhysicianProfile", on_delete=models.CASCADE, related_name="couple_invitations"
    )
    confirmed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["physician", "partner"], name="couple_link_once"),
            # A and B are one couple whichever of them asked: no mirrored second link.
            models.UniqueConstraint(
                Least("physician", "partner"), Greatest("physician", "partner"), name="couple_link_one_per_pair"
            ),
            models.CheckConstraint(condition=~Q(physician=models.F("partner")), name="couple_link_not_self"),
        ]

    def __str__(self):
        return f"{self.physician} & {self.partner}"


class RoundJobKind(models.TextChoices):
    RUN = "run", _("Run")
    FINALISE = "finalise", _("Finalise")


class RoundJobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


ACTIVE_JOB_STATES = (RoundJobState.QUEUED, RoundJobState.RUNNING)

# The phases a job passes through, in order; the progress bar of a run moves phase by phase,
# finalising's by the places accepted.
RUN_PHASES = {
    "reading": _("reading preferences and places"),
    "ordering": _("ordering the applicants of unranked trips"),
    "matching": _("matching"),
    "writing": _("writing the results"),
}
FINALISE_PHASES = {
    "checking": _("checking places under row locks"),
    "accepting": _("accepting matched physicians"),
}


class RoundJob(models.Model):
    """One run or finalising of a round, done by a worker; the row is its visible progress.

    Written outside the round's own transaction (see `matching.progress`), so the admin page
    can show the phase while the round is still running. A round has at most one job queued
    or running at a time (a constraint), so a second run of a running round is refused."""

    match_round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=10, choices=RoundJobKind.choices)
    state = models.CharField(max_length=10, choices=RoundJobState.choices, default=RoundJobState.QUEUED)
    phase = models.CharField(max_length=20, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The broker's id for the task that carries the job out; empty while no broker has taken
    # it (it was down when the job was queued), which the sweep (`matching.jobs`) hands over again.
    task_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["match_round"],
                condition=Q(state__in=["queued", "running"]),
                name="round_job_one_active_per_round",
            ),
            models.CheckConstraint(condition=Q(kind__in=RoundJobKind.values), name="round_job_kind_valid"),
            models.CheckConstraint(condition=Q(state__in=RoundJobState.values), name="round_job_state_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.match_round} ({self.get_state_display()})"

    @property
    def is_active(self):
        return self.state in ACTIVE_JOB_STATES

    @property
    def awaits_broker(self):
        """Queued, and no broker has taken its task yet."""
        return self.state == RoundJobState.QUEUED and not self.task_id

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def phase_display(self):
        return {**RUN_PHASES, **FINALISE_PHASES}.get(self.phase, self.phase)


class EngineInputStamp(models.Model):
    """One row whose `generation` grows with every write that changes what the matching
    engine reads about trips and organizations. Each app server compares it with the
    generation of its in-memory trip-feature store (one cheap read a request) and rebuilds
    the store when they differ. A database row rather than the cache: the cache may be per
    process or down, and the row commits with the write that bumped it."""

    generation = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("engine input stamp")

    def __str__(self):
        return f"generation {self.generation}"


class EngineInputChange(models.Model):
    """Which trips or organizations a generation changed, so a store can re-read only those
    rows. A row naming neither means "anything may have changed": rebuild the whole store."""

    generation = models.BigIntegerField(db_index=True)
    trip_id = models.BigIntegerField(null=True, blank=True)
    organization_id = models.BigIntegerField(null=True, blank=True)

    def __str__(self):
        return f"generation {self.generation}: trip {self.trip_id}, organization {self.organization_id}"


class VolunteerInputStamp(models.Model):
    """The physicians' side of `EngineInputStamp`: one row whose `generation` grows with
    every write that changes what the engine reads about physicians (profiles, specialties,
    languages, availability, motivations, training level and licence), compared by each app
    server with its physician-feature store."""

    generation = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("volunteer input stamp")

    def __str__(self):
        return f"generation {self.generation}"


class VolunteerInputChange(models.Model):
    """Which physicians a generation of `VolunteerInputStamp` changed, so a store can re-read
    only those. A row naming none means "anything may have changed": rebuild the store."""

    generation = models.BigIntegerField(db_index=True)
    physician_id = models.BigIntegerField(null=True, blank=True)

    def __str__(self):
        return f"generation {self.generation}: physician {self.physician_id}"
