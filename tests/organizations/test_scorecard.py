import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

import vocabulary
from applications.models import Application, PostTripReport, Review
from matching.explanation_text import notes_text
from matching.selectors import matches_for_physician, physician_with_related
from organizations.models import ScorecardItem
from tests.factories import OrganizationFactory, PhysicianProfileFactory, TripFactory
from trips.models import TripStatus

pytestmark = pytest.mark.django_db


def admin_change_data(organization, scorecard_rows):
    """The admin change form's POST data with the given scorecard judgements."""
    data = {
        "name": organization.name,
        "slug": organization.slug,
        "registration_country": "US",
        "countries_served": ["NI"],
        "local_staff_employed": 0,
        "years_active_in_community": 0,
        "local_training_frequency": "none",
        "education_audience": "none",
    }
    prefixes = {
        "scorecard_items": scorecard_rows,
        "local_partners": [],
        "memberships": [],
        "vetting_decisions": [],
    }
    for prefix, rows in prefixes.items():
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = 0
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return data


def test_admin_judges_scorecard_items_and_is_recorded(admin_client, admin_user):
    organization = OrganizationFactory()
    url = reverse("admin:organizations_organization_change", args=[organization.pk])
    page = admin_client.get(url).content.decode()
    assert page.count('name="scorecard_items-') >= 12 * 3  # every item offered
    rows = [
        {"item": "written_agreement", "status": "met", "evidence": "Signed MOU with the district hospital, 2025."},
        {"item": "medicines_declared", "status": "not_met", "evidence": "No customs declarations provided."},
    ]
    response = admin_client.post(url, admin_change_data(organization, rows))
    assert response.status_code == 302, response.content.decode()[:3000]
    items = {i.item: i for i in ScorecardItem.objects.filter(organization=organization)}
    assert set(items) == {"written_agreement", "medicines_declared"}
    assert items["written_agreement"].judged_by == admin_user


def test_scorecard_is_shown_in_plain_words(client, organization):
    ScorecardItem.objects.create(
        organization=organization, item="written_agreement", status="met", evidence="MOU on file."
    )
    body = client.get(organization.get_absolute_url()).content.decode()
    assert "Ethics scorecard" in body and "Mutual partnership with the host" in body
    assert "MOU on file." in body and "Not yet judged" in body


def test_scorecard_changes_ranking(organization):
    physician = PhysicianProfileFactory(motivations={vocabulary.TEACHING: 3})
    twin = OrganizationFactory(verified=True, strong_evidence=True)
    TripFactory(open=True, organization=organization, title="Judged")
    TripFactory(open=True, organization=twin, title="Declared only")
    for key in vocabulary.SCORECARD_ITEM_KEYS:
        ScorecardItem.objects.create(organization=organization, item=key, status=vocabulary.NOT_MET)
    matches = matches_for_physician(physician=physician_with_related(pk=physician.pk))
    assert [m.trip.title for m in matches[:2]] == ["Declared only", "Judged"]
    assert any("Our vetting found this not met" in note for note in notes_text(matches[1].match.watch_outs))


def test_unknown_items_cannot_be_stored_twice(organization):
    ScorecardItem.objects.create(organization=organization, item="donations_policy")
    with pytest.raises(IntegrityError), transaction.atomic():
        ScorecardItem.objects.create(organization=organization, item="donations_policy")
    with pytest.raises(IntegrityError), transaction.atomic():
        ScorecardItem.objects.create(organization=organization, item="vibes")


def test_organization_page_shows_reports_reviews_and_watch_outs(client):
    weak = OrganizationFactory(verified=True)
    trip = TripFactory(organization=weak, status=TripStatus.COMPLETED)
    PostTripReport.objects.create(
        trip=trip,
        organization=weak,
        patients_seen=412,
        follow_ups_handed_to_local_staff=37,
        local_staff_trained=5,
        what_changed="Night triage by local nurses.",
    )
    physician = PhysicianProfileFactory()
    application = Application.objects.create(
        physician=physician, trip=trip, specialty=physician.primary_specialty, status="accepted"
    )
    Review.objects.create(
        application=application,
        organization=weak,
        follow_up_happened=True,
        local_staff_involved=True,
        preparation_adequate=False,
        would_return=True,
        text="Follow-ups really happened.",
    )
    body = client.get(weak.get_absolute_url()).content.decode()
    assert "412" in body and "Night triage by local nurses." in body and "Follow-ups really happened." in body
    assert "No safety and security protocol" in body  # watch-outs for everyone
