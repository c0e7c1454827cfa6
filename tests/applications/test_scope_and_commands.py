"""Scope of practice on the apply path, the apply message, and the daily commands run
with frozen time."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import vocabulary
from applications.models import Application, ApplicationStatus
from applications.services import application_create, application_decide
from notifications.models import OutboundEmail
from physicians.specialties import common_specialty
from tests.factories import MembershipFactory, PhysicianProfileFactory, TripFactory

pytestmark = pytest.mark.django_db

FAMILY = "family-medicine"
NO_LICENCE = "Without a full, active licence you can join only trips that provide supervision"
TRAINEE = "does not take volunteers at your training level, or not without the supervision your level needs"


@pytest.fixture(autouse=True)
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def open_trip(organization, **fields):
    return TripFactory(open=True, organization=organization, needs={FAMILY: 2}, **fields)


# --- scope of practice on the apply path ---------------------------------------------


@pytest.mark.parametrize(
    ("person", "trip_fields", "message"),
    [
        ({"licence_status": vocabulary.LICENCE_INACTIVE, "training_level": vocabulary.RETIRED}, {}, NO_LICENCE),
        ({"licence_status": vocabulary.LICENCE_NONE, "training_level": vocabulary.ATTENDING}, {}, NO_LICENCE),
        ({"training_level": vocabulary.RESIDENT, "licence_status": vocabulary.LICENCE_ACTIVE}, {}, TRAINEE),
        (
            {"training_level": vocabulary.RESIDENT, "licence_status": vocabulary.LICENCE_ACTIVE},
            {"supervision_provided": True, "accepted_training_levels": [vocabulary.ATTENDING]},
            TRAINEE,
        ),
    ],
)
def test_the_service_refuses_practice_beyond_scope(organization, person, trip_fields, message):
    physician = PhysicianProfileFactory(**person)
    trip = open_trip(organization, **trip_fields)
    with pytest.raises(ValidationError, match=message):
        application_create(physician=physician, trip=trip, specialty=common_specialty(FAMILY))
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "person",
    [
        {"licence_status": vocabulary.LICENCE_INACTIVE, "training_level": vocabulary.RETIRED},
        {"licence_status": vocabulary.LICENCE_TRAINING, "training_level": vocabulary.RESIDENT},
    ],
)
def test_supervision_makes_the_same_application_possible(organization, person):
    physician = PhysicianProfileFactory(**person)
    trip = open_trip(organization, supervision_provided=True)
    application = application_create(physician=physician, trip=trip, specialty=common_specialty(FAMILY))
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_trip_page_shows_why_the_application_was_refused(client, organization):
    physician = PhysicianProfileFactory(licence_status=vocabulary.LICENCE_INACTIVE)
    trip = open_trip(organization)
    client.force_login(physician.user)
    note = "Hi, I speak Spanish and can stay two weeks."
    response = client.post(
        reverse("applications:apply", args=[trip.pk]), {"specialty": common_specialty(FAMILY).pk, "note": note}
    )
    # The trip page again: the reason as the form's error, and the note typed is not lost.
    assert response.status_code == 200
    assert response.templates[0].name == "trips/trip_detail.html"
    form = response.context["apply_form"]
    assert len(form.non_field_errors()) == 1 and NO_LICENCE in form.non_field_errors()[0]
    body = response.content.decode()
    assert NO_LICENCE in body and note in body
    assert not Application.objects.exists()


def test_the_api_answers_400_with_the_reason(client, organization):
    physician = PhysicianProfileFactory(training_level=vocabulary.STUDENT, licence_status=vocabulary.LICENCE_NONE)
    trip = open_trip(organization)
    client.force_login(physician.user)
    response = client.post("/api/v1/applications/", {"trip": trip.pk, "specialty": FAMILY})
    assert response.status_code == 400
    errors = response.json()["non_field_errors"]
    assert any(TRAINEE in e for e in errors) and any(NO_LICENCE in e for e in errors)
    assert not Application.objects.exists()


# --- the apply message -------------------------------------------------------------------


@pytest.mark.parametrize(("days", "text"), [(14, "within 14 days"), (5, "within 5 days"), (1, "within 1 day.")])
def test_the_apply_message_names_the_configured_expiry(client, organization, physician, settings, days, text):
    settings.APPLICATION_EXPIRY_DAYS = days
    trip = open_trip(organization)
    client.force_login(physician.user)
    response = client.post(
        reverse("applications:apply", args=[trip.pk]), {"specialty": common_specialty(FAMILY).pk}, follow=True
    )
    assert f"The organization will answer {text}" in response.content.decode()


# --- expire_applications, with frozen time ---------------------------------------------

T0 = timezone.make_aware(timezone.datetime(2027, 1, 4, 9, 0))


def run(command):
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_expire_applications_command(organization, settings, django_capture_on_commit_callbacks):
    settings.APPLICATION_EXPIRY_DAYS = 10
    member = MembershipFactory(organization=organization).user
    old_applicant, young_applicant = PhysicianProfileFactory(), PhysicianProfileFactory()
    with time_machine.travel(T0, tick=False):
        trip = TripFactory(
            open=True,
            organization=organization,
            needs={FAMILY: 3},
            start_date=(T0 + timedelta(days=90)).date(),
            application_deadline=(T0 + timedelta(days=60)).date(),
        )
        old = application_create(physician=old_applicant, trip=trip, specialty=common_specialty(FAMILY))
    with time_machine.travel(T0 + timedelta(days=5), tick=False):
        young = application_create(physician=young_applicant, trip=trip, specialty=common_specialty(FAMILY))
    mail.outbox.clear()
    OutboundEmail.objects.all().delete()

    # Exactly APPLICATION_EXPIRY_DAYS unanswered is not yet "more than".
    with time_machine.travel(T0 + timedelta(days=10), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert "Expired 0 application(s)." in run("expire_applications")
    assert not mail.outbox

    with (
        time_machine.travel(T0 + timedelta(days=10, hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert "Expired 1 application(s)." in run("expire_applications")
    old.refresh_from_db()
    young.refresh_from_db()
    assert old.status == ApplicationStatus.EXPIRED
    assert young.status == ApplicationStatus.SUBMITTED  # only five days old
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([old_applicant.user.email, member.email])
    assert young_applicant.user.email not in recipients
    assert OutboundEmail.objects.filter(sent_at__isnull=False).count() == 2
    physician_mail = next(m for m in mail.outbox if m.to == [old_applicant.user.email])
    assert trip.title in physician_mail.subject and "expired" in physician_mail.subject

    # A second run the same day finds nothing new to expire and sends nothing.
    with (
        time_machine.travel(T0 + timedelta(days=10, hours=2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert "Expired 0 application(s)." in run("expire_applications")
    assert len(mail.outbox) == 2 and OutboundEmail.objects.count() == 2

    # The younger one expires in its turn, and the decision history says why.
    with time_machine.travel(T0 + timedelta(days=16), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert "Expired 1 application(s)." in run("expire_applications")
    young.refresh_from_db()
    assert young.status == ApplicationStatus.EXPIRED
    assert young.decisions.filter(to_status=ApplicationStatus.EXPIRED).count() == 1
    assert len(mail.outbox) == 4


def test_an_answered_application_never_expires(
    organization, member, physician, settings, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        trip = TripFactory(
            open=True,
            organization=organization,
            needs={FAMILY: 2},
            start_date=(T0 + timedelta(days=90)).date(),
            application_deadline=(T0 + timedelta(days=60)).date(),
        )
        application = application_create(physician=physician, trip=trip, specialty=common_specialty(FAMILY))
        application_decide(application=application, decision=ApplicationStatus.WAITLISTED, decided_by=member)
    mail.outbox.clear()
    with time_machine.travel(T0 + timedelta(days=settings.APPLICATION_EXPIRY_DAYS + 5), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert "Expired 0 application(s)." in run("expire_applications")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WAITLISTED and not mail.outbox
