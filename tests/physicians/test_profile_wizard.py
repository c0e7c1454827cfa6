import pytest
from django.urls import reverse

import vocabulary.choices
from physicians.models import AvailabilityWindow, MotivationWeight, PhysicianLanguage
from physicians.specialties import common_specialty
from tests.factories import MembershipFactory, PhysicianProfileFactory

pytestmark = pytest.mark.django_db


def edit_url(step):
    return reverse("physicians:profile-edit", args=[step])


def formset(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def test_the_four_steps_save_and_lead_to_matches(client):
    physician = PhysicianProfileFactory(available=False, primary_specialty=None)
    client.force_login(physician.user)
    pediatrics, surgery = common_specialty("pediatrics"), common_specialty("general-surgery")
    response = client.post(
        edit_url("practice"),
        {
            "display_name": "Dr. Ana",
            "primary_specialty": pediatrics.pk,
            "other_specialties": [surgery.pk, pediatrics.pk],
            "training_level": "attending",
            "licence_status": "active",
            "licence_jurisdiction": "Ontario",
            "licence_number": "CPSO-1",
            "years_in_practice": 12,
            "prior_mission_trips": 2,
        },
    )
    assert response["Location"] == edit_url("languages")
    data = {
        **formset("languages", [{"language": "es", "proficiency": 3}]),
        **formset("availability", [{"start_date": "2027-03-01", "end_date": "2027-05-01"}]),
    }
    assert client.post(edit_url("languages"), data)["Location"] == edit_url("places")
    assert client.post(
        edit_url("places"),
        {"preferred_countries": ["NI"], "preferred_regions": ["east_africa"], "max_budget_usd": 2000},
    )["Location"] == edit_url("motivations")
    answers = {f"weight_{key}": 0 for key in vocabulary.MOTIVATION_KEYS} | {
        "weight_teaching": 3,
        "statement": "To teach.",
    }
    assert client.post(edit_url("motivations"), answers)["Location"] == reverse("matching:mine")

    physician.refresh_from_db()
    assert physician.primary_specialty == pediatrics
    assert list(physician.other_specialties.all()) == [surgery]  # the primary is not repeated
    assert PhysicianLanguage.objects.get(physician=physician).proficiency == 3
    assert AvailabilityWindow.objects.filter(physician=physician).count() == 1
    assert physician.preferred_regions == ["east_africa"]
    assert MotivationWeight.objects.get(physician=physician, motivation="teaching").weight == 3
    assert physician.motivation_statement == "To teach."
    page = client.get(reverse("physicians:profile")).content.decode()
    assert "CPSO-1" in page  # the owner sees their own licence


def test_motivation_questions_explain_themselves(client, physician):
    client.force_login(physician.user)
    body = client.get(edit_url("motivations")).content.decode()
    for _key, label, _explanation in vocabulary.choices.MOTIVATIONS:
        assert str(label).replace("'", "&#x27;") in body
    assert "Above all" in body


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        (
            "languages",
            {
                **formset("languages", []),
                **formset("availability", [{"start_date": "2027-05-01", "end_date": "2027-03-01"}]),
            },
            "cannot come before",
        ),
        ("motivations", {"weight_teaching": 7}, "Select a valid choice"),
        ("places", {"max_budget_usd": -5}, "greater than or equal to 0"),
        ("practice", {"display_name": "X", "training_level": "attending"}, "This field is required"),
    ],
)
def test_bad_input_gives_form_errors(client, physician, step, data, message):
    client.force_login(physician.user)
    response = client.post(edit_url(step), data)
    assert response.status_code == 200 and message in response.content.decode()


def test_an_availability_window_can_be_removed(client, physician):
    client.force_login(physician.user)
    window = physician.availability_windows.get()
    data = {
        **formset("languages", []),
        "availability-TOTAL_FORMS": 1,
        "availability-INITIAL_FORMS": 1,
        "availability-0-id": window.pk,
        "availability-0-start_date": window.start_date,
        "availability-0-end_date": window.end_date,
        "availability-0-DELETE": "on",
        "availability-0-physician": physician.pk,
    }
    client.post(edit_url("languages"), data)
    assert not AvailabilityWindow.objects.filter(physician=physician).exists()


def test_profiles_are_private(client, physician):
    assert client.get(reverse("physicians:profile")).status_code == 302
    member = MembershipFactory().user
    client.force_login(member)
    assert client.get(reverse("physicians:profile")).status_code == 404
    assert client.get(edit_url("practice")).status_code == 404
    client.force_login(physician.user)
    assert client.get(edit_url("nonsense")).status_code == 404
