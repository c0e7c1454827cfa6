from datetime import timedelta

import pytest
from django.utils import timezone

import vocabulary
from applications.models import ApplicationStatus, PostTripReport, Review
from matching.models import MatchRound
from matching.services import match_preferences_set
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


@pytest.fixture
def setting(organization):
    """Three physicians rank Popular (1 place) then Quiet (2 places)."""
    popular = TripFactory(open=True, organization=organization, needs={"family-medicine": 1}, title="Popular")
    quiet = TripFactory(open=True, organization=organization, needs={"family-medicine": 2}, title="Quiet")
    physicians = [PhysicianProfileFactory() for _ in range(3)]
    match_round = MatchRound.objects.create(name="Spring 2027")
    for physician in physicians:
        match_preferences_set(match_round=match_round, physician=physician, trip_ids=[popular.pk, quiet.pk])
    return match_round, popular, quiet, physicians


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
