"""Deletions the services do not make still reach the trip- and physician-feature stores.

Trips and organizations are never deleted in admin or by a service (they are cancelled or
suspended), but a deletion by a script, a shell or a cascade must not leave a trip in the
stores of the app servers: the next matches page would show a trip that is gone. The same
holds for a physician whose account is deleted (a cascade from the user)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from organizations.models import Organization
from physicians.models import PhysicianProfile
from trips.models import Trip

from .generation import engine_input_changed, volunteer_input_changed


@receiver(post_delete, sender=Trip, dispatch_uid="matching-trip-deleted")
def trip_deleted(sender, instance, **kwargs):
    engine_input_changed(trip_ids=[instance.pk])


@receiver(post_delete, sender=Organization, dispatch_uid="matching-organization-deleted")
def organization_deleted(sender, instance, **kwargs):
    engine_input_changed(organization_ids=[instance.pk])


@receiver(post_delete, sender=PhysicianProfile, dispatch_uid="matching-physician-deleted")
def physician_deleted(sender, instance, **kwargs):
    volunteer_input_changed(physician_ids=[instance.pk])
