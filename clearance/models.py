"""Clearance to practise, per accepted application: the host-country registration the
coordinator records and the organization's sign-off (the documents come from credentials).
And what a volunteer shares only once accepted: emergency contact and fitness statement."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Clearance(models.Model):
    """Created the first time anything is recorded for an accepted application; until then
    the selectors read the defaults (registration not started, no sign-off)."""

    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE, related_name="clearance")
    registration_status = models.CharField(
        _("host-country registration"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.NOT_STARTED,
    )
    registration_reference = models.CharField(_("reference number"), max_length=100, blank=True)
    registration_submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    registration_decided_on = models.DateField(_("decided on"), null=True, blank=True)
    registration_valid_until = models.DateField(_("valid until"), null=True, blank=True)
    registration_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    flagged_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_status__in=RegistrationStatus.values), name="clearance_registration_valid"
            ),
        ]

    def __str__(self):
        return f"Clearance of {self.application}"


class VolunteerReadiness(models.Model):
    """Part of the physician's profile, shared with an organization only once it accepts them."""

    physician = models.OneToOneField("physicians.PhysicianProfile", on_delete=models.CASCADE, related_name="readiness")
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=150)
    emergency_contact_relationship = models.CharField(_("relationship"), max_length=100, blank=True)
    emergency_contact_phone = models.CharField(_("phone"), max_length=40)
    emergency_contact_email = models.EmailField(_("email"), blank=True)
    fitness_statement = models.TextField(
        _("medical fitness statement"),
        max_length=2000,
        help_text=_("That you are fit to travel and work in the trip's conditions, and anything the team should know."),
    )
    fitness_declared_on = models.DateField(_("declared on"), auto_now=True)

    class Meta:
        verbose_name_plural = _("volunteer readiness")

    def __str__(self):
        return f"Readiness of {self.physician}"
