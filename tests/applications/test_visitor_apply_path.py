"""A visitor's way to apply: the trip they chose is kept across sign-up, email confirmation
(a fresh request from the link) and the profile steps, then they land on its apply form."""

import re

import pytest
from django.core import mail
from django.urls import reverse

import vocabulary
from applications.models import Application
from physicians.specialties import common_specialty
from tests.factories import TripFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase-42"


@pytest.fixture(autouse=True)
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def trip(organization):
    return TripFactory(open=True, organization=organization, needs={"pediatrics": 2})


def edit_url(step):
    return reverse("physicians:profile-edit", args=[step])


def empty_formset(prefix):
    return {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}


def test_a_visitor_sees_how_to_apply_not_only_how_to_save(client, trip):
    page = client.get(trip.get_absolute_url()).content.decode()
    start = reverse("applications:apply-start", args=[trip.pk])
    assert "Sign up to apply" in page and f'href="{start}"' in page
    assert f'href="{start}?account=existing"' in page


def test_a_closed_trip_offers_a_visitor_no_way_to_apply(client, trip):
    trip.__class__.objects.filter(pk=trip.pk).update(application_deadline=trip.start_date.replace(year=2000))
    response = client.get(trip.get_absolute_url())
    assert "Sign up to apply" not in response.content.decode()


def test_search_and_organization_pages_invite_visitors_to_create_a_profile(client, trip):
    for url in (reverse("home"), reverse("trips:list"), trip.organization.get_absolute_url()):
        assert "Create a free profile" in client.get(url).content.decode(), url


def test_signed_in_people_are_not_invited_to_create_a_profile(client, trip, physician):
    client.force_login(physician.user)
    assert "Create a free profile" not in client.get(reverse("trips:list")).content.decode()


def test_the_trip_is_kept_through_sign_up_confirmation_and_the_profile_steps(
    client, trip, django_capture_on_commit_callbacks
):
    response = client.get(reverse("applications:apply-start", args=[trip.pk]))
    assert response["Location"] == reverse("account_signup")
    with django_capture_on_commit_callbacks(execute=True):  # the outbox delivers after commit
        client.post(
            reverse("account_signup"),
            {
                "email": "new@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "role": "physician",
                "display_name": "Dr. Ana López",
            },
        )
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    client.post("/" + link.split("://", 1)[1].split("/", 1)[1])
    response = client.post(reverse("account_login"), {"login": "new@example.org", "password": PASSWORD})
    assert response["Location"] == edit_url("practice")
    page = client.get(edit_url("practice")).content.decode()
    assert f'take you back to <a href="{trip.get_absolute_url()}">{trip.title}</a>' in page

    pediatrics = common_specialty("pediatrics")
    client.post(
        edit_url("practice"),
        {
            "display_name": "Dr. Ana López",
            "primary_specialty": pediatrics.pk,
            "training_level": "attending",
            "licence_status": "active",
            "licence_jurisdiction": "Ontario",
            "licence_number": "CPSO-1",
            "years_in_practice": 12,
            "prior_mission_trips": 2,
        },
    )
    client.post(edit_url("languages"), {**empty_formset("languages"), **empty_formset("availability")})
    client.post(edit_url("places"), {"max_budget_usd": 3000})
    answers = {f"weight_{key}": 1 for key in vocabulary.MOTIVATION_KEYS} | {"statement": "To teach."}
    response = client.post(edit_url("motivations"), answers)
    assert response["Location"] == trip.get_absolute_url() + "#apply"
    page = client.get(trip.get_absolute_url()).content.decode()
    assert reverse("applications:apply", args=[trip.pk]) in page

    response = client.post(reverse("applications:apply", args=[trip.pk]), {"specialty": pediatrics.pk})
    assert response.status_code == 302
    assert Application.objects.filter(trip=trip, physician__user__email="new@example.org").exists()
    assert "trip_to_apply" not in client.session  # applied: the way back is no longer needed


def test_logging_in_to_apply_lands_on_the_trips_form(client, trip, physician, password):
    response = client.get(reverse("applications:apply-start", args=[trip.pk]) + "?account=existing")
    assert response["Location"] == reverse("account_login")
    response = client.post(reverse("account_login"), {"login": physician.user.email, "password": password})
    assert response["Location"] == trip.get_absolute_url() + "#apply"


def test_someone_signed_in_goes_straight_to_the_form(client, trip, physician):
    client.force_login(physician.user)
    response = client.get(reverse("applications:apply-start", args=[trip.pk]))
    assert response["Location"] == trip.get_absolute_url() + "#apply"


def test_a_trip_that_closed_meanwhile_is_forgotten(client, trip, physician, password):
    client.get(reverse("applications:apply-start", args=[trip.pk]))
    trip.__class__.objects.filter(pk=trip.pk).update(status="closed")
    response = client.post(reverse("account_login"), {"login": physician.user.email, "password": password})
    assert response["Location"] == reverse("matching:mine")


def test_a_hidden_trip_cannot_be_remembered(client):
    hidden = TripFactory()  # a draft of a pending organization
    assert client.get(reverse("applications:apply-start", args=[hidden.pk])).status_code == 404
