from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from matching import vocabulary
from matching.selectors import candidate_offers_for_physician, matches_for_physician, physician_with_related
from organizations.models import HostClaimResponse, HostFeedback, HostPartnerLink
from organizations.services import host_claims_submit, host_feedback_request_for_completed_trips, host_link_create
from tests.factories import LocalPartnerFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory
from trips.models import TripStatus

pytestmark = pytest.mark.django_db



def form_data(**verdicts):
    data = {}
    for claim in vocabulary.HOST_CLAIM_KEYS:
        data[f"{claim}_verdict"] = verdicts.get(claim, vocabulary.CONFIRMED)
        data[f"{claim}_comment"] = ""
    return data


@pytest.fixture
def partner(organization):
    return LocalPartnerFactory(organization=organization, contact_name="Dr. Rosa", contact_email="director@host.example")


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
    assert any(note.startswith("The host partner disputes that patients are followed up") for note in match.watch_outs)
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


def test_a_link_only_speaks_for_its_own_organization(client, link, organization):
    other = OrganizationFactory(verified=True)
    client.post(reverse("organizations:host-link", args=[link.token]), {**form_data(), "organization": other.pk})
    assert set(HostClaimResponse.objects.values_list("organization_id", flat=True)) == {organization.pk}
    assert client.get(reverse("organizations:host-link", args=["made-up-token"])).status_code == 404


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
    physician = PhysicianProfileFactory()
    TripFactory(open=True, organization=organization)
    offer = candidate_offers_for_physician(physician=physician_with_related(pk=physician.pk))[0]
    assert offer.organization.follow_up_confirmed_rate == 0.0
    assert offer.organization.local_staff_involved_rate == 1.0


def test_engine_input_stays_at_four_queries_with_host_data(link, organization, django_assert_num_queries):
    host_claims_submit(link=link, answers={c: ("confirmed", "") for c in vocabulary.HOST_CLAIM_KEYS})
    physician = physician_with_related(pk=PhysicianProfileFactory().pk)
    for _ in range(5):
        TripFactory(open=True, organization=organization)
    with django_assert_num_queries(4):
        offers = candidate_offers_for_physician(physician=physician)
    assert offers[0].organization.host_confirmed == tuple(sorted(vocabulary.HOST_CLAIM_KEYS))


def test_admin_action_sends_links(admin_client, partner, organization, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = admin_client.post(
        reverse("admin:organizations_organization_changelist"),
        {"action": "ask_host_partners", "_selected_action": [organization.pk]},
        follow=True,
    )
    assert "1 private link(s) sent" in response.content.decode()
    assert HostPartnerLink.objects.filter(partner=partner).count() == 1
