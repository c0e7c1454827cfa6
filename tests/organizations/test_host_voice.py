from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import vocabulary
from matching.explanation_text import notes_text
from matching.selectors import matches_for_physician, physician_with_related
from matching.trip_offer_reads import trip_offers_from_rows
from organizations.models import HostClaimResponse, HostFeedback, HostPartnerLink
from organizations.services import (
    HOST_LINK_DAYS_VALID,
    host_claims_submit,
    host_feedback_request_for_completed_trips,
    host_feedback_submit,
    host_link_create,
)
from tests.factories import LocalPartnerFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory
from trips.models import Trip, TripStatus

pytestmark = pytest.mark.django_db


def form_data(**verdicts):
    data = {}
    for claim in vocabulary.HOST_CLAIM_KEYS:
        data[f"{claim}_verdict"] = verdicts.get(claim, vocabulary.CONFIRMED)
        data[f"{claim}_comment"] = ""
    return data


@pytest.fixture
def partner(organization):
    return LocalPartnerFactory(
        organization=organization, contact_name="Dr. Rosa", contact_email="director@host.example"
    )


@pytest.fixture
def link(partner, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        return host_link_create(partner=partner, kind=vocabulary.HOST_CONFIRMATION)


def test_the_partner_is_emailed_a_private_link(link):
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["director@host.example"]
    assert reverse("organizations:host-link", args=[link.token]) in mail.outbox[0].body


def test_a_dispute_is_recorded_and_raises_a_watch_out(client, link, organization):
    url = reverse("organizations:host-link", args=[link.token])
    page = client.get(url)
    assert page.status_code == 200 and organization.name in page.content.decode()
    data = form_data(follow_up_plan=vocabulary.DISPUTED)
    data["follow_up_plan_comment"] = "Nobody from the team has come back since March."
    response = client.post(url, data)
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert HostClaimResponse.objects.filter(organization=organization, verdict="disputed").count() == 1

    physician = PhysicianProfileFactory()
    TripFactory(open=True, organization=organization)
    match = matches_for_physician(physician=physician_with_related(pk=physician.pk))[0].match
    assert any(
        note.startswith("The host partner disputes that patients are followed up")
        for note in notes_text(match.watch_outs)
    )
    body = client.get(organization.get_absolute_url()).content.decode()
    assert "Disputed: Patients are followed up by local staff" in body


def test_a_link_works_once(client, link):
    url = reverse("organizations:host-link", args=[link.token])
    client.post(url, form_data())
    again = client.post(url, form_data(community_needs=vocabulary.DISPUTED))
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert HostClaimResponse.objects.count() == 3
    with pytest.raises(ValidationError):
        host_claims_submit(link=link, answers={"community_needs": ("disputed", "")})


def test_a_link_expires(client, link):
    with time_machine.travel(timezone.now() + timedelta(days=22)):
        response = client.get(reverse("organizations:host-link", args=[link.token]))
        assert response.status_code == 410 and "expired" in response.content.decode()
        with pytest.raises(ValidationError):
            host_claims_submit(link=link, answers={"community_needs": ("confirmed", "")})
    assert not HostClaimResponse.objects.exists()


# --- one organization's link never touches another's ---------------------------------


@pytest.fixture
def other_organization():
    return OrganizationFactory(verified=True, name="Another Mission")


@pytest.fixture
def other_partner(other_organization):
    return LocalPartnerFactory(
        organization=other_organization, contact_name="Dr. Obi", contact_email="obi@elsewhere.example"
    )


def test_a_feedback_link_for_another_organizations_trip_is_refused(partner, other_organization):
    foreign_trip = TripFactory(organization=other_organization, status=TripStatus.COMPLETED)
    with pytest.raises(ValidationError, match="own trips"):
        host_link_create(partner=partner, kind=vocabulary.HOST_FEEDBACK, trip=foreign_trip)
    with pytest.raises(ValidationError, match="own trips"):
        host_link_create(partner=partner, kind=vocabulary.HOST_CONFIRMATION, trip=foreign_trip)
    with pytest.raises(ValidationError):
        host_link_create(partner=partner, kind=vocabulary.HOST_FEEDBACK, trip=None)
    assert not HostPartnerLink.objects.exists()


def test_a_confirmation_link_only_ever_writes_to_its_own_organization(
    client, link, organization, other_organization, other_partner
):
    other_link = host_link_create(partner=other_partner, kind=vocabulary.HOST_CONFIRMATION)
    url = reverse("organizations:host-link", args=[link.token])
    # Whatever a crafted request adds, the organization comes from the link alone.
    tampered = {
        **form_data(follow_up_plan=vocabulary.DISPUTED),
        "organization": other_organization.pk,
        "organization_id": other_organization.pk,
        "partner": other_partner.pk,
        "link": other_link.pk,
        "token": other_link.token,
    }
    assert client.post(url, tampered).status_code == 200
    responses = HostClaimResponse.objects.all()
    assert len(responses) == len(vocabulary.HOST_CLAIM_KEYS)
    assert {r.organization_id for r in responses} == {organization.pk}
    assert {r.link_id for r in responses} == {link.pk}
    assert not other_organization.host_claim_responses.exists()
    other_link.refresh_from_db()
    assert other_link.used_at is None  # the other organization's link is untouched and still usable
    assert "Disputed" not in client.get(other_organization.get_absolute_url()).content.decode()


def test_a_token_of_one_organization_reads_and_submits_nothing_of_another(
    client, partner, organization, other_organization, other_partner, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    own_trip = TripFactory(organization=organization, status=TripStatus.COMPLETED, title="Our cataract week")
    foreign_trip = TripFactory(organization=other_organization, status=TripStatus.COMPLETED, title="Their secret week")
    feedback_link = host_link_create(partner=partner, kind=vocabulary.HOST_FEEDBACK, trip=own_trip)
    url = reverse("organizations:host-link", args=[feedback_link.token])

    page = client.get(url).content.decode()
    assert "Our cataract week" in page and partner.name in page
    for foreign in ("Their secret week", other_organization.name, other_partner.name, other_partner.contact_name):
        assert foreign not in page

    answers = {
        "follow_ups_handed_over": "True",
        "local_staff_learned": "True",
        "would_host_again": "False",
        "comment": "Fine.",
    }
    response = client.post(url, {**answers, "trip": foreign_trip.pk, "organization": other_organization.pk})
    assert response.status_code == 200 and "Their secret week" not in response.content.decode()
    feedback = HostFeedback.objects.get()
    assert (feedback.organization_id, feedback.trip_id, feedback.link_id) == (
        organization.pk,
        own_trip.pk,
        feedback_link.pk,
    )
    assert not HostFeedback.objects.filter(organization=other_organization).exists()
    assert not HostFeedback.objects.filter(trip=foreign_trip).exists()


def test_a_link_of_one_kind_cannot_submit_the_other_kind(link, partner, organization):
    trip = TripFactory(organization=organization, status=TripStatus.COMPLETED)
    feedback_link = host_link_create(partner=partner, kind=vocabulary.HOST_FEEDBACK, trip=trip)
    with pytest.raises(ValidationError):
        host_feedback_submit(link=link, follow_ups_handed_over=True, local_staff_learned=True, would_host_again=True)
    with pytest.raises(ValidationError):
        host_claims_submit(link=feedback_link, answers={"community_needs": (vocabulary.CONFIRMED, "")})
    assert not HostFeedback.objects.exists() and not HostClaimResponse.objects.exists()


def test_unknown_tokens_answer_404(client):
    for token in ("made-up-token", "x" * 64):
        assert client.get(reverse("organizations:host-link", args=[token])).status_code == 404
        assert client.post(reverse("organizations:host-link", args=[token]), form_data()).status_code == 404


# --- expiry and single use, through the page and the services ---------------------------


def test_a_link_still_works_on_its_last_day_and_not_after(client, partner):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fresh = host_link_create(partner=partner, kind=vocabulary.HOST_CONFIRMATION)
        url = reverse("organizations:host-link", args=[fresh.token])
        clock.shift(timedelta(days=HOST_LINK_DAYS_VALID) - timedelta(minutes=1))
        assert client.get(url).status_code == 200
        clock.shift(timedelta(minutes=1))
        expired = client.post(url, form_data())
        assert expired.status_code == 410 and "expired" in expired.content.decode()
    assert not HostClaimResponse.objects.exists()
    fresh.refresh_from_db()
    assert fresh.used_at is None


def test_a_feedback_link_expires_and_works_once(client, partner, organization):
    trip = TripFactory(organization=organization, status=TripStatus.COMPLETED)
    answers = {
        "follow_ups_handed_over": "True",
        "local_staff_learned": "False",
        "would_host_again": "True",
        "comment": "",
    }
    with time_machine.travel(timezone.now(), tick=False) as clock:
        late = host_link_create(partner=partner, kind=vocabulary.HOST_FEEDBACK, trip=trip)
        clock.shift(timedelta(days=HOST_LINK_DAYS_VALID, seconds=1))
        assert client.post(reverse("organizations:host-link", args=[late.token]), answers).status_code == 410
    assert not HostFeedback.objects.exists()

    once = host_link_create(partner=partner, kind=vocabulary.HOST_FEEDBACK, trip=trip)
    url = reverse("organizations:host-link", args=[once.token])
    assert client.post(url, answers).status_code == 200
    again = client.post(url, {**answers, "follow_ups_handed_over": "False"})
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert client.get(url).status_code == 410
    assert HostFeedback.objects.count() == 1 and HostFeedback.objects.get().follow_ups_handed_over is True
    with pytest.raises(ValidationError):
        host_feedback_submit(link=once, follow_ups_handed_over=False, local_staff_learned=False, would_host_again=False)
    assert HostFeedback.objects.count() == 1


def test_post_trip_feedback_feeds_continuity_figures(client, partner, organization, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    trip = TripFactory(organization=organization, status=TripStatus.COMPLETED)
    assert host_feedback_request_for_completed_trips() == 1
    assert host_feedback_request_for_completed_trips() == 0  # asked once only
    link = HostPartnerLink.objects.get(kind=vocabulary.HOST_FEEDBACK)
    assert link.trip == trip
    response = client.post(
        reverse("organizations:host-link", args=[link.token]),
        {"follow_ups_handed_over": "False", "local_staff_learned": "True", "would_host_again": "True", "comment": ""},
    )
    assert response.status_code == 200
    feedback = HostFeedback.objects.get()
    assert feedback.follow_ups_handed_over is False and feedback.local_staff_learned is True
    body = client.get(organization.get_absolute_url()).content.decode()
    assert "follow-ups were handed over 0% of the time" in body
    TripFactory(open=True, organization=organization)
    offer = trip_offers_from_rows(Trip.objects.public())[0]
    assert offer.organization.follow_up_confirmed_rate == 0.0
    assert offer.organization.local_staff_involved_rate == 1.0


def test_engine_input_stays_at_four_queries_with_host_data(link, organization, django_assert_num_queries):
    host_claims_submit(link=link, answers={c: ("confirmed", "") for c in vocabulary.HOST_CLAIM_KEYS})
    for _ in range(5):
        TripFactory(open=True, organization=organization)
    with django_assert_num_queries(4):
        offers = trip_offers_from_rows(Trip.objects.public())
    assert offers[0].organization.host_confirmed == tuple(sorted(vocabulary.HOST_CLAIM_KEYS))


def test_admin_action_sends_links(admin_client, partner, organization, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = admin_client.post(
        reverse("admin:organizations_organization_changelist"),
        {"action": "ask_host_partners", "_selected_action": [organization.pk]},
        follow=True,
    )
    assert "1 private link sent" in response.content.decode()
    assert HostPartnerLink.objects.filter(partner=partner).count() == 1


def test_the_partners_answers_name_the_organization_the_claim_and_the_trip(organization):
    trip = TripFactory(organization=organization, status=TripStatus.COMPLETED, title="Cleft clinic, Jinotega")
    response = HostClaimResponse(organization=organization, claim="follow_up_plan", verdict=vocabulary.DISPUTED)
    assert str(response) == (
        f"{organization.name}: Patients are followed up by local staff after the volunteers leave"
        " — No, this is not right"
    )
    feedback = HostFeedback(organization=organization, trip=trip)
    assert str(feedback) == f"{organization.name} on Cleft clinic, Jinotega"
