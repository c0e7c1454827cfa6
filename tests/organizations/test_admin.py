"""Vetting in Django admin, through the test client."""

import pytest
from django.urls import reverse

from organizations.models import VettingDecision, VettingStatus
from tests.factories import OrganizationFactory, PhysicianProfileFactory, TripFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:organizations_organization_changelist")


def run_action(client, action, organizations, reason=None):
    data = {"action": action, "_selected_action": [o.pk for o in organizations]}
    if reason is not None:
        data.update(apply="1", reason=reason)
    return client.post(CHANGELIST, data, follow=reason is not None)


@pytest.mark.parametrize(
    ("action", "start", "end"),
    [
        ("vet_verified", VettingStatus.PENDING, VettingStatus.VERIFIED),
        ("vet_needs_information", VettingStatus.PENDING, VettingStatus.NEEDS_INFORMATION),
        ("vet_rejected", VettingStatus.PENDING, VettingStatus.REJECTED),
        ("vet_suspended", VettingStatus.VERIFIED, VettingStatus.SUSPENDED),
    ],
)
def test_each_action_asks_for_a_reason_then_records_the_decision(admin_client, admin_user, action, start, end):
    organization = OrganizationFactory(vetting_status=start)
    page = run_action(admin_client, action, [organization])
    assert page.status_code == 200
    assert b"reason" in page.content.lower() and organization.name.encode() in page.content
    organization.refresh_from_db()
    assert organization.vetting_status == start  # nothing changes before the reason is given

    response = run_action(admin_client, action, [organization], reason="Spoke with the host clinic director.")
    assert response.status_code == 200
    organization.refresh_from_db()
    assert organization.vetting_status == end
    decision = VettingDecision.objects.get(organization=organization)
    assert (decision.from_status, decision.to_status) == (start, end)
    assert decision.decided_by == admin_user
    assert decision.reason == "Spoke with the host clinic director."


def test_an_empty_reason_is_a_form_error(admin_client):
    organization = OrganizationFactory()
    response = run_action(admin_client, "vet_verified", [organization], reason="")
    assert response.status_code == 200
    assert b"This field is required" in response.content
    organization.refresh_from_db()
    assert organization.vetting_status == VettingStatus.PENDING


def test_an_invalid_transition_is_refused_with_a_message(admin_client):
    organization = OrganizationFactory(vetting_status=VettingStatus.REJECTED)
    response = run_action(admin_client, "vet_suspended", [organization], reason="Trying to suspend.")
    assert response.status_code == 200
    assert "cannot become suspended" in response.content.decode()
    organization.refresh_from_db()
    assert organization.vetting_status == VettingStatus.REJECTED
    assert not VettingDecision.objects.exists()


def test_the_history_is_shown_read_only_on_the_organization_page(admin_client):
    organization = OrganizationFactory()
    run_action(admin_client, "vet_verified", [organization], reason="All evidence checked.")
    page = admin_client.get(reverse("admin:organizations_organization_change", args=[organization.pk]))
    body = page.content.decode()
    assert "All evidence checked." in body
    assert 'name="vetting_decisions-0-reason"' not in body  # not editable


def test_admin_lists_filter_and_search(admin_client):
    OrganizationFactory(name="Jinotega Health", vetting_status=VettingStatus.VERIFIED)
    OrganizationFactory(name="Cusco Eyes")
    body = admin_client.get(CHANGELIST, {"vetting_status__exact": "verified"}).content.decode()
    assert "Jinotega Health" in body and "Cusco Eyes" not in body
    body = admin_client.get(CHANGELIST, {"q": "Cusco"}).content.decode()
    assert "Cusco Eyes" in body and "Jinotega Health" not in body
    PhysicianProfileFactory(display_name="Dr. Ana Quispe")
    TripFactory(title="Cataract camp")
    assert (
        "Dr. Ana Quispe" in admin_client.get(reverse("admin:physicians_physicianprofile_changelist")).content.decode()
    )
    assert "Cataract camp" in admin_client.get(reverse("admin:trips_trip_changelist")).content.decode()


def test_non_staff_cannot_reach_the_admin(client, physician):
    client.force_login(physician.user)
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
