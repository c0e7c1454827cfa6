"""Signing up with a role, email verification, and where people land after logging in."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from organizations.models import MembershipRole, Organization, VettingStatus
from physicians.models import PhysicianProfile

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase-42"


@pytest.fixture(autouse=True)
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def sign_up(client, capture_on_commit=None, **fields):
    """Sign up; with `capture_on_commit` (pytest-django's fixture) the outbox's delivery,
    which runs after the request's transaction commits, runs too."""
    data = {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD, **fields}
    if capture_on_commit is None:
        return client.post(reverse("account_signup"), data)
    with capture_on_commit(execute=True):
        return client.post(reverse("account_signup"), data)


def confirm_from_email(client):
    assert mail.outbox, "no verification email"
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    return client.post("/" + path)


def test_a_physician_signs_up_verifies_and_is_sent_to_the_wizard(client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, role="physician", display_name="Dr. Ana López")
    assert response.status_code == 302
    profile = PhysicianProfile.objects.get(user__email="new@example.org")
    assert profile.display_name == "Dr. Ana López"
    assert "_auth_user_id" not in client.session  # mandatory verification first
    confirm_from_email(client)
    response = client.post(reverse("account_login"), {"login": "new@example.org", "password": PASSWORD})
    assert response["Location"] == reverse("physicians:profile-edit", args=["practice"])


def test_an_organization_signs_up_as_owner_pending_vetting(client, django_capture_on_commit_callbacks):
    sign_up(
        client,
        django_capture_on_commit_callbacks,
        role="organization",
        organization_name="Hope Clinics",
        registration_country="US",
    )
    organization = Organization.objects.get(name="Hope Clinics")
    assert organization.vetting_status == VettingStatus.PENDING
    membership = organization.memberships.get()
    assert membership.user.email == "new@example.org" and membership.role == MembershipRole.OWNER
    confirm_from_email(client)
    response = client.post(reverse("account_login"), {"login": "new@example.org", "password": PASSWORD})
    assert response["Location"] == reverse("manage:dashboard", args=[organization.slug])


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"role": "physician"}, "display_name"),
        ({"role": "organization", "registration_country": "US"}, "organization_name"),
        ({"role": "organization", "organization_name": "X"}, "registration_country"),
        ({"role": "astronaut"}, "role"),
    ],
)
def test_sign_up_needs_what_the_role_needs(client, fields, error_field):
    response = sign_up(client, **fields)
    assert response.status_code == 200
    assert error_field in response.context["form"].errors
    assert not PhysicianProfile.objects.exists() and not Organization.objects.exists()


def test_a_physician_with_a_profile_lands_on_matches(client, physician, password):
    response = client.post(reverse("account_login"), {"login": physician.user.email, "password": password})
    assert response["Location"] == reverse("matching:mine")


def test_password_reset_and_change_pages_use_the_site_layout(client, physician):
    body = client.get(reverse("account_reset_password")).content.decode()
    assert "MissionMatch" in body and "portal.css" in body
    client.force_login(physician.user)
    assert "portal.css" in client.get(reverse("account_change_password")).content.decode()


def test_the_confirmation_email_names_missionmatch_and_links_from_site_url(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://missionmatch.example"
    with django_capture_on_commit_callbacks(execute=True):  # the outbox delivers after commit
        sign_up(client, role="physician", display_name="Dr. Ana López")
    email = mail.outbox[-1]
    assert email.subject == "[MissionMatch] Confirm your email address"
    assert "MissionMatch" in email.body and "new@example.org" in email.body
    assert "https://missionmatch.example/accounts/confirm-email/" in email.body
    assert "testserver" not in email.body and "example.com" not in email.body


def test_messages_name_people_as_they_chose_never_by_a_derived_username(client, physician, password):
    # allauth derives a username like this from the address when people sign up with email alone.
    physician.user.username = "ana4821"
    physician.user.save(update_fields=["username"])
    response = client.post(reverse("account_login"), {"login": physician.user.email, "password": password}, follow=True)
    page = response.content.decode()
    assert f"Successfully signed in as {physician.display_name}" in page
    assert "ana4821" not in page


@pytest.mark.parametrize(
    ("url_name", "words"),
    [("account_login", "Log in"), ("account_signup", "Sign up")],
)
def test_allauth_pages_use_our_words_and_layout(client, url_name, words):
    page = client.get(reverse(url_name)).content.decode()
    assert f"<h1>{words}</h1>" in page and "portal.css" in page
    assert "Sign In" not in page and "Sign Up" not in page and "Signup" not in page


def test_the_confirmation_pages_speak_our_words(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox delivers after commit
        response = sign_up(client, role="physician", display_name="Dr. Ana López")
    page = client.get(response["Location"]).content.decode()
    assert "Confirm your email" in page and "Verify Your Email Address" not in page
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    page = client.get("/" + link.split("://", 1)[1].split("/", 1)[1]).content.decode()
    assert "Confirm that new@example.org is your email address on MissionMatch." in page
    assert "for user" not in page
