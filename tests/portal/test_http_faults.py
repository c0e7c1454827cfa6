"""Faults seen through the pages, as a person meets them: a dead mail server, and many
clicks at once (PostgreSQL, real row locks). Nothing is lost and no error leaks."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from applications.models import Application, ApplicationStatus
from applications.services import application_create
from notifications.models import OutboundEmail
from physicians.specialties import common_specialty
from tests.factories import MembershipFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory
from trips.models import TripSpecialtyNeed

FAMILY = "family-medicine"


@pytest.fixture
def dead_mail_server(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1  # nothing listens there


@pytest.mark.django_db
def test_a_dead_mail_server_loses_neither_the_application_nor_the_decision(
    client, dead_mail_server, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory(verified=True)
    member = MembershipFactory(organization=organization).user
    trip = TripFactory(open=True, organization=organization, needs={FAMILY: 1})
    physician = PhysicianProfileFactory()

    client.force_login(physician.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:apply", args=[trip.pk]), {"specialty": common_specialty(FAMILY).pk}
        )
    assert response.status_code == 302 and response["Location"] == reverse("applications:mine")
    application = Application.objects.get(physician=physician, trip=trip)

    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:decide", args=[application.pk]), {"decision": "accepted"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    # Both emails wait in the outbox with the error, for `send_pending_emails` to retry.
    waiting = OutboundEmail.objects.filter(sent_at__isnull=True)
    assert {email.to for email in waiting} >= {member.email, physician.user.email}
    assert all(email.attempts == 1 and email.last_error for email in waiting)


def _post_from_threads(count, login_as, url, data):
    """`count` clients post at the same instant; returns their status codes."""
    statuses, barrier = [], threading.Barrier(count)

    def post(user):
        try:
            client = Client(raise_request_exception=False)
            client.force_login(user)
            barrier.wait()
            statuses.append(client.post(url(user), data(user)).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(user,)) for user in login_as]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_members_accepting_at_once_through_the_inbox_fill_exactly_ten_places(settings):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs the suite there too)")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    organization = OrganizationFactory(verified=True)
    members = [MembershipFactory(organization=organization).user for _ in range(50)]
    trip = TripFactory(open=True, organization=organization, needs={FAMILY: 10})
    applications = {
        member: application_create(
            physician=PhysicianProfileFactory(), trip=trip, specialty=common_specialty(FAMILY), note=""
        )
        for member in members
    }
    statuses = _post_from_threads(
        50,
        members,
        url=lambda member: reverse("applications:decide", args=[applications[member].pk]),
        data=lambda member: {"decision": "accepted"},
    )
    assert len(statuses) == 50 and set(statuses) == {302}  # every click answered, never an error page
    assert Application.objects.filter(trip=trip, status=ApplicationStatus.ACCEPTED).count() == 10
    assert TripSpecialtyNeed.objects.get(trip=trip).places_filled == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_form_submitted_eight_times_at_once_creates_one_application(settings):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent inserts are exercised on PostgreSQL")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    trip = TripFactory(open=True, organization=OrganizationFactory(verified=True), needs={FAMILY: 3})
    physician = PhysicianProfileFactory()
    statuses = _post_from_threads(
        8,
        [physician.user] * 8,
        url=lambda user: reverse("applications:apply", args=[trip.pk]),
        data=lambda user: {"specialty": common_specialty(FAMILY).pk, "note": "Once"},
    )
    assert len(statuses) == 8 and set(statuses) == {302}
    assert Application.objects.filter(physician=physician, trip=trip).count() == 1
