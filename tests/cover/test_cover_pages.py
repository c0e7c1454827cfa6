"""Cover calendars and cover rounds through the organization's pages: who may do what,
bad input, covered and uncovered weeks, and a round's proposals turned into a trip and an
invitation."""

from datetime import timedelta

import pytest
from django.urls import reverse

from applications.models import ApplicationStatus, TripInvitation
from cover.models import CoverCalendar, CoverProposal, CoverProposalStatus, CoverRound, CoverRoundState
from cover.services import cover_round_execute
from physicians.models import AvailabilityWindow
from physicians.specialties import common_specialty
from tests.factories import ApplicationFactory, MembershipFactory, PhysicianProfileFactory, TripFactory
from tests.factories_cover import CoverCalendarFactory, next_monday
from trips.models import Trip, TripStatus
from trips.services import trip_change_status

pytestmark = pytest.mark.django_db


def _periods(*rows):
    data = {"periods-TOTAL_FORMS": str(len(rows)), "periods-INITIAL_FORMS": "0"}
    for i, (start, end) in enumerate(rows):
        data[f"periods-{i}-start_date"] = start.isoformat()
        data[f"periods-{i}-end_date"] = end.isoformat()
    return data


def test_a_member_creates_a_calendar_and_the_organization_page_shows_its_weeks(member_client, organization):
    surgery = common_specialty("general-surgery")
    start = next_monday()
    response = member_client.post(
        reverse("cover:create", args=[organization.slug]),
        {"specialty": surgery.pk, "minimum_stay_weeks": 2, **_periods((start, start + timedelta(days=20)))},
    )
    calendar = CoverCalendar.objects.get()
    assert response["Location"] == reverse("cover:detail", args=[organization.slug, calendar.pk])
    assert calendar.specialty == surgery and calendar.periods.get().start_date == start

    # An accepted surgeon on site the first whole week covers it; the other two stay gaps.
    trip = TripFactory(
        organization=organization,
        open=True,
        start_date=start,
        end_date=start + timedelta(days=6),
        application_deadline=start - timedelta(days=1),
        needs={"general-surgery": 1},
    )
    surgeon = PhysicianProfileFactory(primary_specialty=surgery)
    ApplicationFactory(physician=surgeon, trip=trip, specialty=surgery, status=ApplicationStatus.ACCEPTED)
    page = member_client.get(organization.get_absolute_url()).content.decode()
    assert f'data-week="{start.isoformat()}" data-covered="yes"' in page
    assert f'data-week="{(start + timedelta(days=7)).isoformat()}" data-covered="no"' in page
    assert "1 weeks covered, 2 weeks still without a clinician" in page


def test_bad_input_is_a_form_error(member_client, organization):
    start = next_monday()
    response = member_client.post(
        reverse("cover:create", args=[organization.slug]),
        {"specialty": "", "minimum_stay_weeks": 0, **_periods((start, start - timedelta(days=3)))},
    )
    assert response.status_code == 200
    assert not CoverCalendar.objects.exists()
    form = response.context["form"]
    assert "specialty" in form.errors and "minimum_stay_weeks" in form.errors

    response = member_client.post(
        reverse("cover:create", args=[organization.slug]),
        {
            "specialty": common_specialty("pediatrics").pk,
            "minimum_stay_weeks": 2,
            **_periods((start, start - timedelta(days=3))),
        },
    )
    assert response.status_code == 200 and "ends before it starts" in response.content.decode()
    assert not CoverCalendar.objects.exists()


def test_only_an_organization_with_a_year_round_facility_keeps_a_calendar(client):
    member = MembershipFactory(organization__runs_year_round_facility=False).user
    client.force_login(member)
    organization = member.memberships.get().organization
    start = next_monday()
    response = client.post(
        reverse("cover:create", args=[organization.slug]),
        {
            "specialty": common_specialty("pediatrics").pk,
            "minimum_stay_weeks": 2,
            **_periods((start, start + timedelta(days=6))),
        },
    )
    assert response.status_code == 200 and "year-round facility" in response.content.decode()
    assert not CoverCalendar.objects.exists()


def test_outsiders_can_neither_see_nor_change_a_calendar(client, physician):
    calendar = CoverCalendarFactory()
    slug = calendar.organization.slug
    pages = [
        ("get", reverse("cover:list", args=[slug])),
        ("get", reverse("cover:detail", args=[slug, calendar.pk])),
        ("post", reverse("cover:delete", args=[slug, calendar.pk])),
        ("post", reverse("cover:round-start", args=[slug, calendar.pk])),
    ]
    for method, url in pages:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(physician.user)
    for method, url in pages:
        assert getattr(client, method)(url).status_code == 404
    # A member of another organization cannot reach it through their own slug either.
    other = MembershipFactory().user
    client.force_login(other)
    own = other.memberships.get().organization.slug
    assert client.get(reverse("cover:detail", args=[own, calendar.pk])).status_code == 404
    assert CoverCalendar.objects.filter(pk=calendar.pk).exists() and not CoverRound.objects.exists()


def test_a_round_proposes_stays_that_become_a_trip_and_an_invitation(client, django_capture_on_commit_callbacks):
    start = next_monday()
    calendar = CoverCalendarFactory(periods=[(start, start + timedelta(days=27))], minimum_stay_weeks=2)
    organization = calendar.organization
    member = MembershipFactory(organization=organization).user
    first = PhysicianProfileFactory(available=False)
    AvailabilityWindow.objects.create(physician=first, start_date=start, end_date=start + timedelta(days=13))
    second = PhysicianProfileFactory(available=False)
    AvailabilityWindow.objects.create(
        physician=second, start_date=start + timedelta(days=14), end_date=start + timedelta(days=40)
    )
    no_invitations = PhysicianProfileFactory(accepts_invitations=False)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cover:round-start", args=[organization.slug, calendar.pk]))
    cover_round = CoverRound.objects.get()
    assert cover_round.state == CoverRoundState.DONE
    assert (cover_round.weeks_wanted, cover_round.weeks_covered) == (4, 4)
    proposals = list(cover_round.proposals.order_by("start_date"))
    assert [(p.physician, p.start_date, p.weeks) for p in proposals] == [
        (first, start, 2),
        (second, start + timedelta(days=14), 2),
    ]
    assert no_invitations.pk not in {p.physician_id for p in proposals}
    page = client.get(response["Location"]).content.decode()
    assert "cover 4 of the 4 weeks" in page and first.display_name in page

    url = reverse("cover:proposal", args=[organization.slug, calendar.pk, cover_round.pk, proposals[0].pk, "accept"])
    response = client.post(url, {"place": "", "cost_usd": "-5"})
    assert response.status_code == 302 and not Trip.objects.exists()
    response = client.post(url, {"place": "Jinotega", "cost_usd": "0"})
    trip = Trip.objects.get()
    assert response["Location"] == reverse("manage:trip-edit", args=[organization.slug, trip.pk])
    assert (trip.status, trip.start_date, trip.end_date) == (TripStatus.DRAFT, start, start + timedelta(days=13))
    assert trip.specialty_needs.get().specialty == calendar.specialty
    proposals[0].refresh_from_db()
    assert proposals[0].status == CoverProposalStatus.ACCEPTED and proposals[0].trip == trip
    assert client.post(url, {"place": "Jinotega", "cost_usd": "0"}).status_code == 302
    assert Trip.objects.count() == 1  # answered once

    invite = reverse("cover:proposal", args=[organization.slug, calendar.pk, cover_round.pk, proposals[0].pk, "invite"])
    client.post(invite)
    assert not TripInvitation.objects.exists()  # a draft takes no invitation
    trip_change_status(trip=trip, to_status=TripStatus.OPEN, changed_by=member)
    client.post(invite)
    assert TripInvitation.objects.get().physician == first

    dismiss = reverse(
        "cover:proposal", args=[organization.slug, calendar.pk, cover_round.pk, proposals[1].pk, "dismiss"]
    )
    client.post(dismiss)
    assert CoverProposal.objects.get(pk=proposals[1].pk).status == CoverProposalStatus.DISMISSED


def test_a_round_is_refused_while_one_runs_and_for_an_unverified_organization(client):
    calendar = CoverCalendarFactory()
    member = MembershipFactory(organization=calendar.organization).user
    CoverRound.objects.create(calendar=calendar, requested_by=member)
    client.force_login(member)
    response = client.post(reverse("cover:round-start", args=[calendar.organization.slug, calendar.pk]), follow=True)
    assert "already queued or running" in response.content.decode()
    assert CoverRound.objects.count() == 1

    pending = CoverCalendarFactory(organization__vetting_status="pending")
    member = MembershipFactory(organization=pending.organization).user
    client.force_login(member)
    response = client.post(reverse("cover:round-start", args=[pending.organization.slug, pending.pk]), follow=True)
    assert "not verified yet" in response.content.decode()
    assert not CoverRound.objects.filter(calendar=pending).exists()


def test_running_a_round_twice_is_safe():
    calendar = CoverCalendarFactory()
    PhysicianProfileFactory()
    cover_round = CoverRound.objects.create(calendar=calendar)
    done = cover_round_execute(round_id=cover_round.pk)
    assert done.state == CoverRoundState.DONE and done.proposals.count() == 1
    again = cover_round_execute(round_id=cover_round.pk)
    assert again.state == CoverRoundState.DONE and again.proposals.count() == 1
