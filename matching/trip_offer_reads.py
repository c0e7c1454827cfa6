"""Engine offers read from rows: trips with their specialty needs, languages and their
organizations' evidence (scorecard, host verdicts, outcome counts), in at most four
set-based queries whatever their number.

Plain rows, no model instances: at national scale building thousands of instances would
cost more than the matching itself. Two reads of a few rows are made often: the trip
store's refresh after a write (the trips and organizations it named) and one trip by id (a
trip the store does not hold, for suggestions or the waitlist). For them the ORM composing
and compiling its four queries took several times what the database took to answer, so
their statements are compiled once per process for stand-in values (`Prepared`)."""

from functools import cache

from django.db.models import Count, DateTimeField, IntegerField, OuterRef, Q, Subquery, Value

import vocabulary
from applications.models import PostTripReport, Review
from applications.selectors import combined_rates
from organizations.models import HostClaimResponse, HostFeedback, LocalPartner, ScorecardItem, VettingStatus
from trips.models import Trip, TripLanguage, TripSpecialtyNeed, TripStatus

from .cursor_reads import JsonLists, Prepared, padded_ids, raw_rows
from .engine import OrganizationEvidence, TripOffer
from .engine.spread import spread_need

EVIDENCE_FIELDS = (
    "is_faith_based",
    "runs_year_round_facility",
    "year_round_facility_description",
    "has_follow_up_plan",
    "follow_up_plan_description",
    "local_staff_employed",
    "hands_records_to_local_providers",
    "years_active_in_community",
    "needs_assessment_with_local_leaders",
    "publishes_fee_breakdown",
    "share_of_fees_to_local_care",
    "trains_local_staff",
    "local_training_description",
    "local_training_frequency",
    "has_local_curriculum",
    "mentors_local_clinicians",
    "education_audience",
    "offers_cultural_orientation",
    "has_safety_protocol",
    "offers_self_care_support",
    "offers_predeparture_briefing",
    "offers_predeparture_training",
    "provides_evacuation_insurance",
)

TRIP_COLUMNS = (
    "id",
    "title",
    "country",
    "place",
    "start_date",
    "end_date",
    "application_deadline",
    "status",
    "cost_usd",
    "continuity_plan",
    "supervision_provided",
    "accepted_training_levels",
    "organization_id",
)
ORGANIZATION_COLUMNS = ("organization__name", "organization__slug", "organization__vetting_status") + tuple(
    f"organization__{field}" for field in EVIDENCE_FIELDS
)


def host_verdicts(claim_responses):
    """(confirmed claims, disputed claims) from the host partner's answers, rows of (claim,
    verdict, created_at, pk): the latest answer per claim counts."""
    latest = {}
    for claim, verdict, _created_at, _pk in sorted(claim_responses, key=lambda r: (r[2], r[3])):
        latest[claim] = verdict
    confirmed = tuple(sorted(c for c, v in latest.items() if v == vocabulary.CONFIRMED))
    disputed = tuple(sorted(c for c, v in latest.items() if v == vocabulary.DISPUTED))
    return confirmed, disputed


def spreads_and_cover_gaps(trips_needs):
    """(spread need 0..1, fills a cover gap) of each trip from its needs' (open places,
    active applications in the last snapshot, fills a cover gap) rows; the spread of all of
    them in one array operation."""
    trips_needs = list(trips_needs)
    open_places = [sum(max(left, 0) for left, _active, _gap in needs) for needs in trips_needs]
    active = [sum(active for _left, active, _gap in needs) for needs in trips_needs]
    gaps = [any(gap and left > 0 for left, _active, gap in needs) for needs in trips_needs]
    return list(zip(spread_need(active, open_places).tolist(), gaps, strict=True))


def spread_and_cover_gap(needs):
    """`spreads_and_cover_gaps` of one trip."""
    return spreads_and_cover_gaps([needs])[0]


class _OfferQueries:
    """The four querysets offers are read from, for the trips of the queryset `trips`. The
    trips and their organizations go into the others as subqueries of the same filter:
    thousands of ids sent back would be prepared one by one by the ORM, in each query."""

    NAMES = ("trip_rows", "needs_and_languages", "scorecards_and_verdicts", "host_counts")

    def __init__(self, trips):
        self.trips = trips

    def trip_rows(self):
        """The trips with their organization's evidence and first local partner (by name), in
        the queryset's order."""
        first_partner = LocalPartner.objects.filter(organization=OuterRef("organization")).order_by("name", "id")
        return self.trips.annotate(first_partner=Subquery(first_partner.values("name")[:1])).values_list(
            *TRIP_COLUMNS, *ORGANIZATION_COLUMNS, "first_partner"
        )

    def needs_and_languages(self):
        """A UNION of the trips' needs and languages, a language row having no specialty."""
        trip_ids = self.trips.values("pk")
        need_rows = (
            TripSpecialtyNeed.objects.filter(trip_id__in=trip_ids)
            .order_by()
            .values_list(
                "trip_id",
                "specialty_id",
                "places",
                "places_filled",
                "specialty__name",
                "active_applications",
                "fills_cover_gap",
            )
        )
        language_rows = (
            TripLanguage.objects.filter(trip_id__in=trip_ids)
            .order_by()
            .annotate(
                no_specialty=Value(None, output_field=IntegerField()),
                no_places=Value(0),
                none_filled=Value(0),
                no_applications=Value(0),
                no_gap=Value(False),
            )
            .values_list("trip_id", "no_specialty", "no_places", "none_filled", "language", "no_applications", "no_gap")
        )
        return need_rows.union(language_rows, all=True)

    def scorecards_and_verdicts(self):
        """A UNION of the organizations' scorecard judgements and their host partners' answers,
        told apart by `kind`."""
        organization_ids = self.trips.values("organization_id")
        scorecard_rows = (
            ScorecardItem.objects.filter(organization_id__in=organization_ids)
            .order_by()
            .annotate(kind=Value("scorecard"), no_date=Value(None, output_field=DateTimeField()))
            .values_list("organization_id", "kind", "item", "status", "no_date", "id")
        )
        verdict_rows = (
            HostClaimResponse.objects.filter(organization_id__in=organization_ids, claim__in=vocabulary.HOST_CLAIM_KEYS)
            .order_by()
            .annotate(kind=Value("verdict"))
            .values_list("organization_id", "kind", "claim", "verdict", "created_at", "id")
        )
        return scorecard_rows.union(verdict_rows, all=True)

    def host_counts(self):
        """One grouped count per source of outcome figures over all the organizations at once:
        grouping once per query, not a correlated subquery per trip row, keeps the cost flat
        as trips grow."""
        organization_ids = self.trips.values("organization_id")

        def counted(model, source, follow_up, staff):
            return (
                model.objects.filter(organization_id__in=organization_ids)
                .order_by()
                .values("organization_id")
                .annotate(
                    source=Value(source),
                    total=Count("pk"),
                    follow_up=Count("pk", filter=follow_up),
                    staff=Count("pk", filter=staff),
                )
                .values_list("organization_id", "source", "total", "follow_up", "staff")
            )

        return counted(Review, "reviews", Q(follow_up_happened=True), Q(local_staff_involved=True)).union(
            counted(PostTripReport, "reports", Q(follow_ups_handed_to_local_staff__gt=0), Q(local_staff_trained__gt=0)),
            counted(HostFeedback, "host_feedback", Q(follow_ups_handed_over=True), Q(local_staff_learned=True)),
            all=True,
        )


# How each query's rows are taken: the trips in order; the UNION of scorecards and answers
# through the fields' converters (SQLite gives a UNION's dates as text); the rest as the
# driver gives them (`cursor_reads`: no converter changes those columns).
_ORDERED = {"trip_rows"}
_CONVERTED = {"scorecards_and_verdicts"}


def _queryset_reader(trips):
    queries = _OfferQueries(trips)

    def read(name):
        queryset = getattr(queries, name)()
        if name in _CONVERTED:
            return list(queryset)
        return raw_rows(queryset, ordered=name in _ORDERED)

    return read


# A prepared read's trip ids are padded to a multiple of this (one statement a size); more
# than the largest size go through the ORM.
IDS_PER_STATEMENT, IDS_PREPARED = 20, 100


def _open_trips(day):
    """The trips a store holds on `day`: public, the deadline not past."""
    return Trip.objects.public().filter(application_deadline__gte=day)


@cache
def _prepared(alias, size):
    """The four statements for the trips of `size` ids (stand-ins -1, -2, …), by id. By id
    only: with the store's filter (status, vetting, deadline) too, SQLite's planner, which
    has no statistics, takes the status index and reads every open trip from five ids on."""
    stand_ins = [-1 - i for i in range(size)]
    queries = _OfferQueries(Trip.objects.using(alias).filter(pk__in=stand_ins).order_by("id"))
    return {
        name: Prepared(
            queryset if name in _ORDERED else queryset.order_by(),
            converted=name in _CONVERTED,
            trips=stand_ins,
        )
        for name in _OfferQueries.NAMES
        for queryset in [getattr(queries, name)()]
    }


def _offers_by_ids(ids, known_evidence, using):
    """The offers of the trips `ids` (at most IDS_PREPARED), by id, from prepared statements."""
    ids = padded_ids(sorted(set(ids)), IDS_PER_STATEMENT)
    statements = _prepared(using, len(ids))
    return _offers(lambda name: statements[name].rows(trips=ids), known_evidence)


def trip_offers_from_rows(trips, *, known_evidence=None):
    """Engine offers for the trips of a queryset, in its order, in 4 queries whatever their
    number (trips with their organization's evidence and first local partner; specialty
    needs and languages; scorecard judgements and host verdicts; review, report and
    host-feedback counts).

    The offers equal `trip_offer`'s from model instances except that an organization's
    local partners are only its first (by name): the engine reads whether there is one
    and names the first (tests keep the two equal on that basis).

    `known_evidence(organization_ids)` may give the current `OrganizationEvidence` of some
    organizations (a store refreshing trips whose organizations did not change): when it
    covers every organization of the rows, the two organization queries are not made."""
    return _offers(_queryset_reader(trips), known_evidence)


def open_trip_offers(today, *, using="default"):
    """`trip_offers_from_rows` of every trip a store holds on `today` (public, the deadline
    not past), by id: the store's whole build."""
    return trip_offers_from_rows(_open_trips(today).using(using).order_by("id"))


def refreshed_trip_offers(*, trip_ids, organization_ids, today, known_evidence=None, using="default"):
    """`trip_offers_from_rows` of the public trips whose deadline is not before `today`
    among the trips `trip_ids` and those of the organizations `organization_ids`, by id:
    the trip store's refresh. When it names a few trips only (most writes: a trip saved, a
    place filled), from statements compiled once, the store's filter applied to the offers
    (their `is_open`, `is_verified` and deadline are the filter's columns)."""
    if organization_ids or not trip_ids or len(set(trip_ids)) > IDS_PREPARED:
        trips = _open_trips(today).using(using).filter(Q(pk__in=trip_ids) | Q(organization_id__in=organization_ids))
        return trip_offers_from_rows(trips.order_by("id"), known_evidence=known_evidence)
    return [
        offer
        for offer in _offers_by_ids(trip_ids, known_evidence, using)
        if offer.is_open and offer.organization.is_verified and offer.application_deadline >= today
    ]


def trip_offer_of(pk, *, using="default"):
    """The offer of the trip `pk` whatever its status and its organization's vetting, or
    None when there is no such trip: `trip_offers_from_rows` from statements compiled once."""
    offers = _offers_by_ids([pk], None, using)
    return offers[0] if offers else None


def _needs_from_rows(rows):
    needs, specialty_names, languages, spread = {}, {}, {}, {}
    # Sorted by name as the needs' own ordering would (a UNION takes no per-part ORDER BY).
    for trip_id, specialty_id, places, filled, text, active, gap in sorted(rows, key=lambda row: row[4]):
        if specialty_id is None:
            languages.setdefault(trip_id, set()).add(text)
        else:
            needs.setdefault(trip_id, []).append((specialty_id, places - filled))
            specialty_names.setdefault(trip_id, []).append((specialty_id, text))
            spread.setdefault(trip_id, []).append((places - filled, active, bool(gap)))
    return needs, specialty_names, languages, dict(zip(spread, spreads_and_cover_gaps(spread.values()), strict=True))


def _scorecards_from_rows(rows):
    """(scorecard judgements by organization, sorted; (confirmed, disputed) host claims by
    organization)."""
    scorecards, verdicts = {}, {}
    for organization_id, kind, key, value, created_at, pk in rows:
        if kind == "scorecard":
            scorecards.setdefault(organization_id, []).append((key, value))
        else:
            verdicts.setdefault(organization_id, []).append((key, value, created_at, pk))
    scorecards = {org: tuple(sorted(items)) for org, items in scorecards.items()}
    return scorecards, {org: host_verdicts(rows) for org, rows in verdicts.items()}


def _host_voice_from_counts(organization_ids, verdicts, count_rows):
    """Engine keyword arguments per organization for the host partner's voice (`verdicts`:
    its (confirmed, disputed) claims) and the outcome figures (`count_rows`)."""
    counts = {}
    for organization_id, source, *figures in count_rows:
        counts.setdefault(organization_id, {})[source] = figures
    result = {}
    for organization_id in organization_ids:
        confirmed, disputed = verdicts.get(organization_id, ((), ()))
        sources = counts.get(organization_id, {})
        follow_up, staff, accounts = combined_rates(
            **{s: sources.get(s, (0, 0, 0)) for s in ("reviews", "reports", "host_feedback")}
        )
        result[organization_id] = {
            "host_confirmed": confirmed,
            "host_disputed": disputed,
            "follow_up_confirmed_rate": follow_up,
            "local_staff_involved_rate": staff,
            "review_count": accounts,
        }
    return result


def _offers(read, known_evidence):
    """The offers from `read(name)`, the rows of each of `_OfferQueries`' queries."""
    rows = read("trip_rows")
    if not rows:
        return []
    levels_of = JsonLists()
    needs, specialty_names, languages, spread = _needs_from_rows(read("needs_and_languages"))
    organization_ids = {row[12] for row in rows}
    evidence_by_org = dict(known_evidence(organization_ids)) if known_evidence else {}
    if organization_ids - evidence_by_org.keys():
        evidence_by_org = {}
        scorecards, verdicts = _scorecards_from_rows(read("scorecards_and_verdicts"))
        host = _host_voice_from_counts(organization_ids, verdicts, read("host_counts"))

    offers = []
    width = len(TRIP_COLUMNS)
    for row in rows:
        (
            trip_id,
            title,
            country,
            place,
            start,
            end,
            deadline,
            status,
            cost,
            continuity,
            supervision,
            levels,
            org_id,
        ) = row[:width]
        evidence = evidence_by_org.get(org_id)
        if evidence is None:
            org_name, org_slug, vetting_status, *evidence_values, partner = row[width:]
            evidence = evidence_by_org[org_id] = OrganizationEvidence(
                id=org_id,
                name=org_name,
                slug=org_slug,
                is_verified=vetting_status == VettingStatus.VERIFIED,
                local_partner_names=(partner,) if partner else (),
                scorecard=tuple(scorecards.get(org_id, ())),
                **host[org_id],
                **dict(zip(EVIDENCE_FIELDS, evidence_values, strict=True)),
            )
        offers.append(
            TripOffer(
                id=trip_id,
                title=title,
                organization=evidence,
                country=str(country),
                place=place,
                start=start,
                end=end,
                application_deadline=deadline,
                is_open=status == TripStatus.OPEN,
                open_places=tuple(needs.get(trip_id, ())),
                specialty_names=tuple(specialty_names.get(trip_id, ())),
                languages=frozenset(languages.get(trip_id, ())),
                cost_usd=cost,
                has_continuity_plan=bool(continuity.strip()),
                supervision_provided=supervision,
                accepted_training_levels=frozenset((levels_of[levels] if isinstance(levels, str) else levels) or ()),
                spread_need=spread.get(trip_id, (1.0, False))[0],
                fills_cover_gap=spread.get(trip_id, (1.0, False))[1],
            )
        )
    return offers
