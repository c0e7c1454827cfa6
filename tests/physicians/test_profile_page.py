"""The physician's own profile page."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

import vocabulary
from physicians.models import PhysicianProfile
from tests.factories import PhysicianProfileFactory

pytestmark = pytest.mark.django_db

NOTE = "extra weight to trips with supervision"


@pytest.mark.parametrize(
    "motivations",
    [
        {vocabulary.ADVENTURE: 3, vocabulary.TEACHING: 1},
        {vocabulary.GROWTH: 3},
        {vocabulary.ADVENTURE: 2, vocabulary.GROWTH: 2, vocabulary.TEACHING: 3},  # together at the threshold
    ],
)
def test_the_profile_points_kindly_to_our_guidance_when_motivations_lean_on_adventure_or_skills(client, motivations):
    physician = PhysicianProfileFactory(motivations=motivations)
    client.force_login(physician.user)
    body = client.get(reverse("physicians:profile")).content.decode()
    assert NOTE in body
    assert reverse("matching:preparing-well") in body
    # The very same note as on the matches page: one include, not a copy.
    assert NOTE in client.get(reverse("matching:mine")).content.decode()


@pytest.mark.parametrize("motivations", [{vocabulary.TEACHING: 3, vocabulary.ADVENTURE: 1}, {}])
def test_no_note_when_motivations_do_not_lean_that_way(client, motivations):
    physician = PhysicianProfileFactory(motivations=motivations)
    client.force_login(physician.user)
    body = client.get(reverse("physicians:profile")).content.decode()
    assert NOTE not in body and reverse("matching:preparing-well") not in body


def test_the_profile_page_stays_at_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    physician = PhysicianProfileFactory(motivations={vocabulary.ADVENTURE: 3}, languages={"es": 3, "fr": 2})
    client.force_login(physician.user)
    client.get(reverse("physicians:profile"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("physicians:profile")).status_code == 200


def test_existing_profiles_get_the_licence_status_their_training_level_implies():
    migration = importlib.import_module("physicians.migrations.0003_licence_status")
    levels = [vocabulary.STUDENT, vocabulary.RESIDENT, vocabulary.ATTENDING, vocabulary.RETIRED]
    profiles = [PhysicianProfileFactory(training_level=level) for level in levels]
    migration.licence_status_from_training_level(apps, None)
    statuses = [PhysicianProfile.objects.get(pk=p.pk).licence_status for p in profiles]
    assert statuses == [
        vocabulary.LICENCE_NONE,
        vocabulary.LICENCE_TRAINING,
        vocabulary.LICENCE_ACTIVE,
        vocabulary.LICENCE_INACTIVE,
    ]
