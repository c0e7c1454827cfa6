"""Reads of organizations shared by pages, the API and matching."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext

import vocabulary
from matching.engine import evaluate
from matching.selectors import host_voice, organization_evidence, trip_offer
from trips.models import TripStatus

from .models import Organization


def organization_list_public(*, today=None):
    """Verified organizations with the count of their trips still taking applications (the
    same trips `trip_list_public` lists), in one query per page (+ the paginator's count).
    The list shows no evidence detail, so none is prefetched."""
    today = today or timezone.localdate()
    taking_applications = Q(trips__status=TripStatus.OPEN, trips__application_deadline__gte=today)
    return (
        Organization.objects.verified()
        .annotate(open_trip_count=Count("trips", filter=taking_applications))
        .order_by("name")
    )


def organization_host_answers(*, organization, limit=20):
    """What the organization's host partners answered, newest first and in their own words, each
    with the language it was written in: (claim responses, trip feedback), two queries."""
    claims = organization.host_claim_responses.select_related("link__partner").order_by("-created_at", "-id")
    feedback = organization.host_feedback.select_related("link__partner", "trip").order_by("-created_at", "-id")
    return list(claims[:limit]), list(feedback[:limit])


def organization_scorecard(*, organization):
    """The ethics scorecard grouped by principle, every item listed (uses the prefetch)."""
    judged = {item.item: item for item in organization.scorecard_items.all()}
    status_labels = dict(vocabulary.choices.SCORECARD_STATUS_CHOICES)
    item_labels = dict(vocabulary.choices.SCORECARD_ITEM_CHOICES)
    groups = []
    for principle, principle_label in vocabulary.PRINCIPLES:
        rows = []
        for key, item_principle, _plain in vocabulary.SCORECARD_ITEMS:
            if item_principle != principle:
                continue
            item = judged.get(key)
            status = item.status if item else vocabulary.UNKNOWN
            rows.append(
                {
                    "label": item_labels[key],
                    "status": status,
                    "status_label": status_labels[status],
                    "evidence": item.evidence if item else "",
                }
            )
        groups.append({"principle": gettext(principle_label), "items": rows})
    return groups


def organization_host_summary(*, organization):
    """What the host partner said, summarised for physicians (uses the prefetches)."""
    confirmed, disputed, _follow_up, _learned, _accounts = host_voice(
        [(r.claim, r.verdict, r.created_at, r.pk) for r in organization.host_claim_responses.all()],
        [],
    )
    feedback = list(organization.host_feedback.all())
    count = len(feedback)
    follow_up = sum(f.follow_ups_handed_over for f in feedback) / count if count else None
    learned = sum(f.local_staff_learned for f in feedback) / count if count else None
    return {
        "confirmed": [gettext(vocabulary.HOST_CLAIM_NAMES[c]) for c in confirmed],
        "disputed": [gettext(vocabulary.HOST_CLAIM_NAMES[c]) for c in disputed],
        "feedback_count": count,
        "follow_up_percent": round(follow_up * 100) if follow_up is not None else None,
        "learned_percent": round(learned * 100) if learned is not None else None,
    }


def organization_outcomes_summary(*, organization):
    """Post-trip reports and volunteers' reviews for the organization page (uses the prefetches)."""
    reviews = sorted(organization.reviews.all(), key=lambda r: (r.created_at, r.pk), reverse=True)
    reports = sorted(organization.reports.all(), key=lambda r: (r.created_at, r.pk), reverse=True)

    def percent(items, attribute):
        return round(100 * sum(bool(getattr(i, attribute)) for i in items) / len(items)) if items else None

    return {
        "review_count": len(reviews),
        "follow_up_percent": percent(reviews, "follow_up_happened"),
        "local_staff_percent": percent(reviews, "local_staff_involved"),
        "preparation_percent": percent(reviews, "preparation_adequate"),
        "would_return_percent": percent(reviews, "would_return"),
        "recent_reviews": [r for r in reviews if r.text][:5],
        "report_count": len(reports),
        "patients_seen": sum(r.patients_seen for r in reports),
        "follow_ups_handed_over": sum(r.follow_ups_handed_to_local_staff for r in reports),
        "local_staff_trained": sum(r.local_staff_trained for r in reports),
        "recent_reports": reports[:3],
    }


def organization_trip_matches(*, profile, organization, trips, today=None):
    """{trip id: the engine's Match or Exclusion} for a physician's engine `profile` and an
    organization's trips, without a query: the organization's evidence (loaded
    `with_evidence()`) is turned into engine input once, and each trip (loaded
    `with_related()`) is scored the same way its own page scores it."""
    today = today or timezone.localdate()
    evidence = organization_evidence(organization)
    return {trip.pk: evaluate(profile, trip_offer(trip, evidence), today=today) for trip in trips}
