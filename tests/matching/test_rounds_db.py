"""Match rounds stored in the database: preferences, rankings, running and re-running."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from matching.models import CoupleLink, MatchAssignment, MatchPreference, MatchRound, RoundStatus, TripApplicantRanking
from matching.services import match_preferences_set, match_round_run, trip_ranking_set
from tests.factories import MembershipFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory

pytestmark = pytest.mark.django_db


def test_a_round_respects_places_and_the_organizations_ranking(setting):
    match_round, popular, quiet, (a, b, c) = setting
    trip_ranking_set(match_round=match_round, trip=popular, physician_ids=[c.pk, a.pk, b.pk])
    match_round_run(match_round=match_round)
    assigned = dict(MatchAssignment.objects.values_list("physician_id", "trip_id"))
    assert assigned[c.pk] == popular.pk
    assert assigned[a.pk] == quiet.pk and assigned[b.pk] == quiet.pk
    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.COMPLETED
    assert match_round.summary == {"physicians": 3, "matched": 3, "unmatched": 0, "places": 3, "couples_apart": 0}


def test_rerunning_a_round_replaces_results_identically(setting):
    match_round = setting[0]
    match_round_run(match_round=match_round)
    first = sorted(MatchAssignment.objects.values_list("physician_id", "trip_id", "specialty_id"))
    match_round_run(match_round=match_round)
    assert sorted(MatchAssignment.objects.values_list("physician_id", "trip_id", "specialty_id")) == first
    assert MatchAssignment.objects.count() == 3


def test_without_an_organization_ranking_the_engine_orders_applicants(setting):
    match_round, popular, quiet, physicians = setting
    match_round_run(match_round=match_round)
    assert MatchAssignment.objects.filter(trip=popular).count() == 1
    assert MatchAssignment.objects.filter(trip=quiet).count() == 2


def test_preferences_are_validated(setting):
    match_round, popular, quiet, (a, _b, _c) = setting
    draft = TripFactory(organization=popular.organization)
    with pytest.raises(ValidationError):
        match_preferences_set(match_round=match_round, physician=a, trip_ids=[popular.pk, popular.pk])
    with pytest.raises(ValidationError):
        match_preferences_set(match_round=match_round, physician=a, trip_ids=[draft.pk])
    with pytest.raises(ValidationError):
        match_preferences_set(match_round=match_round, physician=a, trip_ids=list(range(1, 12)))
    assert list(MatchPreference.objects.filter(physician=a).values_list("trip_id", flat=True)) == [popular.pk, quiet.pk]


def test_organizations_rank_only_their_applicants(setting):
    match_round, popular, _quiet, _physicians = setting
    stranger = PhysicianProfileFactory()
    with pytest.raises(ValidationError):
        trip_ranking_set(match_round=match_round, trip=popular, physician_ids=[stranger.pk])


def test_management_command_and_admin_action(setting, admin_client, django_capture_on_commit_callbacks):
    match_round = setting[0]
    out = io.StringIO()
    call_command("run_match_round", match_round.pk, stdout=out)
    assert "3 of 3 physicians matched" in out.getvalue()
    # The action queues the round and returns; the task runs after commit (in-process, eagerly, here).
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:matching_matchround_changelist"),
            {"action": "run_round", "_selected_action": [match_round.pk]},
            follow=True,
        )
    assert "is queued" in response.content.decode()
    page = admin_client.get(reverse("admin:matching_matchround_change", args=[match_round.pk])).content.decode()
    assert "3 of 3 physicians matched" in page
    assert MatchAssignment.objects.count() == 3


def test_both_sides_see_results(client, setting, organization):
    match_round, popular, quiet, (a, _b, _c) = setting
    match_round_run(match_round=match_round)
    client.force_login(a.user)
    body = client.get(reverse("matching:round-preferences", args=[match_round.pk])).content.decode()
    assert "You matched" in body
    member = MembershipFactory(organization=organization).user
    client.force_login(member)
    body = client.get(reverse("matching:round-trip", args=[match_round.pk, quiet.pk])).content.decode()
    assert "Matched physicians" in body


def test_physician_ranks_through_the_page(client, organization):
    trip = TripFactory(open=True, organization=organization)
    physician = PhysicianProfileFactory()
    match_round = MatchRound.objects.create(name="Autumn")
    client.force_login(physician.user)
    url = reverse("matching:round-preferences", args=[match_round.pk])
    assert client.post(url, {"choice_1": trip.pk}).status_code == 302
    assert list(MatchPreference.objects.values_list("trip_id", flat=True)) == [trip.pk]
    response = client.post(url, {"choice_1": trip.pk, "choice_2": trip.pk})
    assert "only once" in response.content.decode()
    response = client.post(url, {"choice_1": "not-a-number"})
    assert response.status_code == 200


def test_other_organizations_cannot_see_a_trips_round(client, setting):
    match_round, popular, _quiet, _physicians = setting
    client.force_login(MembershipFactory(organization=OrganizationFactory(verified=True)).user)
    assert client.get(reverse("matching:round-trip", args=[match_round.pk, popular.pk])).status_code == 404


def test_a_confirmed_couple_is_matched_together(client, organization):
    a_trip = TripFactory(open=True, organization=organization, needs={"family-medicine": 1}, title="A")
    b_trip = TripFactory(open=True, organization=organization, needs={"family-medicine": 2}, title="B")
    first, second = PhysicianProfileFactory(), PhysicianProfileFactory()
    match_round = MatchRound.objects.create(name="Couples")
    match_preferences_set(match_round=match_round, physician=first, trip_ids=[a_trip.pk, b_trip.pk])
    match_preferences_set(match_round=match_round, physician=second, trip_ids=[a_trip.pk, b_trip.pk])
    url = reverse("matching:round-preferences", args=[match_round.pk])
    client.force_login(first.user)
    client.post(url, {"partner_email": second.user.email})
    link = CoupleLink.objects.get()
    client.force_login(PhysicianProfileFactory().user)
    assert client.post(url, {"confirm_couple": link.pk}).status_code == 404
    client.force_login(second.user)
    client.post(url, {"confirm_couple": link.pk})
    link.refresh_from_db()
    assert link.confirmed
    match_round_run(match_round=match_round)
    trips = set(MatchAssignment.objects.filter(match_round=match_round).values_list("trip_id", flat=True))
    assert trips == {b_trip.pk}  # A has one place: together on B rather than apart
    assert match_round.summary["couples_apart"] == 0


def test_a_trips_ranking_row_names_the_trip_the_rank_and_the_physician(organization):
    trip = TripFactory(open=True, organization=organization, title="Eye camp")
    physician = PhysicianProfileFactory(display_name="Dr. Amara Osei")
    ranking = TripApplicantRanking(match_round=MatchRound(name="Autumn"), trip=trip, physician=physician, rank=2)
    assert str(ranking) == "Eye camp #2: Dr. Amara Osei"
