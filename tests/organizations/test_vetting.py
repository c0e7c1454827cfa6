import pytest
from django.core.exceptions import ValidationError

from organizations.models import VettingDecision, VettingStatus
from organizations.services import ALLOWED_VETTING_TRANSITIONS, organization_change_vetting_status
from tests.factories import OrganizationFactory, TripFactory
from trips.models import TripStatus
from trips.selectors import trip_list_public

pytestmark = pytest.mark.django_db

ALL_PAIRS = [(a, b) for a in VettingStatus.values for b in VettingStatus.values if a != b]


@pytest.mark.parametrize(("from_status", "to_status"), ALL_PAIRS)
def test_every_transition_is_either_recorded_or_refused(from_status, to_status, admin_user):
    organization = OrganizationFactory(vetting_status=from_status)
    allowed = to_status in ALLOWED_VETTING_TRANSITIONS[from_status]
    if allowed:
        decision = organization_change_vetting_status(
            organization=organization, to_status=to_status, decided_by=admin_user, reason="Checked references."
        )
        organization.refresh_from_db()
        assert organization.vetting_status == to_status
        assert (decision.from_status, decision.to_status, decision.decided_by) == (from_status, to_status, admin_user)
    else:
        with pytest.raises(ValidationError):
            organization_change_vetting_status(
                organization=organization, to_status=to_status, decided_by=admin_user, reason="Checked."
            )
        organization.refresh_from_db()
        assert organization.vetting_status == from_status
        assert not VettingDecision.objects.filter(organization=organization).exists()


def test_the_expected_workflow_is_allowed():
    assert VettingStatus.VERIFIED in ALLOWED_VETTING_TRANSITIONS[VettingStatus.PENDING]
    assert VettingStatus.SUSPENDED in ALLOWED_VETTING_TRANSITIONS[VettingStatus.VERIFIED]
    assert VettingStatus.VERIFIED not in ALLOWED_VETTING_TRANSITIONS[VettingStatus.REJECTED]


def test_a_reason_is_required(admin_user):
    organization = OrganizationFactory()
    with pytest.raises(ValidationError) as error:
        organization_change_vetting_status(
            organization=organization, to_status=VettingStatus.VERIFIED, decided_by=admin_user, reason="   "
        )
    assert "reason" in error.value.message_dict
    assert not VettingDecision.objects.exists()


def test_suspending_an_organization_hides_its_open_trips(admin_user):
    trip = TripFactory(open=True)
    assert trip in trip_list_public()
    organization_change_vetting_status(
        organization=trip.organization, to_status=VettingStatus.SUSPENDED, decided_by=admin_user, reason="Complaint."
    )
    assert trip not in trip_list_public()
    trip.refresh_from_db()
    assert trip.status == TripStatus.OPEN  # restored as-is if the organization is verified again
