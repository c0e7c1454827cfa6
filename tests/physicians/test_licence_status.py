"""Licence status: stated in the wizard, the API and admin; matching treats a physician
without a full, active licence like a trainee who needs supervision."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

import vocabulary.choices
from matching.engine import Exclusion, Match, evaluate, rank_trips_for_volunteer, rank_volunteers_for_trip
from matching.explanation_text import notes_text
from matching.selectors import matches_for_physician, physician_with_related
from physicians.models import PhysicianProfile
from physicians.specialties import common_specialty
from tests.factories import OrganizationFactory, PhysicianProfileFactory, TripFactory
from tests.matching.builders import TODAY, trip, volunteer

WITHOUT_ACTIVE_LICENCE = (vocabulary.LICENCE_TRAINING, vocabulary.LICENCE_NONE, vocabulary.LICENCE_INACTIVE)


# --- the engine, with hand-built inputs ------------------------------------------------


@pytest.mark.parametrize("status", WITHOUT_ACTIVE_LICENCE)
def test_without_an_active_licence_an_unsupervised_trip_is_never_proposed(status):
    # An attending or a retired surgeon: their training level alone would let them go.
    for level in (vocabulary.ATTENDING, vocabulary.RETIRED):
        person = volunteer(training_level=level, licence_status=status)
        offer = trip(supervision_provided=False)
        result = evaluate(person, offer, today=TODAY)
        assert isinstance(result, Exclusion)
        assert result.codes == ("no_active_licence_unsupervised",)
        assert notes_text(result.reasons) == [
            "Without a full, active licence you can join only trips that provide supervision."
        ]
        assert rank_trips_for_volunteer(person, [offer], today=TODAY) == []
        assert rank_volunteers_for_trip(offer, [person], today=TODAY) == []


@pytest.mark.parametrize("status", WITHOUT_ACTIVE_LICENCE)
def test_without_an_active_licence_a_supervised_trip_is_fine(status):
    person = volunteer(training_level=vocabulary.RETIRED, licence_status=status)
    assert isinstance(evaluate(person, trip(supervision_provided=True), today=TODAY), Match)


def test_an_active_licence_may_go_unsupervised():
    person = volunteer(training_level=vocabulary.ATTENDING, licence_status=vocabulary.LICENCE_ACTIVE)
    assert isinstance(evaluate(person, trip(supervision_provided=False), today=TODAY), Match)


def test_a_student_without_licence_names_both_reasons():
    person = volunteer(training_level=vocabulary.STUDENT, licence_status=vocabulary.LICENCE_NONE)
    result = evaluate(person, trip(supervision_provided=False), today=TODAY)
    assert set(result.codes) == {"outside_scope_of_practice", "no_active_licence_unsupervised"}


def test_ranking_keeps_only_the_supervised_trip():
    person = volunteer(licence_status=vocabulary.LICENCE_INACTIVE)
    offers = [trip(id=1, supervision_provided=False), trip(id=2, supervision_provided=True)]
    assert [m.trip_id for m in rank_trips_for_volunteer(person, offers, today=TODAY)] == [2]


# --- stating it: wizard, profile page, API, admin -------------------------------------


def practice_data(**overrides):
    data = {
        "display_name": "Dr. Ana",
        "primary_specialty": common_specialty("family-medicine").pk,
        "training_level": vocabulary.RETIRED,
        "licence_status": vocabulary.LICENCE_INACTIVE,
        "licence_jurisdiction": "Ontario",
        "licence_number": "CPSO-1",
        "years_in_practice": 30,
        "prior_mission_trips": 2,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_wizard_saves_the_licence_status_and_matching_follows_it(client):
    physician = PhysicianProfileFactory()
    organization = OrganizationFactory(verified=True, strong_evidence=True)
    TripFactory(open=True, organization=organization, supervision_provided=False, title="Unsupervised week")
    TripFactory(open=True, organization=organization, supervision_provided=True, title="Supervised week")
    client.force_login(physician.user)
    form_page = client.get(reverse("physicians:profile-edit", args=["practice"])).content.decode()
    assert 'name="licence_status"' in form_page and "Inactive or lapsed licence" in form_page

    response = client.post(reverse("physicians:profile-edit", args=["practice"]), practice_data())
    assert response.status_code == 302
    physician.refresh_from_db()
    assert physician.licence_status == vocabulary.LICENCE_INACTIVE and physician.needs_supervision

    matches = matches_for_physician(physician=physician_with_related(pk=physician.pk))
    assert [m.trip.title for m in matches[:5]] == ["Supervised week"]
    page = client.get(reverse("matching:mine")).content.decode()
    assert "Without a full, active licence you see only trips that provide supervision." in page
    profile = client.get(reverse("physicians:profile")).content.decode()
    assert "Inactive or lapsed licence" in profile and "only to trips that provide supervision" in profile

    client.post(
        reverse("physicians:profile-edit", args=["practice"]), practice_data(licence_status=vocabulary.LICENCE_ACTIVE)
    )
    matches = matches_for_physician(physician=physician_with_related(pk=physician.pk))
    assert sorted(m.trip.title for m in matches[:5]) == ["Supervised week", "Unsupervised week"]
    assert "Without a full, active licence" not in client.get(reverse("matching:mine")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "expired", "ACTIVE"])
def test_the_wizard_refuses_an_unknown_licence_status(client, value):
    physician = PhysicianProfileFactory()
    client.force_login(physician.user)
    response = client.post(reverse("physicians:profile-edit", args=["practice"]), practice_data(licence_status=value))
    assert response.status_code == 200
    assert "licence_status" in response.context["form"].errors
    physician.refresh_from_db()
    assert physician.licence_status == vocabulary.LICENCE_ACTIVE


@pytest.mark.django_db
def test_the_api_reads_and_writes_the_licence_status(client):
    physician = PhysicianProfileFactory()
    client.force_login(physician.user)
    url = reverse("api-my-profile")
    assert client.get(url).json()["licence_status"] == vocabulary.LICENCE_ACTIVE
    response = client.patch(url, {"licence_status": vocabulary.LICENCE_TRAINING}, content_type="application/json")
    assert response.status_code == 200 and response.json()["licence_status"] == vocabulary.LICENCE_TRAINING
    bad = client.patch(url, {"licence_status": "lapsed-ish"}, content_type="application/json")
    assert bad.status_code == 400 and "licence_status" in bad.json()
    assert PhysicianProfile.objects.get(pk=physician.pk).licence_status == vocabulary.LICENCE_TRAINING


@pytest.mark.django_db
def test_the_database_refuses_an_unknown_licence_status():
    physician = PhysicianProfileFactory()
    with pytest.raises(IntegrityError):
        PhysicianProfile.objects.filter(pk=physician.pk).update(licence_status="expired")


@pytest.mark.django_db
def test_admin_lists_and_filters_by_licence_status(admin_client):
    PhysicianProfileFactory(display_name="Dr. Lapsed", licence_status=vocabulary.LICENCE_INACTIVE)
    PhysicianProfileFactory(display_name="Dr. Active")
    url = reverse("admin:physicians_physicianprofile_changelist")
    body = admin_client.get(url, {"licence_status__exact": vocabulary.LICENCE_INACTIVE}).content.decode()
    assert "Dr. Lapsed" in body and "Dr. Active" not in body
    change = admin_client.get(
        reverse(
            "admin:physicians_physicianprofile_change",
            args=[PhysicianProfile.objects.get(display_name="Dr. Lapsed").pk],
        )
    )
    assert 'name="licence_status"' in change.content.decode()


@pytest.mark.parametrize("status", [code for code, _label in vocabulary.choices.LICENCE_STATUS_CHOICES])
@pytest.mark.parametrize("level", [code for code, _label in vocabulary.choices.TRAINING_LEVEL_CHOICES])
def test_the_profile_says_supervision_is_needed_exactly_when_matching_requires_it(level, status):
    """The profile page's message and the matching engine share one rule: a physician who
    needs supervision is refused a trip without it, and only such a physician."""
    person = volunteer(training_level=level, licence_status=status)
    refused = isinstance(evaluate(person, trip(supervision_provided=False), today=TODAY), Exclusion)
    profile = PhysicianProfile(training_level=level, licence_status=status)
    assert profile.needs_supervision is refused
