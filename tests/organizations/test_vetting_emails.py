"""Every vetting decision emails the organization's owners, with the reason."""

import pytest
from django.core.exceptions import ValidationError

from notifications.models import OutboundEmail
from organizations.models import MembershipRole, VettingStatus
from organizations.services import organization_change_vetting_status
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("from_status", "to_status", "words"),
    [
        (VettingStatus.PENDING, VettingStatus.VERIFIED, "now public"),
        (VettingStatus.PENDING, VettingStatus.NEEDS_INFORMATION, "resubmit"),
        (VettingStatus.PENDING, VettingStatus.REJECTED, "apply again"),
        (VettingStatus.VERIFIED, VettingStatus.SUSPENDED, "hidden from volunteers"),
    ],
)
def test_owners_are_emailed_the_decision_and_its_reason(admin_user, from_status, to_status, words):
    organization = OrganizationFactory(vetting_status=from_status)
    owners = [MembershipFactory(organization=organization, role=MembershipRole.OWNER).user for _ in range(2)]
    editor = MembershipFactory(organization=organization, role=MembershipRole.EDITOR).user
    organization_change_vetting_status(
        organization=organization, to_status=to_status, decided_by=admin_user, reason="References checked with MoH."
    )
    emails = list(OutboundEmail.objects.all())
    assert sorted(e.to for e in emails) == sorted(o.email for o in owners)
    assert editor.email not in {e.to for e in emails}
    body = emails[0].body
    assert "References checked with MoH." in body
    assert words in body
    assert VettingStatus(to_status).label.lower() in emails[0].subject
    assert f"/manage/{organization.slug}/" in body


def test_a_refused_decision_emails_nobody(admin_user):
    organization = OrganizationFactory(vetting_status=VettingStatus.REJECTED)
    MembershipFactory(organization=organization, role=MembershipRole.OWNER)
    with pytest.raises(ValidationError):
        organization_change_vetting_status(
            organization=organization, to_status=VettingStatus.VERIFIED, decided_by=admin_user, reason="x"
        )
    assert not OutboundEmail.objects.exists()
