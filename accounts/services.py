"""What happens when someone joins: a physician profile, or an organization they own."""

from django.db import transaction

from organizations.services import organization_create
from physicians.models import PhysicianProfile

# The roles a new account can take at sign-up.
PHYSICIAN, ORGANIZATION = "physician", "organization"


@transaction.atomic
def account_role_setup(*, user, role, display_name="", organization_name="", registration_country=""):
    """Create the physician profile, or the organization (pending vetting) with the user as owner."""
    if role == PHYSICIAN:
        return PhysicianProfile.objects.create(user=user, display_name=display_name)
    if role == ORGANIZATION:
        return organization_create(owner=user, name=organization_name, registration_country=registration_country)
    raise ValueError(f"Unknown role {role!r}")
