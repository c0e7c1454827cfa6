"""A physician's two referees, and the organization's private, single-use, expiring requests
to them (the token stored hashed; the answers seen by that organization and admins only)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_REFEREES = 2


class Referee(models.Model):
    physician = models.ForeignKey("physicians.PhysicianProfile", on_delete=models.CASCADE, related_name="referees")
    position = models.PositiveSmallIntegerField(editable=False)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    relationship = models.CharField(_("relationship"), max_length=150, help_text=_("e.g. head of department"))

    class Meta:
        ordering = ["physician", "position"]
        constraints = [
            models.UniqueConstraint(fields=["physician", "position"], name="referee_position_unique"),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_REFEREES), name="referee_two_at_most"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.relationship})"


class Recommendation(models.TextChoices):
    STRONGLY = "strongly", _("Strongly recommend")
    YES = "yes", _("Recommend")
    RESERVATIONS = "reservations", _("Recommend with reservations")
    NO = "no", _("Do not recommend")


class ReferenceRequest(models.Model):
    referee = models.ForeignKey(Referee, on_delete=models.CASCADE, related_name="requests")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="reference_requests"
    )
    # sha256 of the token in the link; the token itself is never stored.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    known_for_years = models.PositiveSmallIntegerField(_("how many years have you known them?"), null=True)
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=Recommendation.choices, blank=True)
    clinical_competence = models.TextField(_("clinical competence"), blank=True, max_length=3000)
    teamwork_and_conduct = models.TextField(_("teamwork and conduct"), blank=True, max_length=3000)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["referee", "application"], name="reference_request_once_per_application")
        ]

    def __str__(self):
        return f"Reference from {self.referee} for {self.application}"

    @property
    def answered(self):
        return self.answered_at is not None
