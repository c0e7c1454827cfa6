"""The two ways we build the engine's input must agree: the trip page builds it from model
instances (`organization_evidence`), My matches and the API from raw rows
(`candidate_offers_for_physician`). Same physician and trip, same verdict."""

from datetime import timedelta

import pytest
from django.utils import timezone

import vocabulary
from applications.models import ApplicationStatus, PostTripReport, Review
from matching.selectors import match_for_physician_and_trip, matches_for_physician, physician_with_related
from organizations.models import ScorecardItem
from organizations.services import host_claims_submit, host_feedback_submit, host_link_create
from tests.factories import (
    ApplicationFactory,
    LocalPartnerFactory,
    OrganizationFactory,
    PhysicianProfileFactory,
    TripFactory,
)
from trips.models import TripStatus
from trips.selectors import trip_detail

pytestmark = pytest.mark.django_db


def completed_trip(organization):
    past = timezone.localdate() - timedelta(days=90)
    return TripFactory(
        organization=organization,
        status=TripStatus.COMPLETED,
        start_date=past,
        end_date=past + timedelta(days=10),
        application_deadline=past - timedelta(days=30),
    )


def review(organization, *, follow_up, staff):
    application = ApplicationFactory(trip=completed_trip(organization), status=ApplicationStatus.ACCEPTED)
    Review.objects.create(
        application=application,
        organization=organization,
        follow_up_happened=follow_up,
        local_staff_involved=staff,
        preparation_adequate=True,
        would_return=True,
    )


def report(organization, *, follow_ups, trained):
    PostTripReport.objects.create(
        trip=completed_trip(organization),
        organization=organization,
        patients_seen=120,
        follow_ups_handed_to_local_staff=follow_ups,
        local_staff_trained=trained,
        what_changed="A new ward.",
    )


def host_claims(partner, verdicts):
    link = host_link_create(partner=partner, kind=vocabulary.HOST_CONFIRMATION)
    host_claims_submit(link=link, answers={claim: (verdict, "") for claim, verdict in verdicts.items()})


def host_feedback(partner, *, follow_ups, learned):
    link = host_link_create(partner=partner, kind=vocabulary.HOST_FEEDBACK, trip=completed_trip(partner.organization))
    host_feedback_submit(
        link=link, follow_ups_handed_over=follow_ups, local_staff_learned=learned, would_host_again=True
    )


def judge(organization, **statuses):
    for item, status in statuses.items():
        ScorecardItem.objects.create(organization=organization, item=item, status=status)


@pytest.fixture
def organizations():
    items = vocabulary.SCORECARD_ITEM_KEYS
    claims = vocabulary.HOST_CLAIM_KEYS

    # Strong evidence; two partners created out of alphabetical order; the host first
    # confirms every claim, then disputes one; mixed reviews, reports and host feedback.
    strong = OrganizationFactory(verified=True, strong_evidence=True, name="Strong")
    zeta = LocalPartnerFactory(organization=strong, name="Zeta Health Post", contact_email="zeta@host.example")
    LocalPartnerFactory(organization=strong, name="Alpha District Hospital")
    host_claims(zeta, dict.fromkeys(claims, vocabulary.CONFIRMED))
    host_claims(zeta, {claims[0]: vocabulary.DISPUTED})
    host_feedback(zeta, follow_ups=True, learned=False)
    judge(strong, **{items[0]: vocabulary.MET, items[1]: vocabulary.NOT_MET, items[2]: vocabulary.UNKNOWN})
    review(strong, follow_up=True, staff=True)
    review(strong, follow_up=False, staff=True)
    report(strong, follow_ups=4, trained=0)

    # Weak declared evidence, one partner, a single disappointing review, all judged met.
    weak = OrganizationFactory(verified=True, name="Weak")
    LocalPartnerFactory(organization=weak, name="Barrio Clinic")
    judge(weak, **dict.fromkeys(items, vocabulary.MET))
    review(weak, follow_up=False, staff=False)

    # Teaching aimed at volunteers, no partner, a report only and no scorecard.
    visitors = OrganizationFactory(
        verified=True, strong_evidence=True, name="Visitors", education_audience=vocabulary.EDUCATION_VOLUNTEERS
    )
    report(visitors, follow_ups=0, trained=3)
    return strong, weak, visitors


def test_trip_page_and_my_matches_give_the_same_verdict(client, organizations):
    strong, weak, visitors = organizations
    physician = PhysicianProfileFactory(
        motivations={
            vocabulary.TEACHING: 3,
            vocabulary.CONTINUITY: 2,
            vocabulary.UNDERSERVED: 3,
            vocabulary.IMMERSION: 1,
        },
        languages={"es": 3},
        max_budget_usd=1500,
    )
    trips = [
        TripFactory(open=True, organization=strong, languages=["es"], cost_usd=900),
        TripFactory(
            open=True, organization=strong, languages=["fr"], cost_usd=2400, continuity_plan="Clinic follow-up"
        ),
        TripFactory(open=True, organization=weak, cost_usd=1200),
        TripFactory(open=True, organization=weak, languages=["es", "qu"], supervision_provided=True),
        TripFactory(open=True, organization=visitors, languages=["es"], cost_usd=3000),
    ]
    loaded = physician_with_related(pk=physician.pk)
    listed = {item.trip.pk: item.match for item in matches_for_physician(physician=loaded)}
    assert set(listed) == {trip.pk for trip in trips}
    for trip in trips:
        on_trip_page = match_for_physician_and_trip(physician=loaded, trip=trip_detail(pk=trip.pk))
        # The whole verdict, not only the total: factors, reasons, watch-outs and indices.
        assert on_trip_page == listed[trip.pk], trip.title
    # The organizations really differ, so the comparison covers different evidence.
    assert len({listed[trip.pk].total for trip in trips}) == len(trips)
    assert len({(m.sustainability_index, m.local_education_index) for m in listed.values()}) == 3

    client.force_login(physician.user)
    api_totals = {row["id"]: row["match"]["total"] for row in client.get("/api/v1/matches/").json()["results"]}
    assert api_totals == {pk: match.total for pk, match in listed.items()}
    strong_match = listed[trips[0].pk]
    assert any(note.startswith("The host partner disputes") for note in strong_match.watch_outs)
    assert any(note.startswith("Our vetting found this not met") for note in strong_match.watch_outs)
    assert "Works through a local partner: Alpha District Hospital" in strong_match.reasons
