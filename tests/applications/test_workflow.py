"""The application workflow through its services and pages."""

import io
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import (
    Application,
    ApplicationDecision,
    ApplicationStatus,
    ChecklistItem,
    PostTripReport,
    Review,
)
from applications.services import (
    application_create,
    application_decide,
    application_withdraw,
    applications_expire_unanswered,
    post_trip_report_create,
    review_create,
    trip_start_reminders_send,
)
from physicians.specialties import common_specialty
from tests.factories import MembershipFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory
from trips.models import TripSpecialtyNeed, TripStatus

pytestmark = pytest.mark.django_db

FAMILY = "family-medicine"


@pytest.fixture(autouse=True)
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def trip(organization):
    return TripFactory(open=True, organization=organization, needs={FAMILY: 1})


def apply(physician, trip):
    return application_create(physician=physician, trip=trip, specialty=common_specialty(FAMILY), note="I teach.")


def test_apply_notifies_the_organization(trip, physician, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(physician, trip)
    assert application.status == ApplicationStatus.SUBMITTED
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_a_double_submit_creates_one_application(trip, physician):
    first, second = apply(physician, trip), apply(physician, trip)
    assert first.pk == second.pk
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda t: TripSpecialtyNeed.objects.filter(trip=t).update(places_filled=1),
        lambda t: t.__class__.objects.filter(pk=t.pk).update(status=TripStatus.CLOSED),
        lambda t: t.__class__.objects.filter(pk=t.pk).update(
            application_deadline=timezone.localdate() - timedelta(days=1)
        ),
        lambda t: t.organization.__class__.objects.filter(pk=t.organization_id).update(vetting_status="suspended"),
    ],
)
def test_apply_is_refused_when_the_trip_cannot_take_you(trip, physician, change):
    change(trip)
    with pytest.raises(ValidationError):
        apply(physician, trip)


def test_apply_only_in_your_own_specialty(trip):
    surgeon = PhysicianProfileFactory(primary_specialty=common_specialty("general-surgery"))
    with pytest.raises(ValidationError):
        apply(surgeon, trip)


def test_accepting_takes_the_place_and_the_next_is_refused(trip, member, django_capture_on_commit_callbacks):
    a, b = PhysicianProfileFactory(), PhysicianProfileFactory()
    first, second = apply(a, trip), apply(b, trip)
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(application=first, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    assert TripSpecialtyNeed.objects.get(trip=trip).places_filled == 1
    with pytest.raises(ValidationError, match="No Family medicine place is left"):
        application_decide(application=second, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    assert mail.outbox[-1].to == [a.user.email] and "accepted" in mail.outbox[-1].subject
    decision = ApplicationDecision.objects.filter(application=first).first()
    assert (decision.from_status, decision.to_status, decision.decided_by) == ("submitted", "accepted", member)
    assert ChecklistItem.objects.filter(application=first).count() >= 9


def test_declining_an_accepted_volunteer_or_withdrawing_frees_the_place(trip, member):
    a = PhysicianProfileFactory()
    application = apply(a, trip)
    application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    application_withdraw(application=application, by_user=a.user)
    assert TripSpecialtyNeed.objects.get(trip=trip).places_filled == 0
    b = PhysicianProfileFactory()
    other = apply(b, trip)
    application_decide(application=other, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    application_decide(application=other, decision=ApplicationStatus.DECLINED, decided_by=member)
    assert TripSpecialtyNeed.objects.get(trip=trip).places_filled == 0


def test_invalid_decisions_are_refused(trip, member, physician):
    application = apply(physician, trip)
    application_decide(application=application, decision=ApplicationStatus.DECLINED, decided_by=member)
    with pytest.raises(ValidationError):
        application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    with pytest.raises(ValidationError):
        application_withdraw(application=application, by_user=physician.user)


def test_only_the_applicant_withdraws(trip, physician):
    application = apply(physician, trip)
    with pytest.raises(ValidationError):
        application_withdraw(application=application, by_user=PhysicianProfileFactory().user)


def test_unanswered_applications_expire_and_both_sides_are_told(
    trip, physician, member, settings, django_capture_on_commit_callbacks
):
    application = apply(physician, trip)
    Application.objects.filter(pk=application.pk).update(
        created_at=timezone.now() - timedelta(days=settings.APPLICATION_EXPIRY_DAYS + 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert applications_expire_unanswered() == 1
    application.refresh_from_db()
    assert application.status == ApplicationStatus.EXPIRED
    recipients = {m.to[0] for m in mail.outbox}
    assert {physician.user.email, member.email} <= recipients
    assert applications_expire_unanswered() == 0


def test_reviews_and_reports_only_after_completion_and_once(trip, physician, member):
    application = apply(physician, trip)
    application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    answers = dict(
        follow_up_happened=True, local_staff_involved=True, preparation_adequate=True, would_return=True, text="Good."
    )
    with pytest.raises(ValidationError):
        review_create(application=application, by_user=physician.user, **answers)
    figures = dict(
        patients_seen=300, follow_ups_handed_to_local_staff=40, local_staff_trained=6, what_changed="A new triage."
    )
    with pytest.raises(ValidationError):
        post_trip_report_create(trip=trip, by_user=member, **figures)
    trip.status = TripStatus.COMPLETED
    trip.save()
    review_create(application=application, by_user=physician.user, **answers)
    with pytest.raises(ValidationError):
        review_create(application=application, by_user=physician.user, **answers)
    with pytest.raises(ValidationError):
        post_trip_report_create(trip=trip, by_user=physician.user, **figures)
    post_trip_report_create(trip=trip, by_user=member, **figures)
    assert Review.objects.count() == 1 and PostTripReport.objects.count() == 1


# --- pages --------------------------------------------------------------------------


def test_apply_through_the_trip_page(client, trip, physician):
    client.force_login(physician.user)
    page = client.get(trip.get_absolute_url()).content.decode()
    assert reverse("applications:apply", args=[trip.pk]) in page
    specialty = common_specialty(FAMILY)
    response = client.post(reverse("applications:apply", args=[trip.pk]), {"specialty": specialty.pk, "note": "Hello"})
    assert response.status_code == 302
    client.post(reverse("applications:apply", args=[trip.pk]), {"specialty": specialty.pk, "note": "Hello"})
    assert Application.objects.count() == 1
    assert "Submitted" in client.get(reverse("applications:mine")).content.decode()
    bad = client.post(reverse("applications:apply", args=[trip.pk]), {"specialty": "nonsense"})
    assert bad.status_code == 200 and bad.context["apply_form"].errors["specialty"]


def test_apply_to_a_hidden_trip_is_404(client, organization, physician):
    hidden = TripFactory(organization=organization, needs={FAMILY: 1})  # a draft
    client.force_login(physician.user)
    response = client.post(
        reverse("applications:apply", args=[hidden.pk]), {"specialty": common_specialty(FAMILY).pk, "note": "Hi"}
    )
    assert response.status_code == 404 and not Application.objects.exists()


def test_inbox_shows_applicants_to_members_only_and_never_licences(client, trip, physician, member):
    apply(physician, trip)
    url = reverse("applications:inbox", args=[trip.pk])
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(physician.user)
    assert client.get(url).status_code == 404
    client.force_login(MembershipFactory(organization=OrganizationFactory(verified=True)).user)
    assert client.get(url).status_code == 404
    client.force_login(member)
    body = client.get(url).content.decode()
    assert physician.display_name in body and physician.licence_number not in body


def test_decide_through_the_inbox(client, trip, physician, member):
    application = apply(physician, trip)
    client.force_login(member)
    client.post(reverse("applications:decide", args=[application.pk]), {"decision": "accepted"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    other = MembershipFactory(organization=OrganizationFactory(verified=True)).user
    client.force_login(other)
    assert (
        client.post(reverse("applications:decide", args=[application.pk]), {"decision": "declined"}).status_code == 404
    )
    client.force_login(physician.user)
    assert (
        client.post(reverse("applications:decide", args=[application.pk]), {"decision": "declined"}).status_code == 404
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


def test_checklist_for_the_accepted_physician_only(client, trip, physician, member):
    application = apply(physician, trip)
    application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    url = reverse("applications:checklist", args=[application.pk])
    client.force_login(PhysicianProfileFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(physician.user)
    body = client.get(url).content.decode()
    assert "Permission to practise in Nicaragua" in body and "0 of" in body
    item = ChecklistItem.objects.filter(application=application).first()
    page = client.get(url).content.decode()
    assert f'name="item" value="{item.pk}"><input type="hidden" name="done" value="1">' in page
    client.post(url, {"item": item.pk, "done": "1"})
    item.refresh_from_db()
    assert item.done
    assert "1 of" in client.get(url).content.decode()


def test_my_applications_queries_are_constant(client, physician, organization, django_assert_max_num_queries):
    client.force_login(physician.user)
    for _ in range(2):
        apply(physician, TripFactory(open=True, organization=organization, needs={FAMILY: 2}))
    with CaptureQueriesContext(connection) as baseline:
        client.get(reverse("applications:mine"))
    for _ in range(10):
        apply(physician, TripFactory(open=True, organization=organization, needs={FAMILY: 2}))
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get(reverse("applications:mine"))


# --- concurrency (PostgreSQL: real row locks) -------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_accepts_fill_exactly_ten_places():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs the suite there too)")
    organization = OrganizationFactory(verified=True)
    member = MembershipFactory(organization=organization).user
    trip = TripFactory(open=True, organization=organization, needs={FAMILY: 10})
    applications = [apply(PhysicianProfileFactory(), trip) for _ in range(50)]
    outcomes, barrier = [], threading.Barrier(10)

    def accept(chunk):
        try:
            barrier.wait()
            for application in chunk:
                try:
                    application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=member)
                    outcomes.append("accepted")
                except ValidationError:
                    outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(applications[i::10],)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("accepted") == 10 and outcomes.count("refused") == 40
    assert Application.objects.filter(status=ApplicationStatus.ACCEPTED).count() == 10
    assert TripSpecialtyNeed.objects.get(trip=trip).places_filled == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_creates_one_application():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent inserts are exercised on PostgreSQL")
    trip = TripFactory(open=True, organization=OrganizationFactory(verified=True), needs={FAMILY: 3})
    physician = PhysicianProfileFactory()
    results, barrier = [], threading.Barrier(8)

    def submit():
        try:
            barrier.wait()
            results.append(apply(physician, trip).pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1 and len(results) == 8
    assert Application.objects.filter(physician=physician, trip=trip).count() == 1


def test_trip_start_reminders_once_and_only_with_open_items(
    organization, member, physician, django_capture_on_commit_callbacks
):
    trip = TripFactory(open=True, organization=organization, needs={FAMILY: 2})
    application = apply(physician, trip)
    application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + timedelta(days=30)):  # trip still 30 days away
        call_command("send_trip_reminders", stdout=io.StringIO())
    assert not mail.outbox
    with time_machine.travel(trip.start_date - timedelta(days=10)):
        with django_capture_on_commit_callbacks(execute=True):
            out = io.StringIO()
            call_command("send_trip_reminders", stdout=out)
            call_command("send_trip_reminders", stdout=io.StringIO())
    assert "Sent 1" in out.getvalue()
    assert len(mail.outbox) == 1 and "preparation steps left" in mail.outbox[0].subject
    other = apply(PhysicianProfileFactory(), trip)
    application_decide(application=other, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    other.checklist_items.update(done=True)
    with time_machine.travel(trip.start_date - timedelta(days=10)):
        assert trip_start_reminders_send() == 0  # everything ticked off: nothing to remind
