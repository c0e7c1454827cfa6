"""Clearance to practise per accepted application: state transitions, who sees and records
it, reminders and the overdue flag, the trip's count, readiness shared only after acceptance."""

import os
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import vocabulary
from applications.models import Application, ApplicationStatus
from applications.services import application_create, application_decide
from clearance.models import RegistrationStatus, VolunteerReadiness
from clearance.selectors import clearance_for_application, clearance_states, clearance_summary_for_trip
from clearance.services import clearance_registration_record, clearance_reminders_send, clearance_sign_off
from conversations.models import Message
from credentials.models import CredentialDocument, TripDocumentRequirement
from notifications.models import OutboundEmail
from physicians.specialties import common_specialty
from references.models import ReferenceRequest
from tests.factories import (
    CredentialDocumentFactory,
    MembershipFactory,
    OrganizationFactory,
    PhysicianProfileFactory,
    TripFactory,
    UserFactory,
)
from waitlist.models import WaitlistOffer

pytestmark = pytest.mark.django_db
IDENTITIES = ["owner", "other_physician", "member", "other_member", "admin", "anonymous"]


@pytest.fixture
def world(db):
    organization = OrganizationFactory(verified=True, strong_evidence=True)
    trip = TripFactory(open=True, organization=organization)  # starts in 60 days, ends 13 days later
    TripDocumentRequirement.objects.create(trip=trip, kind=vocabulary.MEDICAL_LICENCE, days_before_departure=30)
    physician = PhysicianProfileFactory()
    member = MembershipFactory(organization=organization).user
    application = application_create(physician=physician, trip=trip, specialty=common_specialty("family-medicine"))
    VolunteerReadiness.objects.create(
        physician=physician,
        emergency_contact_name="Maria Contact-Private",
        emergency_contact_phone="+1 555 0100",
        fitness_statement="Fit for heat and long days.",
    )
    users = {
        "owner": physician.user,
        "other_physician": PhysicianProfileFactory().user,
        "member": member,
        "other_member": MembershipFactory(organization=OrganizationFactory(verified=True)).user,
        "admin": UserFactory(is_staff=True, is_superuser=True),
        "anonymous": None,
    }
    return {"trip": trip, "physician": physician, "application": application, "users": users, "member": member}


def accept(world):
    application_decide(
        application=world["application"], decision=ApplicationStatus.ACCEPTED, decided_by=world["member"]
    )
    world["application"].refresh_from_db()
    return world["application"]


def clear_fully(world):
    application = accept(world)
    CredentialDocumentFactory(physician=world["physician"], kind=vocabulary.MEDICAL_LICENCE, verified=True)
    today = timezone.localdate()
    clearance_registration_record(
        application=application,
        by_user=world["member"],
        status=RegistrationStatus.APPROVED,
        reference="PRC-1",
        submitted_on=today - timedelta(days=5),
        decided_on=today,
    )
    clearance_sign_off(application=application, by_user=world["member"])
    return application


def test_clearance_moves_from_missing_to_cleared(world):
    application = accept(world)
    state = clearance_for_application(application=application)
    assert not state.cleared
    assert [code for code, _params in state.missing] == ["document_missing", "registration", "sign_off"]
    document = CredentialDocumentFactory(physician=world["physician"], kind=vocabulary.MEDICAL_LICENCE)
    assert [c for c, _p in clearance_for_application(application=application).missing][0] == "document_not_verified"
    document.review_status = "verified"
    document.expires_on = world["trip"].start_date + timedelta(days=3)  # lapses during the trip
    document.save()
    assert [c for c, _p in clearance_for_application(application=application).missing][0] == (
        "document_expires_during_trip"
    )
    document.expires_on = world["trip"].end_date + timedelta(days=365)
    document.save()
    today = timezone.localdate()
    clearance_registration_record(
        application=application, by_user=world["member"], status="submitted", submitted_on=today
    )
    assert clearance_for_application(application=application).missing == [
        ("registration", {"status": "Submitted"}),
        ("sign_off", {}),
    ]
    clearance_registration_record(
        application=application, by_user=world["member"], status="approved", submitted_on=today, decided_on=today
    )
    clearance_sign_off(application=application, by_user=world["member"])
    assert clearance_for_application(application=application).cleared
    clearance_sign_off(application=application, by_user=world["member"], signed=False)
    assert not clearance_for_application(application=application).cleared


def test_registration_needs_its_dates(world):
    application = accept(world)
    with pytest.raises(ValidationError) as refused:
        clearance_registration_record(application=application, by_user=world["member"], status="approved")
    assert set(refused.value.message_dict) == {"submitted_on", "decided_on"}


def test_only_the_organization_records_and_only_for_accepted(world):
    with pytest.raises(ValidationError):
        clearance_sign_off(application=world["application"], by_user=world["member"])  # not accepted yet
    application = accept(world)
    for identity in ("owner", "other_member", "admin"):
        with pytest.raises(PermissionDenied):
            clearance_sign_off(application=application, by_user=world["users"][identity])


PAGE = {"owner": 200, "other_physician": 404, "member": 200, "other_member": 404, "admin": 200, "anonymous": 302}
RECORD = {"owner": 403, "other_physician": 404, "member": 302, "other_member": 404, "admin": 403, "anonymous": 302}
API = {**PAGE, "anonymous": 401}


@pytest.mark.parametrize("identity", IDENTITIES)
def test_page_and_api_by_identity(client, world, identity):
    application = accept(world)
    client.logout()
    if world["users"][identity] is not None:
        client.force_login(world["users"][identity])
    url = reverse("clearance:application", args=[application.pk])
    response = client.get(url)
    assert response.status_code == PAGE[identity]
    if response.status_code == 200:
        text = response.content.decode()
        assert "Medical licence: not uploaded" in text
        assert "Maria Contact-Private" in text  # shared once accepted
    assert client.post(url, {"sign_off": "1"}).status_code == RECORD[identity]
    assert clearance_for_application(application=application).signed_off == (identity == "member")
    api = client.get(f"/api/v1/applications/{application.pk}/clearance/")
    assert api.status_code == API[identity]
    if api.status_code == 200:
        assert api.json()["documents"][0]["kind"] == vocabulary.MEDICAL_LICENCE


def test_no_clearance_and_no_emergency_contact_before_acceptance(client, world):
    client.force_login(world["member"])
    assert client.get(reverse("clearance:application", args=[world["application"].pk])).status_code == 404
    assert client.get(f"/api/v1/applications/{world['application'].pk}/clearance/").status_code == 404
    inbox = client.get(reverse("applications:inbox", args=[world["trip"].pk])).content.decode()
    assert "Maria Contact-Private" not in inbox


def test_coordinator_records_registration_through_the_page(client, world):
    application = accept(world)
    client.force_login(world["member"])
    url = reverse("clearance:application", args=[application.pk])
    bad = client.post(url, {"status": "approved"})
    assert bad.status_code == 200 and bad.context["form"].errors
    good = client.post(url, {"status": "submitted", "reference": "PRC-9", "submitted_on": "2026-11-20"})
    assert good.status_code == 302
    record = clearance_for_application(application=application).record
    assert (record.registration_status, record.registration_reference, record.registration_recorded_by) == (
        "submitted",
        "PRC-9",
        world["member"],
    )


def test_the_trip_page_counts_cleared_volunteers(client, world):
    clear_fully(world)
    other = PhysicianProfileFactory()
    second = application_create(physician=other, trip=world["trip"], specialty=common_specialty("family-medicine"))
    application_decide(application=second, decision=ApplicationStatus.ACCEPTED, decided_by=world["member"])
    summary = clearance_summary_for_trip(trip=world["trip"])
    assert (summary["accepted"], summary["cleared"]) == (2, 1)
    client.force_login(world["member"])
    inbox = client.get(reverse("applications:inbox", args=[world["trip"].pk])).content.decode()
    assert "1 of 2 accepted volunteers cleared to practise" in inbox
    trip_page = client.get(world["trip"].get_absolute_url()).content.decode()
    assert "1 of 2 accepted volunteers cleared to practise" in trip_page  # the members' trip page says it too
    for identity in ("owner", "other_member"):
        client.force_login(world["users"][identity])
        assert "accepted volunteers cleared" not in client.get(world["trip"].get_absolute_url()).content.decode()
    client.logout()
    assert "accepted volunteers cleared" not in client.get(world["trip"].get_absolute_url()).content.decode()


def test_reminder_before_the_deadline_and_flag_after_it_once_each(world):
    application = accept(world)
    deadline = world["trip"].start_date - timedelta(days=30)
    assert clearance_reminders_send(today=deadline - timedelta(days=15)) == (0, 0)
    assert clearance_reminders_send(today=deadline - timedelta(days=14)) == (1, 0)
    assert clearance_reminders_send(today=deadline - timedelta(days=3)) == (0, 0)
    reminder = OutboundEmail.objects.get(to=world["physician"].user.email, subject__startswith="Clearance for")
    assert "Medical licence: not uploaded" in reminder.body
    assert f"/clearance/applications/{application.pk}/" in reminder.body
    assert clearance_reminders_send(today=deadline + timedelta(days=1)) == (0, 1)
    assert clearance_reminders_send(today=deadline + timedelta(days=2)) == (0, 0)
    flag = OutboundEmail.objects.get(to=world["member"].email, subject__contains="is not cleared")
    assert world["physician"].display_name in flag.subject
    assert clearance_for_application(application=application, today=deadline + timedelta(days=1)).overdue


def test_a_cleared_volunteer_gets_no_reminder(world):
    clear_fully(world)
    deadline = world["trip"].start_date - timedelta(days=30)
    with time_machine.travel(deadline + timedelta(days=1), tick=False):
        assert clearance_reminders_send() == (0, 0)


def test_readiness_page_is_the_physicians_own(client, world):
    url = reverse("clearance:readiness")
    client.force_login(world["member"])
    assert client.get(url).status_code == 404
    client.force_login(world["users"]["other_physician"])
    response = client.post(
        url,
        {"emergency_contact_name": "Sam", "emergency_contact_phone": "+44 20 0000", "fitness_statement": "Fit."},
    )
    assert response.status_code == 302
    assert (
        VolunteerReadiness.objects.get(physician__user=world["users"]["other_physician"]).emergency_contact_name
        == "Sam"
    )
    assert "Maria Contact-Private" not in client.get(url).content.decode()


def test_seed_demo_shows_the_trust_layer(tmp_path):
    call_command("seed_demo", organizations=6, physicians=10, seed=7, stdout=open(os.devnull, "w"))
    call_command("seed_demo", organizations=6, physicians=10, seed=7, stdout=open(os.devnull, "w"))  # idempotent
    # The trust demo's placements: accepted on the trips that require documents.
    accepted = (
        Application.objects.filter(status=ApplicationStatus.ACCEPTED, trip__document_requirements__isnull=False)
        .distinct()
        .select_related("trip", "physician")
    )
    assert sorted(state.cleared for state in clearance_states(applications=accepted)) == [False, True]
    reviews = set(CredentialDocument.objects.values_list("review_status", flat=True))
    assert reviews == {"pending", "verified", "rejected"}
    assert any(d.is_expired() for d in CredentialDocument.objects.all())
    assert Message.objects.count() == 2
    assert ReferenceRequest.objects.filter(answered_at__isnull=False).count() == 1
    assert WaitlistOffer.objects.filter(status="open").count() == 1
