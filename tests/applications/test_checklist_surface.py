"""The checklist: each step once, buttons that say what they do, and ticking keeps your place."""

import pytest
from django.urls import reverse

from applications.models import ApplicationStatus, ChecklistItem
from applications.services import application_create, application_decide
from physicians.specialties import common_specialty
from tests.factories import OrganizationFactory, TripFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(member, physician):
    organization = member.memberships.get().organization
    organization.__class__.objects.filter(pk=organization.pk).update(
        offers_cultural_orientation=True,
        offers_predeparture_briefing=True,
        has_safety_protocol=True,
        offers_self_care_support=True,
        safety_protocol_description="Curfew at 9 pm; the driver is the only transport.",
    )
    trip = TripFactory(
        open=True, organization=organization, host_registration_requirements="Register with the council."
    )
    application = application_create(physician=physician, trip=trip, specialty=common_specialty("family-medicine"))
    return application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=member)


def test_a_topic_the_organization_covers_appears_once(accepted):
    titles = list(ChecklistItem.objects.filter(application=accepted).values_list("title", flat=True))
    assert len(titles) == len(set(titles)) == 9
    org = accepted.trip.organization.name
    assert f"Read {org}'s safety protocol" in titles and "Safety protocol" not in titles
    assert f"Attend {org}'s cultural orientation" in titles and "Cultural orientation" not in titles
    assert "Host-country registration for this trip" in titles
    assert not any(t.startswith("Permission to practise") for t in titles)
    # An organization step without its own description takes ours.
    orientation = ChecklistItem.objects.get(application=accepted, title=f"Attend {org}'s cultural orientation")
    assert orientation.detail


def test_an_organization_without_its_own_steps_gets_every_standard_step(member, physician):
    trip = TripFactory(open=True, organization=OrganizationFactory(verified=True))
    application = application_create(physician=physician, trip=trip, specialty=common_specialty("family-medicine"))
    application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    titles = set(ChecklistItem.objects.filter(application=application).values_list("title", flat=True))
    assert {"Safety protocol", "Cultural orientation", "Visa and entry"} <= titles


def test_ticking_an_item_returns_to_it_and_the_buttons_say_what_they_do(client, accepted, physician):
    client.force_login(physician.user)
    url = reverse("applications:checklist", args=[accepted.pk])
    page = client.get(url).content.decode()
    assert "Mark as done" in page
    item = ChecklistItem.objects.filter(application=accepted).order_by("position")[3]
    assert f'id="item-{item.pk}"' in page
    response = client.post(url, {"item": item.pk, "done": "1"})
    assert response["Location"] == f"{url}#item-{item.pk}"
    assert "Mark as not done" in client.get(url).content.decode()
