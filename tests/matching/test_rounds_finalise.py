"""Finalising a match round (places taken by accepted applications), the preference
deadline, and the scope-of-practice rule on preferences."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

import vocabulary
from applications.models import Application, ApplicationDecision, ApplicationStatus
from applications.services import application_create, application_decide
from matching.models import MatchAssignment, MatchPreference, MatchRound
from matching.services import match_preferences_set, match_round_finalise, match_round_run
from notifications.models import OutboundEmail
from physicians.models import Specialty
from tests.factories import ApplicationFactory, MembershipFactory, PhysicianProfileFactory, TripFactory
from trips.models import TripSpecialtyNeed, TripStatus

pytestmark = pytest.mark.django_db


def places_filled(trip):
    return TripSpecialtyNeed.objects.get(trip=trip).places_filled


def accepted(trip):
    return set(
        Application.objects.filter(trip=trip, status=ApplicationStatus.ACCEPTED).values_list("physician_id", flat=True)
    )


def test_finalising_accepts_every_match_and_fills_the_places(setting, admin_user):
    match_round, popular, quiet, physicians = setting
    match_round_run(match_round=match_round)
    assert places_filled(popular) == 0  # a run alone holds no place
    assigned = dict(MatchAssignment.objects.values_list("physician_id", "trip_id"))

    assert match_round_finalise(match_round=match_round, finalised_by=admin_user) == 3

    assert places_filled(popular) == 1 and places_filled(quiet) == 2
    assert accepted(popular) | accepted(quiet) == {p.pk for p in physicians}
    for physician in physicians:
        application = Application.objects.get(physician=physician)
        assert application.trip_id == assigned[physician.pk]
        decision = ApplicationDecision.objects.get(application=application, to_status=ApplicationStatus.ACCEPTED)
        assert decision.decided_by == admin_user and "Spring 2027" in decision.note
        assert application.checklist_items.exists()
        assert OutboundEmail.objects.filter(to=physician.user.email, subject__contains="accepted").count() == 1
    match_round.refresh_from_db()
    assert match_round.is_finalised and match_round.finalised_by == admin_user


def test_finalised_places_cannot_be_taken_by_ordinary_applications_or_other_rounds(setting, admin_user):
    match_round, popular, quiet, _physicians = setting
    waiting = ApplicationFactory(trip=popular)  # applied before the round was finalised
    match_round_run(match_round=match_round)
    match_round_finalise(match_round=match_round, finalised_by=admin_user)

    newcomer = PhysicianProfileFactory()
    family = Specialty.objects.get(slug="family-medicine")
    with pytest.raises(ValidationError, match="already filled"):
        application_create(physician=newcomer, trip=popular, specialty=family)
    with pytest.raises(ValidationError, match="No Family medicine place is left"):
        application_decide(application=waiting, decision=ApplicationStatus.ACCEPTED, decided_by=admin_user)
    assert places_filled(popular) == 1

    later = MatchRound.objects.create(name="Summer 2027")
    match_preferences_set(match_round=later, physician=newcomer, trip_ids=[popular.pk])
    match_round_run(match_round=later)
    assert not MatchAssignment.objects.filter(match_round=later).exists()
    assert later.summary["places"] == 0


def test_a_finalised_round_refuses_to_run_or_finalise_again(setting, admin_user):
    match_round, popular, quiet, _physicians = setting
    match_round_run(match_round=match_round)
    match_round_finalise(match_round=match_round, finalised_by=admin_user)
    before = (sorted(MatchAssignment.objects.values_list("physician_id", "trip_id")), Application.objects.count())

    with pytest.raises(ValidationError, match="finalised"):
        match_round_run(match_round=match_round)
    with pytest.raises(ValidationError, match="already finalised"):
        match_round_finalise(match_round=match_round, finalised_by=admin_user)

    # Idempotent: nothing changed, no place is taken twice, no one is emailed twice.
    assert (
        sorted(MatchAssignment.objects.values_list("physician_id", "trip_id")),
        Application.objects.count(),
    ) == before
    assert places_filled(popular) == 1 and places_filled(quiet) == 2
    assert OutboundEmail.objects.filter(subject__contains="accepted").count() == 3


def test_finalising_needs_a_run_round(setting, admin_user):
    match_round = setting[0]
    with pytest.raises(ValidationError, match="Run"):
        match_round_finalise(match_round=match_round, finalised_by=admin_user)
    match_round.refresh_from_db()
    assert not match_round.is_finalised


def test_a_place_taken_since_the_run_stops_finalising_until_the_round_runs_again(setting, admin_user):
    match_round, popular, quiet, physicians = setting
    match_round_run(match_round=match_round)
    outsider = ApplicationFactory(trip=popular)
    application_decide(application=outsider, decision=ApplicationStatus.ACCEPTED, decided_by=admin_user)

    with pytest.raises(ValidationError, match="Popular"):
        match_round_finalise(match_round=match_round, finalised_by=admin_user)
    # All or nothing: no round physician was accepted anywhere.
    assert accepted(popular) == {outsider.physician_id} and accepted(quiet) == set()
    assert places_filled(quiet) == 0
    match_round.refresh_from_db()
    assert not match_round.is_finalised

    match_round_run(match_round=match_round)  # uses the places still open: Popular has none
    assert not MatchAssignment.objects.filter(match_round=match_round, trip=popular).exists()
    assert match_round_finalise(match_round=match_round, finalised_by=admin_user) == 2
    assert places_filled(popular) == 1 and places_filled(quiet) == 2


def test_a_cancelled_trip_stops_finalising(setting, admin_user):
    match_round, popular, _quiet, _physicians = setting
    match_round_run(match_round=match_round)
    popular.status = TripStatus.CANCELLED
    popular.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="no longer open"):
        match_round_finalise(match_round=match_round, finalised_by=admin_user)
    assert not Application.objects.exists()


def test_a_pending_application_is_accepted_rather_than_duplicated(setting, admin_user):
    match_round, popular, quiet, physicians = setting
    match_round_run(match_round=match_round)
    matched_to_quiet = MatchAssignment.objects.filter(trip=quiet).values_list("physician_id", flat=True).first()
    physician = next(p for p in physicians if p.pk == matched_to_quiet)
    pending = ApplicationFactory(physician=physician, trip=quiet, note="Keen to come")
    match_round_finalise(match_round=match_round, finalised_by=admin_user)
    pending.refresh_from_db()
    assert pending.status == ApplicationStatus.ACCEPTED
    assert Application.objects.filter(physician=physician).count() == 1


def test_a_physician_already_accepted_on_the_trip_keeps_one_place(setting, admin_user):
    match_round, popular, quiet, physicians = setting
    match_round_run(match_round=match_round)
    on_quiet = list(MatchAssignment.objects.filter(trip=quiet).values_list("physician_id", flat=True))
    physician = next(p for p in physicians if p.pk == on_quiet[0])
    already = ApplicationFactory(physician=physician, trip=quiet)
    application_decide(application=already, decision=ApplicationStatus.ACCEPTED, decided_by=admin_user)
    assert match_round_finalise(match_round=match_round, finalised_by=admin_user) == 2
    assert places_filled(quiet) == 2
    assert Application.objects.filter(physician=physician).count() == 1


def test_command_finalises_and_refuses_a_second_time(setting):
    match_round = setting[0]
    with pytest.raises(CommandError, match="Run"):
        call_command("run_match_round", match_round.pk, "--finalise")
    call_command("run_match_round", match_round.pk, stdout=io.StringIO())
    out = io.StringIO()
    call_command("run_match_round", match_round.pk, "--finalise", stdout=out)
    assert "is finalised: 3 places filled" in out.getvalue()
    with pytest.raises(CommandError, match="already finalised"):
        call_command("run_match_round", match_round.pk, "--finalise")
    with pytest.raises(CommandError, match="cannot run again"):
        call_command("run_match_round", match_round.pk)


def test_admin_finalises_and_explains_refusals(setting, admin_client, django_capture_on_commit_callbacks):
    match_round = setting[0]
    changelist = reverse("admin:matching_matchround_changelist")
    round_page = reverse("admin:matching_matchround_change", args=[match_round.pk])
    response = admin_client.post(
        changelist, {"action": "finalise_round", "_selected_action": [match_round.pk]}, follow=True
    )
    assert response.status_code == 200 and "before finalising it" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(changelist, {"action": "run_round", "_selected_action": [match_round.pk]})
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(changelist, {"action": "finalise_round", "_selected_action": [match_round.pk]}, follow=True)
    assert "is finalised: 3 places filled" in admin_client.get(round_page).content.decode()
    match_round.refresh_from_db()
    assert match_round.is_finalised
    for action, refusal in (("finalise_round", "is already finalised"), ("run_round", "cannot run again")):
        response = admin_client.post(changelist, {"action": action, "_selected_action": [match_round.pk]}, follow=True)
        assert response.status_code == 200
        assert refusal in response.content.decode()
    assert Application.objects.count() == 3


def test_round_pages_say_finalised(client, setting, organization, admin_user):
    match_round, popular, quiet, physicians = setting
    match_round_run(match_round=match_round)
    physician = physicians[0]
    member = MembershipFactory(organization=organization).user
    trip_url = reverse("matching:round-trip", args=[match_round.pk, quiet.pk])
    mine_url = reverse("matching:round-preferences", args=[match_round.pk])
    client.force_login(physician.user)
    assert "Your place is confirmed" not in client.get(mine_url).content.decode()
    assert "finalised</span>" not in client.get(reverse("matching:rounds")).content.decode()
    match_round_finalise(match_round=match_round, finalised_by=admin_user)
    assert "Your place is confirmed" in client.get(mine_url).content.decode()
    assert "finalised</span>" in client.get(reverse("matching:rounds")).content.decode()
    assert client.get(f"/api/v1/rounds/{match_round.pk}/").json()["finalised_at"] is not None
    client.force_login(member)
    assert "hold their places" in client.get(trip_url).content.decode()


# --- the preference deadline -----------------------------------------------------------


def test_preferences_are_refused_after_the_deadline(organization):
    trip = TripFactory(open=True, organization=organization)
    physician = PhysicianProfileFactory()
    today = timezone.localdate()
    match_round = MatchRound.objects.create(name="Due today", preference_deadline=today)
    match_preferences_set(match_round=match_round, physician=physician, trip_ids=[trip.pk], today=today)
    with pytest.raises(ValidationError, match="were due on"):
        match_preferences_set(
            match_round=match_round, physician=physician, trip_ids=[], today=today + timedelta(days=1)
        )
    assert list(MatchPreference.objects.values_list("trip_id", flat=True)) == [trip.pk]


def test_the_deadline_holds_through_the_api_and_the_page(client, organization):
    trip = TripFactory(open=True, organization=organization)
    physician = PhysicianProfileFactory()
    match_round = MatchRound.objects.create(
        name="Closed yesterday", preference_deadline=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(physician.user)
    response = client.put(
        f"/api/v1/rounds/{match_round.pk}/preferences/", {"trip_ids": [trip.pk]}, content_type="application/json"
    )
    assert response.status_code == 400 and "were due on" in str(response.json())
    page = reverse("matching:round-preferences", args=[match_round.pk])
    response = client.post(page, {"choice_1": trip.pk})
    assert response.status_code == 200 and "were due on" in response.content.decode()
    assert not MatchPreference.objects.exists()


# --- scope of practice ------------------------------------------------------------------


def test_preferences_refuse_trips_beyond_the_physicians_training(organization):
    resident = PhysicianProfileFactory(training_level=vocabulary.RESIDENT)
    unsupervised = TripFactory(open=True, organization=organization, supervision_provided=False, title="Alone")
    attendings_only = TripFactory(
        open=True,
        organization=organization,
        supervision_provided=True,
        accepted_training_levels=[vocabulary.ATTENDING],
        title="Seniors",
    )
    supervised = TripFactory(open=True, organization=organization, supervision_provided=True, title="Taught")
    match_round = MatchRound.objects.create(name="Scope")
    for refused in (unsupervised, attendings_only):
        with pytest.raises(ValidationError, match=refused.title):
            match_preferences_set(match_round=match_round, physician=resident, trip_ids=[supervised.pk, refused.pk])
    assert not MatchPreference.objects.exists()
    match_preferences_set(match_round=match_round, physician=resident, trip_ids=[supervised.pk])
    # An attending may rank the unsupervised trip.
    attending = PhysicianProfileFactory(training_level=vocabulary.ATTENDING)
    match_preferences_set(match_round=match_round, physician=attending, trip_ids=[unsupervised.pk, attendings_only.pk])
    assert MatchPreference.objects.count() == 3


def test_scope_of_practice_refusal_through_the_api(client, organization):
    student = PhysicianProfileFactory(training_level=vocabulary.STUDENT)
    trip = TripFactory(open=True, organization=organization, supervision_provided=False, title="Unsupervised week")
    match_round = MatchRound.objects.create(name="Scope API")
    client.force_login(student.user)
    response = client.put(
        f"/api/v1/rounds/{match_round.pk}/preferences/", {"trip_ids": [trip.pk]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "Unsupervised week" in response.json()["trip_ids"][0]


def test_preferences_refuse_unsupervised_trips_without_an_active_licence(organization):
    lapsed = PhysicianProfileFactory(training_level=vocabulary.RETIRED, licence_status=vocabulary.LICENCE_INACTIVE)
    unsupervised = TripFactory(open=True, organization=organization, supervision_provided=False, title="On their own")
    supervised = TripFactory(open=True, organization=organization, supervision_provided=True, title="With a mentor")
    match_round = MatchRound.objects.create(name="Licence")
    with pytest.raises(ValidationError, match="On their own"):
        match_preferences_set(match_round=match_round, physician=lapsed, trip_ids=[unsupervised.pk])
    match_preferences_set(match_round=match_round, physician=lapsed, trip_ids=[supervised.pk])
    assert list(MatchPreference.objects.values_list("trip_id", flat=True)) == [supervised.pk]
