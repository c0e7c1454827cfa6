from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from organizations.models import VettingStatus
from tests.factories import OrganizationFactory, TripFactory
from trips.models import TripStatus, TripStatusChange
from trips.services import trip_change_status

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "vetting_status",
    [VettingStatus.PENDING, VettingStatus.NEEDS_INFORMATION, VettingStatus.REJECTED, VettingStatus.SUSPENDED],
)
def test_an_unverified_organization_cannot_open_a_trip(vetting_status):
    trip = TripFactory(organization=OrganizationFactory(vetting_status=vetting_status))
    with pytest.raises(ValidationError, match="not verified"):
        trip_change_status(trip=trip, to_status=TripStatus.OPEN)
    trip.refresh_from_db()
    assert trip.status == TripStatus.DRAFT
    assert not TripStatusChange.objects.exists()


def test_a_verified_organization_opens_a_trip_and_it_is_recorded(member):
    trip = TripFactory()
    trip_change_status(trip=trip, to_status=TripStatus.OPEN, changed_by=member)
    trip.refresh_from_db()
    assert trip.status == TripStatus.OPEN
    change = TripStatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by) == ("draft", "open", member)


def test_a_trip_without_places_cannot_open():
    trip = TripFactory(needs={})
    with pytest.raises(ValidationError, match="specialty"):
        trip_change_status(trip=trip, to_status=TripStatus.OPEN)


def test_a_trip_past_its_deadline_cannot_open():
    trip = TripFactory()
    with pytest.raises(ValidationError, match="deadline"):
        trip_change_status(trip=trip, to_status=TripStatus.OPEN, today=trip.application_deadline + timedelta(days=1))


def test_a_cancelled_trip_stays_cancelled():
    trip = TripFactory(open=True)
    trip_change_status(trip=trip, to_status=TripStatus.CANCELLED)
    with pytest.raises(ValidationError):
        trip_change_status(trip=trip, to_status=TripStatus.OPEN)


def test_a_future_trip_cannot_be_completed():
    trip = TripFactory(status=TripStatus.CLOSED)
    with pytest.raises(ValidationError, match="started"):
        trip_change_status(trip=trip, to_status=TripStatus.COMPLETED, today=timezone.localdate())


# --- Cancelling a trip, and deciding applications only on live trips -------------------

from django.core import mail  # noqa: E402
from django.urls import reverse  # noqa: E402

from applications.models import ApplicationDecision, ApplicationStatus  # noqa: E402
from applications.services import application_create, application_decide, application_withdraw  # noqa: E402
from notifications.models import OutboundEmail  # noqa: E402
from physicians.specialties import common_specialty  # noqa: E402
from tests.factories import PhysicianProfileFactory  # noqa: E402


@pytest.fixture
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def applicant(trip):
    physician = PhysicianProfileFactory()
    return application_create(physician=physician, trip=trip, specialty=common_specialty("family-medicine"))


@pytest.mark.parametrize("status", [TripStatus.CANCELLED, TripStatus.COMPLETED, TripStatus.DRAFT])
@pytest.mark.parametrize(
    "decision", [ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED, ApplicationStatus.WAITLISTED]
)
def test_applications_on_a_trip_that_is_not_open_or_closed_cannot_be_decided(member, status, decision, locmem):
    trip = TripFactory(open=True, needs={"family-medicine": 2})
    application = applicant(trip)
    trip.status = status
    trip.save()
    emails_before = OutboundEmail.objects.count()
    with pytest.raises(ValidationError, match="only while a trip is open or closed"):
        application_decide(application=application, decision=decision, decided_by=member)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert OutboundEmail.objects.count() == emails_before
    assert not ApplicationDecision.objects.filter(application=application).exclude(to_status="submitted").exists()
    assert trip.specialty_needs.get().places_filled == 0


def test_a_closed_trip_still_takes_decisions(member, locmem):
    trip = TripFactory(open=True)
    application = applicant(trip)
    trip_change_status(trip=trip, to_status=TripStatus.CLOSED)
    application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    assert application.status == ApplicationStatus.ACCEPTED


def test_the_decide_page_explains_the_refusal_and_sends_nothing(
    client, organization, member, locmem, django_capture_on_commit_callbacks
):
    trip = TripFactory(open=True, organization=organization)
    application = applicant(trip)
    trip.status = TripStatus.COMPLETED
    trip.save()
    client.force_login(member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:decide", args=[application.pk]), {"decision": "accepted"}, follow=True
        )
    assert response.status_code == 200
    assert "this trip is completed" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert mail.outbox == []


def test_cancelling_a_trip_declines_its_live_applications_and_tells_each_applicant(
    organization, member, locmem, django_capture_on_commit_callbacks
):
    trip = TripFactory(open=True, organization=organization, needs={"family-medicine": 3}, title="Clinic week in León")
    submitted, waitlisted, accepted, withdrawn = (applicant(trip) for _ in range(4))
    application_decide(application=waitlisted, decision=ApplicationStatus.WAITLISTED, decided_by=member)
    application_decide(application=accepted, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    application_withdraw(application=withdrawn, by_user=withdrawn.physician.user)
    assert trip.specialty_needs.get().places_filled == 1
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        trip_change_status(trip=trip, to_status=TripStatus.CANCELLED, changed_by=member)

    for application in (submitted, waitlisted, accepted):
        application.refresh_from_db()
        assert application.status == ApplicationStatus.DECLINED
        last = application.decisions.first()
        assert (last.to_status, last.decided_by, last.note) == (
            "declined",
            member,
            "The organization cancelled this trip.",
        )
    withdrawn.refresh_from_db()
    assert withdrawn.status == ApplicationStatus.WITHDRAWN
    assert trip.specialty_needs.get().places_filled == 0
    notified = sorted(m.to[0] for m in mail.outbox)
    assert notified == sorted(a.physician.user.email for a in (submitted, waitlisted, accepted))
    assert all("Clinic week in León has been cancelled" == m.subject for m in mail.outbox)
    accepted_mail = next(m for m in mail.outbox if m.to == [accepted.physician.user.email])
    assert "You had been accepted" in accepted_mail.body
    submitted_mail = next(m for m in mail.outbox if m.to == [submitted.physician.user.email])
    assert (
        "You had been accepted" not in submitted_mail.body
        and "has cancelled Clinic week in León" in submitted_mail.body
    )


def test_cancelling_through_the_dashboard_declines_applications(client, organization, member, locmem):
    trip = TripFactory(open=True, organization=organization)
    application = applicant(trip)
    client.force_login(member)
    response = client.post(
        reverse("manage:trip-status", args=[organization.slug, trip.pk]), {"status": "cancelled"}, follow=True
    )
    assert "an email to each applicant is on its way" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
