"""Waitlist offers: when a place frees, the next waitlisted applicant for that specialty is
offered it with a deadline."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

DEFAULT_OFFER_HOURS = 72


class WaitlistSettings(models.Model):
    """Per trip; a trip without a row makes automatic offers with the default deadline."""

    trip = models.OneToOneField("trips.Trip", on_delete=models.CASCADE, related_name="waitlist_settings")
    automatic_offers = models.BooleanField(_("offer freed places to the waitlist automatically"), default=True)
    offer_hours = models.PositiveSmallIntegerField(_("hours to accept an offer"), default=DEFAULT_OFFER_HOURS)

    class Meta:
        verbose_name_plural = _("waitlist settings")
        constraints = [models.CheckConstraint(condition=Q(offer_hours__gte=1), name="waitlist_offer_hours_positive")]

    def __str__(self):
        return f"Waitlist of {self.trip}"


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Lapsed")
    CANCELLED = "cancelled", _("Cancelled")


class WaitlistOffer(models.Model):
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="waitlist_offers"
    )
    trip = models.ForeignKey("trips.Trip", on_delete=models.CASCADE, related_name="waitlist_offers")
    specialty = models.ForeignKey("physicians.Specialty", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    offered_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-offered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(status=OfferStatus.OPEN), name="waitlist_one_open_offer"
            ),
            models.CheckConstraint(condition=Q(status__in=OfferStatus.values), name="waitlist_offer_status_valid"),
        ]
        indexes = [models.Index(fields=["status", "expires_at"]), models.Index(fields=["trip", "specialty", "status"])]

    def __str__(self):
        return f"Offer to {self.application} until {self.expires_at:%Y-%m-%d %H:%M}"
