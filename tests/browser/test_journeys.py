"""The two main journeys in a real browser (Playwright + Debian's Chromium)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

import vocabulary
from applications.models import Application, ApplicationStatus
from applications.services import application_create
from notifications.models import OutboundEmail
from organizations.models import MembershipRole, Organization, VettingStatus
from physicians.specialties import common_specialty
from tests.browser.conftest import PageWatcher
from tests.factories import (
    LocalPartnerFactory,
    MembershipFactory,
    OrganizationFactory,
    PhysicianProfileFactory,
    TripFactory,
    UserFactory,
)
from trips.models import Trip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-unusual-passphrase-42"


def verification_path():
    body = mail.outbox[-1].body
    return "/" + re.search(r"https?://[^/\s]+/(accounts/confirm-email/[^\s]+/)", body).group(1)


def sign_up(web, email, role, **fields):
    page = web.go("/accounts/signup/")
    page.fill("#id_email", email)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check(f"input[name=role][value={role}]")
    for name, value in fields.items():
        if name == "registration_country":
            page.select_option(f"#id_{name}", value)
        else:
            page.fill(f"#id_{name}", value)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    web.go(verification_path())
    page.click("main form button[type=submit]")  # confirm the address
    page.wait_for_load_state()


def log_in(web, email, password=PASSWORD):
    page = web.go("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    return page


def test_physician_signs_up_fills_profile_sees_matches_and_applies(web):
    organization = OrganizationFactory(verified=True, strong_evidence=True, name="Hope for Jinotega")
    LocalPartnerFactory(organization=organization)
    TripFactory(
        open=True, organization=organization, title="Children's health week", needs={"pediatrics": 2}, languages=["es"]
    )
    web.screenshot_name = "physician"

    trip = Trip.objects.get(title="Children's health week")
    web.go("/")
    web.check("01-home")
    web.go("/trips/")
    web.check("02-search")
    page = web.go(f"/organizations/{organization.slug}/")
    web.check("03-organization")
    page = web.go(f"/trips/{trip.pk}/")
    web.check("04-trip-visitor")
    page.click("text=Sign up to apply")
    page.wait_for_load_state()
    assert "/accounts/signup/" in page.url
    sign_up(web, "ana@example.org", "physician", display_name="Dr. Ana López")
    page = log_in(web, "ana@example.org")
    assert "/physicians/profile/edit/practice/" in page.url
    assert "take you back to" in page.content()  # the trip is kept through sign-up and confirmation
    web.check("05-profile-practice")

    page.select_option("#id_primary_specialty", str(common_specialty("pediatrics").pk))
    page.fill("#id_years_in_practice", "11")
    page.click("text=Save and continue")
    page.wait_for_load_state()
    web.check("06-profile-languages")
    page.select_option("#id_languages-0-language", "es")
    page.select_option("#id_languages-0-proficiency", str(vocabulary.FLUENT))
    start = timezone.localdate()
    page.fill("#id_availability-0-start_date", start.isoformat())
    page.fill("#id_availability-0-end_date", (start + timedelta(days=300)).isoformat())
    page.click("text=Save and continue")
    page.wait_for_load_state()
    web.check("07-profile-places")
    page.fill("#id_max_budget_usd", "3000")
    page.click("text=Save and continue")
    page.wait_for_load_state()
    page.check("input[name=weight_teaching][value='3']")
    page.check("input[name=weight_continuity][value='2']")
    web.check("08-profile-motivations")
    page.click("text=Save and continue")
    page.wait_for_load_state()
    # Back at the trip the visitor chose, its apply form ready.
    assert f"/trips/{trip.pk}/" in page.url, page.url

    page = web.go("/matches/")
    assert page.locator(".score").first.is_visible()
    assert "Children's health week" in page.content()
    assert "you want to teach" in page.content()
    web.check("09-matches")

    page.click("text=Children's health week")
    page.wait_for_load_state()
    web.check("10-trip-physician")
    page.fill("#id_note", "I can teach neonatal resuscitation.")
    page.click("text=Send application")
    page.wait_for_load_state()
    assert "/applications/" in page.url, page.locator(".messages").all_inner_texts()
    assert "Submitted" in page.content()
    web.check("11-my-applications")
    web.go("/alerts/searches/")
    web.check("12-saved-searches")
    web.go("/alerts/trips/")
    web.check("13-saved-trips")
    assert Application.objects.get().physician.display_name == "Dr. Ana López"


def test_organization_signs_up_is_verified_opens_a_trip_and_accepts(web, browser, live_server):
    # The organization signs up and drafts a trip.
    sign_up(web, "lead@hope.example", "organization", organization_name="Hope Clinics", registration_country="NI")
    page = log_in(web, "lead@hope.example")
    organization = Organization.objects.get(name="Hope Clinics")
    assert f"/manage/{organization.slug}/" in page.url
    page.click("text=New trip")
    page.wait_for_load_state()
    web.check("20-new-trip")
    start = timezone.localdate() + timedelta(days=80)
    page.fill("#id_title", "Surgical week in León")
    page.select_option("#id_country", "NI")
    page.fill("#id_place", "León")
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_end_date", (start + timedelta(days=9)).isoformat())
    page.fill("#id_application_deadline", (start - timedelta(days=20)).isoformat())
    page.fill("#id_continuity_plan", "Local surgical officers review every patient at one and six weeks.")
    page.select_option("#id_needs-0-specialty", str(common_specialty("general-surgery").pk))
    page.fill("#id_needs-0-places", "2")
    page.click("text=Save trip")
    page.wait_for_load_state()
    page.click("button:has-text('Open')")
    page.wait_for_load_state()
    assert "not verified yet" in page.content()  # explained, not hidden
    web.check("21-unverified-dashboard")

    # An admin verifies the organization in Django admin.
    UserFactory(email="vetting@example.org", is_staff=True, is_superuser=True)
    admin_context = browser.new_context()
    admin = admin_context.new_page()
    admin.goto(live_server.url + "/admin/login/")
    admin.fill("#id_username", "vetting@example.org")
    admin.fill("#id_password", "correct-horse-battery-staple")
    admin.click("input[type=submit]")
    admin.goto(live_server.url + "/admin/organizations/organization/")
    admin.check(f"input[name=_selected_action][value='{organization.pk}']")
    admin.select_option("select[name=action]", "vet_verified")
    admin.click("button[name=index]")
    admin.fill("#id_reason", "Spoke with the León hospital director; evidence checked.")
    admin.click("input[value=Confirm]")
    admin.wait_for_load_state()
    admin_context.close()
    organization.refresh_from_db()
    assert organization.vetting_status == VettingStatus.VERIFIED

    # Now the trip opens.
    page.reload()
    page.click("button:has-text('Open')")
    page.wait_for_load_state()
    assert "is now open for applications" in page.content()
    trip = organization.trips.get()

    # A physician applies (set up directly; the first journey covers applying in the browser).

    surgeon = PhysicianProfileFactory(
        primary_specialty=common_specialty("general-surgery"), display_name="Dr. Sam Okafor"
    )
    application_create(physician=surgeon, trip=trip, specialty=common_specialty("general-surgery"), note="Ready.")

    page.click("a:has-text('Applications')")
    page.wait_for_load_state()
    assert "Dr. Sam Okafor" in page.content()
    web.check("22-inbox")
    page.click("button:has-text('Accept')")
    page.wait_for_load_state()
    assert Application.objects.get().status == ApplicationStatus.ACCEPTED
    PhysicianProfileFactory(primary_specialty=common_specialty("general-surgery"), display_name="Dr. Lina Haddad")
    web.go(f"/matches/trips/{trip.pk}/suggested-volunteers/")
    assert "Invite Dr. Lina Haddad to apply" in page.content()
    web.check("23-suggested-volunteers")

    # The physician sees the acceptance and the preparation checklist.
    physician_context = browser.new_context()
    physician = physician_context.new_page()
    physician.goto(live_server.url + "/accounts/login/")
    physician.fill("#id_login", surgeon.user.email)
    physician.fill("#id_password", "correct-horse-battery-staple")
    physician.click("main form button[type=submit]")
    physician.goto(live_server.url + "/applications/")
    assert "Accepted" in physician.content()
    physician.click("text=Preparation checklist")
    physician.wait_for_load_state()
    assert "Permission to practise in Nicaragua" in physician.content()
    PageWatcher(physician, live_server).check("24-checklist")
    physician_context.close()


def test_admin_vets_an_organization_and_its_owner_is_told_why(web, browser, live_server):
    organization = OrganizationFactory(name="Clear Sight Peru")
    owner = MembershipFactory(organization=organization, role=MembershipRole.OWNER).user
    UserFactory(email="vetting@example.org", is_staff=True, is_superuser=True)
    page = web.go("/admin/login/")
    page.fill("#id_username", "vetting@example.org")
    page.fill("#id_password", "correct-horse-battery-staple")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    page = web.go("/admin/organizations/organization/")
    web.screenshot_both("30-admin-organizations")
    page.check(f"input[name=_selected_action][value='{organization.pk}']")
    page.select_option("select[name=action]", "vet_needs_information")
    page.click("button[name=index]")
    page.wait_for_load_state()
    web.screenshot_both("31-admin-vetting-reason")
    page.fill("#id_reason", "Please send the follow-up plan agreed with the Cusco clinic.")
    page.click("input[value=Confirm]")
    page.wait_for_load_state()
    web.screenshot_both("32-admin-vetted")
    organization.refresh_from_db()
    assert organization.vetting_status == VettingStatus.NEEDS_INFORMATION
    email = OutboundEmail.objects.get(to=owner.email)
    assert "Please send the follow-up plan agreed with the Cusco clinic." in email.body
