"""The physician-feature store and its generation: every write that changes what the engine
reads about physicians is followed at once by suggested volunteers that reflect it, through
the services (pages and API alike), Django admin and deletions; a stale store re-reads only
the physicians a write named."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone

import vocabulary
from accounts.services import PHYSICIAN, account_role_setup
from matching.explanation_text import notes_text
from matching.generation import volunteer_input_changed, volunteer_input_generation
from matching.selectors import trip_for_matching, volunteer_features_current
from matching.suggestion_reads import suggested_volunteers_for_trip
from matching.volunteer_store import REFRESH_ALWAYS
from physicians.models import PhysicianProfile
from physicians.services import physician_motivations_set, physician_profile_update
from physicians.specialties import common_specialty
from tests.factories import PhysicianProfileFactory, TripFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trip(organization):
    return TripFactory(open=True, organization=organization, languages=["es"], supervision_provided=False)


def suggested(trip):
    return {s.physician.pk: s.match for s in suggested_volunteers_for_trip(trip=trip_for_matching(pk=trip.pk))}


def test_a_profile_edit_shows_at_once_and_refreshes_only_that_physician(trip):
    kept, edited = PhysicianProfileFactory(), PhysicianProfileFactory()
    before = suggested(trip)
    assert set(before) == {kept.pk, edited.pk}
    assert not any("Spanish" in reason for reason in notes_text(before[edited.pk].reasons))
    built = volunteer_features_current()

    physician_profile_update(physician=edited, languages=[{"language": "es", "proficiency": vocabulary.FLUENT}])
    after = suggested(trip)
    assert "Fluent in Spanish" in notes_text(after[edited.pk].reasons)
    assert after[edited.pk].total > before[edited.pk].total
    snapshot = volunteer_features_current()
    assert snapshot.refreshed and snapshot.generation > built.generation
    row = snapshot.features.ids.tolist().index(kept.pk)
    assert snapshot.features.rows.profile(row) == built.features.rows.profile(
        built.features.ids.tolist().index(kept.pk)
    )


def test_availability_training_level_and_motivations_show_at_once(trip):
    physician = PhysicianProfileFactory()
    assert physician.pk in suggested(trip)
    physician_motivations_set(physician=physician, weights={vocabulary.TEACHING: 3}, statement="")
    assert "Wants to teach — this trip trains local staff" in notes_text(suggested(trip)[physician.pk].reasons)

    # A resident is matched only to supervised trips: this one provides none.
    physician_profile_update(physician=physician, values={"training_level": vocabulary.RESIDENT})
    assert physician.pk not in suggested(trip)
    physician_profile_update(physician=physician, values={"training_level": vocabulary.ATTENDING})
    assert physician.pk in suggested(trip)

    later = timezone.localdate() + timedelta(days=900)
    physician_profile_update(
        physician=physician, availability_windows=[{"start_date": later, "end_date": later + timedelta(days=9)}]
    )
    assert physician.pk not in suggested(trip)


def test_a_new_physician_appears_and_a_deleted_one_is_gone(trip):
    suggested(trip)  # the store is built without them
    user = UserFactory()
    physician = account_role_setup(user=user, role=PHYSICIAN, display_name="Dr. New")
    today = timezone.localdate()
    physician_profile_update(
        physician=physician,
        values={"primary_specialty": common_specialty("family-medicine")},
        availability_windows=[{"start_date": today, "end_date": today + timedelta(days=365)}],
    )
    assert physician.pk in suggested(trip)
    user.delete()  # the account, and its profile by cascade, outside any service
    assert physician.pk not in suggested(trip)


def test_django_admin_changes_deletes_and_bulk_actions_show_at_once(trip, admin_client, admin_user):
    changed, deleted, bulk = (PhysicianProfileFactory() for _ in range(3))
    assert set(suggested(trip)) == {changed.pk, deleted.pk, bulk.pk}
    model_admin = admin.site._registry[PhysicianProfile]
    request = RequestFactory().post("/")
    request.user = admin_user

    # A change form's save (its inlines aside): the admin's own save_related hook.
    PhysicianProfile.objects.filter(pk=changed.pk).update(training_level=vocabulary.STUDENT)
    model_admin.save_related(request, SimpleNamespace(instance=changed, save_m2m=lambda: None), [], True)
    assert changed.pk not in suggested(trip)

    response = admin_client.post(
        f"/admin/physicians/physicianprofile/{deleted.pk}/delete/", {"post": "yes"}, follow=False
    )
    assert response.status_code == 302
    assert deleted.pk not in suggested(trip)

    admin_client.post(
        "/admin/physicians/physicianprofile/",
        {"action": "delete_selected", "_selected_action": [bulk.pk], "post": "yes"},
    )
    assert not PhysicianProfile.objects.filter(pk=bulk.pk).exists()
    assert suggested(trip) == {}


def test_a_change_naming_no_one_or_many_rebuilds_the_store(trip):
    for _ in range(REFRESH_ALWAYS + 1):
        PhysicianProfileFactory()
    suggested(trip)
    volunteer_input_changed()
    assert not volunteer_features_current().refreshed
    volunteer_input_changed(physician_ids=list(PhysicianProfile.objects.values_list("pk", flat=True)))
    snapshot = volunteer_features_current()
    assert not snapshot.refreshed and snapshot.generation == volunteer_input_generation()
    assert len(snapshot.features) == REFRESH_ALWAYS + 1
