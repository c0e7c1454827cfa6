import pytest

import vocabulary
from applications.services import application_create
from credentials.models import TripDocumentRequirement
from physicians.specialties import common_specialty
from tests.factories import (
    CredentialDocumentFactory,
    MembershipFactory,
    OrganizationFactory,
    PhysicianProfileFactory,
    TripFactory,
    UserFactory,
)

IDENTITIES = ["owner", "other_physician", "member", "other_member", "admin", "anonymous"]


@pytest.fixture
def world(db):
    """A physician who applied to a trip requiring a medical licence, with a licence and a CV
    uploaded, and one user of each identity."""
    organization = OrganizationFactory(verified=True, strong_evidence=True)
    trip = TripFactory(open=True, organization=organization)
    TripDocumentRequirement.objects.create(trip=trip, kind=vocabulary.MEDICAL_LICENCE, days_before_departure=21)
    physician = PhysicianProfileFactory()
    application = application_create(physician=physician, trip=trip, specialty=common_specialty("family-medicine"))
    licence = CredentialDocumentFactory(physician=physician, kind=vocabulary.MEDICAL_LICENCE, verified=True)
    cv = CredentialDocumentFactory(physician=physician, kind=vocabulary.CV)
    users = {
        "owner": physician.user,
        "other_physician": PhysicianProfileFactory().user,
        "member": MembershipFactory(organization=organization).user,
        "other_member": MembershipFactory(organization=OrganizationFactory(verified=True)).user,
        "admin": UserFactory(is_staff=True, is_superuser=True),
        "anonymous": None,
    }
    return {
        "organization": organization,
        "trip": trip,
        "physician": physician,
        "application": application,
        "licence": licence,
        "cv": cv,
        "users": users,
    }


def as_identity(client, world, identity):
    client.logout()
    if world["users"][identity] is not None:
        client.force_login(world["users"][identity])
    return client
