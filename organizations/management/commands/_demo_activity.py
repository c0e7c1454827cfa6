"""The demo's life after sign-up: applications in every state, completed trips with reviews,
reports and host feedback, judged scorecards, a finished match round, and the two demo
logins' own things to do. Deterministic (one random stream per row, rows in id order) and
idempotent (each row is looked up by its natural key first). Rows are written directly, not
through the services, so loading the demo queues no emails."""

import random
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

import vocabulary
from applications.checklist import checklist_create_for
from applications.models import Application, ApplicationDecision, ApplicationStatus, PostTripReport, Review
from matching.models import MatchRound, RoundStatus
from matching.services import match_preferences_set, match_round_run
from notifications.models import SavedSearch
from notifications.saved_searches import saved_search_create
from organizations.models import HostFeedback, HostPartnerLink, Organization, ScorecardItem, VettingStatus
from physicians.models import PhysicianProfile
from trips.models import Trip, TripSpecialtyNeed, TripStatus

S = ApplicationStatus
# What a coordinator would plausibly have answered, and what they wrote.
DECISION_NOTES = {
    S.ACCEPTED: "Welcome to the team. Our coordinator will call you about the licence paperwork.",
    S.DECLINED: "Thank you. This trip's places went to volunteers who speak the local language.",
    S.WAITLISTED: "You are first on our waiting list; we will know about a second place within a month.",
    S.WITHDRAWN: "",
    S.EXPIRED: "No answer within 14 days",
}
REVIEW_TEXTS = [
    "Every patient we saw had a follow-up booked with the clinic's own staff before we left.",
    "Well prepared: the orientation covered consent and local customs. Lodging was basic but fine.",
    "The local nurses ran the clinic; we taught and learned. I would go again.",
    "Good work, though the follow-up plan for surgical patients was thin the week we were there.",
]
HOST_COMMENTS = [
    "The team handed every case to our clinical officers and left the records with us.",
    "Useful teaching sessions for our nurses. Please send the schedule earlier next time.",
    "We would welcome them back; two patients were not handed over as agreed.",
]
SCORECARD_EVIDENCE = {
    vocabulary.MET: "Seen on file and confirmed with the host partner.",
    vocabulary.PARTLY: "Partly in place: the documents cover some trips, not all.",
    vocabulary.NOT_MET: "Asked for; nothing on file yet.",
}


def demo_activity_seed(*, seed, today, admin, demo_email_domain):
    """Everything the demo's people have done; returns how many applications were added."""
    physician_one = PhysicianProfile.objects.filter(user__username=f"physician001@{demo_email_domain}").first()
    added = _applications(seed, today, exclude=physician_one)
    _completed_trip_voices(seed)
    _scorecards(seed, admin)
    if physician_one is not None:
        _physician_one(physician_one, today)
    _owner_one_inbox(seed, today, demo_email_domain)
    _finished_round(seed, today, admin)
    return added


def _candidates_for(trip, physicians_by_specialty):
    seen, ordered = set(), []
    for need in trip.specialty_needs.all():
        for physician in physicians_by_specialty.get(need.specialty_id, []):
            if physician.pk not in seen:
                seen.add(physician.pk)
                ordered.append((physician, need))
    return ordered


def _physicians_by_specialty(exclude=None):
    by_specialty = {}
    physicians = PhysicianProfile.objects.exclude(primary_specialty=None).select_related("user").order_by("pk")
    if exclude is not None:
        physicians = physicians.exclude(pk=exclude.pk)
    for physician in physicians:
        by_specialty.setdefault(physician.primary_specialty_id, []).append(physician)
    return by_specialty


def _application(physician, trip, need, status, created_at, *, decided_by=None):
    """One application with its decision history, taking a place when accepted (and a place is left)."""
    if Application.objects.filter(physician=physician, trip=trip).exists():
        return None
    if status == S.ACCEPTED:
        taken = TripSpecialtyNeed.objects.filter(pk=need.pk, places_filled__lt=F("places")).update(
            places_filled=F("places_filled") + 1
        )
        if not taken:
            status = S.WAITLISTED
    application = Application.objects.create(
        physician=physician, trip=trip, specialty=need.specialty, status=status, note=_note(physician)
    )
    Application.objects.filter(pk=application.pk).update(created_at=created_at)
    ApplicationDecision.objects.create(
        application=application,
        decided_by=physician.user,
        from_status=S.SUBMITTED,
        to_status=S.SUBMITTED,
        note="Applied",
    )
    if status != S.SUBMITTED:
        by = physician.user if status == S.WITHDRAWN else decided_by
        ApplicationDecision.objects.create(
            application=application,
            decided_by=by,
            from_status=S.SUBMITTED,
            to_status=status,
            note=DECISION_NOTES[status],
        )
    if status == S.ACCEPTED:
        checklist_create_for(application=application)
    return application


def _note(physician):
    return f"{physician.display_name}: I have worked alongside local teams before and would like to teach as well."


def _applications(seed, today, exclude):
    """Applicants on the trips of verified organizations: past trips were accepted, open ones in every state."""
    by_specialty = _physicians_by_specialty(exclude)
    added = 0
    trips = (
        Trip.objects.filter(organization__vetting_status=VettingStatus.VERIFIED)
        .exclude(status=TripStatus.DRAFT)
        .prefetch_related("specialty_needs__specialty", "organization__memberships__user")
        .order_by("pk")
    )
    for trip in trips:
        rng = random.Random(f"{seed}-applications-{trip.pk}")
        member = next((m.user for m in trip.organization.memberships.all()), None)
        candidates = _candidates_for(trip, by_specialty)
        rng.shuffle(candidates)
        if trip.status == TripStatus.COMPLETED:
            states = [S.ACCEPTED, S.ACCEPTED, S.DECLINED]
        else:
            states = [S.SUBMITTED, S.SUBMITTED, S.WAITLISTED, S.ACCEPTED, S.DECLINED, S.WITHDRAWN, S.EXPIRED]
            states = states[: rng.randint(2, len(states))]
        for (physician, need), status in zip(candidates, states, strict=False):
            days_ago = 20 if status == S.EXPIRED else rng.randint(1, 12)
            created_at = timezone.now() - timedelta(days=days_ago)
            application = _application(physician, trip, need, status, created_at, decided_by=member)
            if application is not None:
                added += 1
                # Not `status`: an acceptance with no place left was waitlisted instead.
                if application.status == S.ACCEPTED and trip.status != TripStatus.COMPLETED:
                    _tick_some(rng, application)
    return added


def _tick_some(rng, application):
    items = list(application.checklist_items.order_by("position"))
    for item in items[: rng.randint(1, max(1, len(items) // 2))]:
        if not item.done:
            item.done, item.done_at = True, timezone.now()
            item.save(update_fields=["done", "done_at"])


def _completed_trip_voices(seed):
    """Completed trips of verified organizations get their volunteers' reviews, the
    organization's report and, where a host partner has a contact, the host's feedback."""
    completed = (
        Trip.objects.filter(status=TripStatus.COMPLETED, organization__vetting_status=VettingStatus.VERIFIED)
        .select_related("organization")
        .prefetch_related("organization__local_partners")
        .order_by("pk")
    )
    for trip in completed:
        rng = random.Random(f"{seed}-voices-{trip.pk}")
        for application in trip.applications.filter(status=S.ACCEPTED).order_by("pk"):
            if not Review.objects.filter(application=application).exists():
                Review.objects.create(
                    application=application,
                    organization=trip.organization,
                    follow_up_happened=rng.random() < 0.8,
                    local_staff_involved=rng.random() < 0.85,
                    preparation_adequate=rng.random() < 0.75,
                    would_return=rng.random() < 0.8,
                    text=rng.choice(REVIEW_TEXTS),
                )
        if not PostTripReport.objects.filter(trip=trip).exists():
            seen = rng.randint(180, 900)
            PostTripReport.objects.create(
                trip=trip,
                organization=trip.organization,
                patients_seen=seen,
                follow_ups_handed_to_local_staff=seen // rng.randint(3, 6),
                local_staff_trained=rng.randint(4, 25),
                what_changed=(
                    f"The {trip.place} team now runs the clinics we started together; "
                    "follow-up visits are booked and recorded by local staff."
                ),
            )
        partner = next((p for p in trip.organization.local_partners.all() if p.contact_email), None)
        if partner is not None and not HostFeedback.objects.filter(trip=trip).exists():
            link = HostPartnerLink.objects.create(
                partner=partner,
                kind=vocabulary.HOST_FEEDBACK,
                trip=trip,
                token=f"demo-feedback-{trip.pk}-{rng.getrandbits(64):016x}",
                email=partner.contact_email,
                expires_at=timezone.now() + timedelta(days=21),
                used_at=timezone.now(),
            )
            HostFeedback.objects.create(
                link=link,
                organization=trip.organization,
                trip=trip,
                follow_ups_handed_over=rng.random() < 0.8,
                local_staff_learned=rng.random() < 0.85,
                would_host_again=rng.random() < 0.85,
                comment=rng.choice(HOST_COMMENTS),
            )


def _scorecards(seed, admin):
    """Verified organizations' ethics scorecards judged by the vetting team: mostly met,
    some partly, a few not met, and the weakest evidence judged more harshly."""
    for organization in Organization.objects.filter(vetting_status=VettingStatus.VERIFIED).order_by("pk"):
        rng = random.Random(f"{seed}-scorecard-{organization.slug}")
        strength = 0.9 if organization.runs_year_round_facility and organization.trains_local_staff else 0.55
        judged = set(ScorecardItem.objects.filter(organization=organization).values_list("item", flat=True))
        for item in vocabulary.SCORECARD_ITEM_KEYS:
            roll = rng.random()
            if item in judged:
                continue
            status = (
                vocabulary.MET
                if roll < strength
                else vocabulary.PARTLY
                if roll < strength + 0.25
                else vocabulary.NOT_MET
            )
            ScorecardItem.objects.create(
                organization=organization,
                item=item,
                status=status,
                evidence=SCORECARD_EVIDENCE[status],
                judged_by=admin,
            )


def _physician_one(physician, today):
    """physician001 opens the demo on a page with things to do: an accepted trip with a
    checklist part-done, and a saved search."""
    accepted = Application.objects.filter(physician=physician, status=S.ACCEPTED).exists()
    if not accepted:
        need = (
            TripSpecialtyNeed.objects.filter(
                specialty=physician.primary_specialty,
                places_filled__lt=F("places"),
                trip__in=Trip.objects.accepting_applications(today),
            )
            .exclude(trip__applications__physician=physician)
            .select_related("trip", "specialty")
            .order_by("trip__start_date", "pk")
            .first()
        )
        if need is not None:
            member = need.trip.organization.memberships.select_related("user").first()
            created = timezone.now() - timedelta(days=9)
            _application(physician, need.trip, need, S.ACCEPTED, created, decided_by=member and member.user)
            application = Application.objects.get(physician=physician, trip=need.trip)
            for item in application.checklist_items.order_by("position")[:3]:
                item.done, item.done_at = True, timezone.now()
                item.save(update_fields=["done", "done_at"])
    if not SavedSearch.objects.filter(user=physician.user).exists():
        try:
            saved_search_create(
                user=physician.user,
                query=f"specialty={physician.primary_specialty_id}&year_round_facility=true",
                name="Year-round clinics in my specialty",
            )
        except ValidationError:
            saved_search_create(user=physician.user, query=f"specialty={physician.primary_specialty_id}")


def _owner_one_inbox(seed, today, demo_email_domain):
    """owner01's open trips have applications waiting for an answer."""
    organization = Organization.objects.filter(
        memberships__user__username=f"owner01@{demo_email_domain}", vetting_status=VettingStatus.VERIFIED
    ).first()
    if organization is None:
        return
    by_specialty = _physicians_by_specialty()
    for trip in Trip.objects.accepting_applications(today).filter(organization=organization).order_by("pk"):
        waiting = trip.applications.filter(status=S.SUBMITTED).count()
        rng = random.Random(f"{seed}-owner01-{trip.pk}")
        for physician, need in _candidates_for(trip, by_specialty)[: max(0, 3 - waiting)]:
            _application(physician, trip, need, S.SUBMITTED, timezone.now() - timedelta(days=rng.randint(1, 5)))


def _finished_round(seed, today, admin):
    """A match round whose preferences are in and whose results are published."""
    deadline = today - timedelta(days=3)
    match_round, created = MatchRound.objects.get_or_create(
        name="Spring clinics round", defaults={"preference_deadline": deadline}
    )
    if not created and match_round.status != RoundStatus.OPEN:
        return
    rng = random.Random(f"{seed}-round")
    trips_by_specialty = {}
    needs = TripSpecialtyNeed.objects.filter(trip__in=Trip.objects.accepting_applications(today)).order_by("trip_id")
    for trip_id, specialty_id in needs.values_list("trip_id", "specialty_id"):
        trips_by_specialty.setdefault(specialty_id, []).append(trip_id)
    physicians = list(PhysicianProfile.objects.exclude(primary_specialty=None).order_by("pk")[10:70])
    for physician in physicians:
        fitting = trips_by_specialty.get(physician.primary_specialty_id, [])
        if not fitting:
            continue
        wanted = rng.sample(fitting, min(len(fitting), rng.randint(1, 4)))
        try:
            # Ranked while the round was open.
            match_preferences_set(match_round=match_round, physician=physician, trip_ids=wanted, today=deadline)
        except ValidationError:
            continue  # a trip beyond this physician's scope of practice: they would not have ranked it
    match_round_run(match_round=match_round, run_by=admin, today=today)
