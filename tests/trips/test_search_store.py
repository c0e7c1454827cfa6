"""The trip search through the trip-feature store (trips.selectors.trip_search) lists exactly
what the SQL path (`TripFilter(...).qs` over `trip_list_public()`) lists, in the same order,
whatever the trips, their organizations and the filters; and it follows every write at once."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.generation import engine_input_changed
from matching.trip_store import trip_store_forget
from organizations.models import VettingStatus
from organizations.services import organization_change_vetting_status
from physicians.specialties import common_specialty
from tests.factories import OrganizationFactory, PhysicianProfileFactory, TripFactory
from tests.hypothesis_profiles import examples
from trips.filters import TripFilter
from trips.models import TripStatus
from trips.selectors import trip_list_public, trip_search
from trips.services import trip_change_status, trip_save

pytestmark = pytest.mark.django_db

SPECIALTIES = ("family-medicine", "pediatrics", "general-surgery")
COUNTRIES = ("NI", "GT", "HT", "KE", "PE")
LANGUAGES = ("es", "fr", "en")
COSTS = (0, 500, 1200, 2999, 3000, 3001, 5000)

organization_st = st.fixed_dictionaries(
    {
        "vetting_status": st.sampled_from([VettingStatus.VERIFIED] * 3 + list(VettingStatus.values)),
        "runs_year_round_facility": st.booleans(),
        "has_follow_up_plan": st.booleans(),
        "trains_local_staff": st.booleans(),
    }
)
trip_st = st.fixed_dictionaries(
    {
        "organization": st.integers(0, 3),
        "status": st.sampled_from([TripStatus.OPEN] * 3 + list(TripStatus.values)),
        "country": st.sampled_from(COUNTRIES),
        # Few distinct starts and costs, so that orders have ties to break.
        "start": st.integers(0, 6).map(lambda n: n * 15),
        "days": st.integers(1, 20),
        "deadline_before": st.integers(0, 40),  # days before the start: past for the earliest trips
        "cost": st.sampled_from(COSTS),
        "languages": st.lists(st.sampled_from(LANGUAGES), unique=True, max_size=2),
        "needs": st.dictionaries(st.sampled_from(SPECIALTIES), st.tuples(st.integers(1, 2), st.booleans()), max_size=2),
    }
)
optional = st.none() | st.just("")
filters_st = st.fixed_dictionaries(
    {},
    optional={
        "specialty": st.sampled_from(SPECIALTIES),
        "country": st.sampled_from(COUNTRIES) | optional,
        "region": st.sampled_from(["central_america", "caribbean", "east_africa", "pacific"]) | optional,
        "starts_after": st.integers(0, 100),
        "ends_before": st.integers(0, 130),
        "language": st.sampled_from(LANGUAGES + ("qu",)) | optional,
        "max_cost": st.sampled_from(["0", "1200", "2999.5", "3000", "3000.99", "100000000000000000000000"]),
        "year_round_facility": st.sampled_from(["true", "false", ""]),
        "follow_up_plan": st.sampled_from(["true", "false", ""]),
        "trains_local_staff": st.sampled_from(["true", "false", ""]),
        "sort": st.lists(st.sampled_from(["soonest", "-soonest", "cost", "-cost"]), min_size=1, max_size=2).map(
            ",".join
        ),
        "rank": st.just("best_fit"),
    },
)


def query_of(filters, today):
    """The filters as the URL carries them."""
    query = QueryDict(mutable=True)
    for name, value in filters.items():
        if value is None:
            continue
        if name == "specialty":
            value = common_specialty(value).pk
        elif name in ("starts_after", "ends_before"):
            value = (today + timedelta(days=value)).isoformat()
        query[name] = str(value)
    return query


def make_world(organizations, trips, today):
    orgs = [OrganizationFactory(**fields) for fields in organizations]
    made = []
    for spec in trips:
        start = today + timedelta(days=spec["start"])
        trip = TripFactory(
            organization=orgs[spec["organization"] % len(orgs)],
            status=spec["status"],
            country=spec["country"],
            start_date=start,
            end_date=start + timedelta(days=spec["days"] - 1),
            application_deadline=start - timedelta(days=spec["deadline_before"]),
            cost_usd=spec["cost"],
            languages=spec["languages"],
            needs={slug: places for slug, (places, _full) in spec["needs"].items()},
        )
        for slug, (places, full) in spec["needs"].items():
            if full:
                trip.specialty_needs.filter(specialty=common_specialty(slug)).update(places_filled=places)
        made.append(trip)
    engine_input_changed()
    return orgs, made


def both_paths(query, user, today):
    """(ids by SQL, ids through the store) for one query."""
    filterset = TripFilter(query, queryset=trip_list_public(today=today), request=SimpleNamespace(user=user))
    assert filterset.is_valid(), filterset.errors
    by_sql = list(filterset.qs.values_list("pk", flat=True))
    through_store = [trip.pk for trip in trip_search(filterset.form.cleaned_data, user=user, today=today)[:]]
    return by_sql, through_store


@given(
    organizations=st.lists(organization_st, min_size=1, max_size=4),
    trips=st.lists(trip_st, max_size=12),
    filters=st.lists(filters_st, min_size=1, max_size=3),
    later=st.fixed_dictionaries(
        {"close": st.lists(st.integers(0, 11), max_size=3), "suspend": st.lists(st.integers(0, 3), max_size=2)}
    ),
    physician=st.booleans(),
)
@settings(max_examples=examples(60), deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_the_store_lists_what_the_sql_lists_in_the_same_order(organizations, trips, filters, later, physician):
    today = timezone.localdate()
    with transaction.atomic():
        trip_store_forget()  # the last example's store is of rolled-back rows
        orgs, made = make_world(organizations, trips, today)
        user = PhysicianProfileFactory(languages={"es": 3}).user if physician else AnonymousUser()
        for step in range(2):
            for chosen in filters:
                by_sql, through_store = both_paths(query_of(chosen, today), user, today)
                assert through_store == by_sql, chosen
            if step == 0:
                # Writes after the store's build: it refreshes the rows they name (a trip that
                # left it stays in its row as not open), as the services name them.
                closed = [made[i].pk for i in later["close"] if i < len(made)]
                suspended = [orgs[i].pk for i in later["suspend"] if i < len(orgs)]
                TripFactory._meta.model.objects.filter(pk__in=closed).update(status=TripStatus.CLOSED)
                orgs[0].__class__.objects.filter(pk__in=suspended).update(vetting_status=VettingStatus.SUSPENDED)
                engine_input_changed(trip_ids=closed, organization_ids=suspended)
        transaction.set_rollback(True)
    trip_store_forget()


def test_bad_filters_are_form_errors_listing_nothing(client, organization):
    TripFactory(open=True, organization=organization, title="Listed")
    for bad in ({"max_cost": "lots"}, {"starts_after": "soon"}, {"sort": "nearest"}, {"specialty": "999999"}):
        response = client.get(reverse("trips:list"), bad)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Some filters are not valid" in body and "Listed" not in body
        assert client.get("/api/v1/trips/", bad).status_code == 400


def test_pages_past_the_end_show_the_last_and_non_numbers_the_first(client, organization):
    start = timezone.localdate() + timedelta(days=60)
    for day in range(25):
        TripFactory(
            open=True,
            organization=organization,
            title=f"Trip on day {day:02}",
            start_date=start + timedelta(days=day),
            end_date=start + timedelta(days=day + 3),
        )
    first = client.get(reverse("trips:list"), {"page": "x"}).content.decode()
    assert "Trip on day 00" in first and "Trip on day 20" not in first
    for page in ("9", "last", "2"):
        body = client.get(reverse("trips:list"), {"page": page}).content.decode()
        assert "Trip on day 20" in body and "Trip on day 24" in body and "Trip on day 19" not in body
    assert [t["title"] for t in client.get("/api/v1/trips/", {"page": 2}).json()["results"]] == [
        f"Trip on day {day:02}" for day in range(20, 25)
    ]


def search_queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("trips:list"), params)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_search_page_reads_a_fixed_number_of_queries_whatever_the_trips(client, organization, signed_in):
    """With the store current: its generation (one query), the page's 20 trips with their
    organization and their needs (two) inside the request's SAVEPOINT and RELEASE (ATOMIC_REQUESTS), and the
    form's specialties (one). Signed in: the session, the user, and the frame's roles (one
    query: three more); best fit reads the physician instead of the generation
    (two queries: the profile, then its rows with the generation)."""
    if signed_in:
        client.force_login(PhysicianProfileFactory().user)
    params = {"language": "es", "max_cost": "3000", "trains_local_staff": "true"}
    counts = []
    for size in (1, 30):
        while organization.trips.count() < size:
            TripFactory(open=True, organization=organization, languages=["es", "fr"], cost_usd=900)
        organization.__class__.objects.filter(pk=organization.pk).update(trains_local_staff=True)
        engine_input_changed(organization_ids=[organization.pk])
        search_queries(client, params)  # the store refreshes after the writes
        counts.append((search_queries(client, params), search_queries(client, {**params, "rank": "best_fit"})))
    plain, best_fit = (9, 10) if signed_in else (6, 6)
    assert counts == [(plain, best_fit)] * 2


def listed(client, **params):
    return [t["title"] for t in client.get("/api/v1/trips/", params).json()["results"]]


def test_writes_through_the_services_show_in_the_search_at_once(client, organization, admin_user):
    trip = TripFactory(open=True, organization=organization, title="Spanish week", languages=["es"], cost_usd=900)
    other = TripFactory(open=True, organization=OrganizationFactory(verified=True), title="Other week")
    assert listed(client, language="es") == ["Spanish week"]  # the store is built
    trip_save(organization=organization, trip=trip, values={"cost_usd": 4000}, languages=["fr"])
    assert listed(client, language="es") == [] and listed(client, language="fr", max_cost=5000) == ["Spanish week"]
    trip_change_status(trip=trip, to_status=TripStatus.CLOSED)
    assert listed(client) == ["Other week"]
    organization_change_vetting_status(
        organization=other.organization, to_status=VettingStatus.SUSPENDED, decided_by=admin_user, reason="Checks."
    )
    assert listed(client) == []
    page = client.get(reverse("trips:list")).content.decode()
    assert "Other week" not in page and "Spanish week" not in page
