"""Every form, fed arbitrary input by hypothesis: a page or a form error, never a 500."""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.services import application_create, application_decide
from matching.models import MatchPreference, MatchRound
from notifications.saved_searches import saved_search_create
from organizations.models import LocalPartner
from organizations.services import host_link_create
from physicians.specialties import common_specialty
from tests.factories import MembershipFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory
from tests.hypothesis_profiles import examples
from trips.models import TripStatus

pytestmark = pytest.mark.django_db

junk = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "9" * 30,
            "2027-02-30",
            "true",
            "null",
            "\x00",
            "💥",
            "<script>",
            "NI",
            "es",
            "accepted",
            "editor",
            "owner",
            "on",
            "off",
            "rotate",
            "revoke",
            "/",
            "//evil.example.org/",
            "1",
            "True",
            "False",
        ]
    ),
)


def form_data(fields):
    return st.fixed_dictionaries({}, optional={name: st.one_of(junk, st.lists(junk, max_size=3)) for name in fields})


FUZZ = settings(max_examples=examples(20), deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture
def world(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    organization = OrganizationFactory(verified=True, strong_evidence=True)
    member = MembershipFactory(organization=organization).user
    trip = TripFactory(open=True, organization=organization, needs={"family-medicine": 3})
    physician = PhysicianProfileFactory()
    application = application_create(physician=physician, trip=trip, specialty=common_specialty("family-medicine"))
    application_decide(application=application, decision="accepted", decided_by=member)
    completed = TripFactory(organization=organization, status=TripStatus.COMPLETED)
    partner = LocalPartner.objects.create(
        organization=organization, name="Host", country="NI", contact_email="h@example.org"
    )
    link = host_link_create(partner=partner, kind="confirmation")
    return {
        "organization": organization,
        "member": member,
        "trip": trip,
        "physician": physician,
        "application": application,
        "completed": completed,
        "link": link,
        "round": MatchRound.objects.create(name="R"),
    }


def check(client, user, url, data, method="post"):
    client.raise_request_exception = False
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url, data)
    assert response.status_code < 500, (url, data, response.status_code)


def fuzz(client, user, url, fields, method="post"):
    """The form at `url`, its `fields` fed arbitrary input, as `user` (None: signed out)."""

    @FUZZ
    @given(data=form_data(fields))
    def run(data):
        if user is None:
            client.logout()
        check(client, user, url, data, method)

    run()


@pytest.mark.parametrize("step", ["practice", "languages", "places", "motivations"])
def test_profile_wizard(client, world, step):
    fields = [
        "display_name",
        "primary_specialty",
        "other_specialties",
        "training_level",
        "licence_number",
        "years_in_practice",
        "languages-TOTAL_FORMS",
        "languages-INITIAL_FORMS",
        "languages-0-language",
        "languages-0-proficiency",
        "availability-TOTAL_FORMS",
        "availability-INITIAL_FORMS",
        "availability-0-start_date",
        "availability-0-end_date",
        "preferred_countries",
        "preferred_regions",
        "max_budget_usd",
        "weight_teaching",
        "weight_faith",
        "statement",
    ]

    @FUZZ
    @given(data=form_data(fields))
    def run(data):
        check(client, world["physician"].user, reverse("physicians:profile-edit", args=[step]), data)

    run()


def test_physician_forms(client, world):
    targets = [
        (reverse("applications:apply", args=[world["trip"].pk]), ["specialty", "note"]),
        (reverse("applications:checklist", args=[world["application"].pk]), ["item", "done"]),
        (
            reverse("applications:review", args=[world["application"].pk]),
            ["follow_up_happened", "would_return", "text"],
        ),
        (
            reverse("matching:round-preferences", args=[world["round"].pk]),
            ["choice_1", "choice_2", "partner_email", "confirm_couple"],
        ),
        (reverse("notifications:save-search"), ["query", "name"]),
    ]
    for url, fields in targets:
        fuzz(client, world["physician"].user, url, fields)


def test_organization_forms(client, world):
    slug = world["organization"].slug
    targets = [
        (
            reverse("manage:edit", args=[slug]),
            [
                "name",
                "website",
                "registration_country",
                "countries_served",
                "local_staff_employed",
                "share_of_fees_to_local_care",
                "education_audience",
                "partners-TOTAL_FORMS",
                "partners-0-name",
            ],
        ),
        (
            reverse("manage:trip-create", args=[slug]),
            [
                "title",
                "country",
                "place",
                "start_date",
                "end_date",
                "application_deadline",
                "cost_usd",
                "languages",
                "needs-TOTAL_FORMS",
                "needs-INITIAL_FORMS",
                "needs-0-specialty",
                "needs-0-places",
            ],
        ),
        (reverse("manage:trip-status", args=[slug, world["trip"].pk]), ["status"]),
        (reverse("applications:decide", args=[world["application"].pk]), ["decision", "note"]),
        (
            reverse("applications:report", args=[world["completed"].pk]),
            ["patients_seen", "local_staff_trained", "what_changed"],
        ),
    ]
    for url, fields in targets:
        fuzz(client, world["member"], url, fields)


def test_public_forms(client, world):
    targets = [
        (
            reverse("account_signup"),
            ["email", "password1", "password2", "role", "display_name", "organization_name", "registration_country"],
            "post",
        ),
        (reverse("account_login"), ["login", "password"], "post"),
        (
            reverse("trips:list"),
            ["specialty", "country", "region", "starts_after", "language", "max_cost", "sort", "page"],
            "get",
        ),
        (
            reverse("organizations:host-link", args=[world["link"].token]),
            ["community_needs_verdict", "follow_up_plan_verdict", "local_staff_verdict"],
            "post",
        ),
    ]
    for url, fields, method in targets:
        fuzz(client, None, url, fields, method)


@pytest.fixture
def more(world):
    """What the forms below act on: a saved search, a round the physician ranked the trip
    in, and a host feedback link for the completed trip."""
    saved_search = saved_search_create(user=world["physician"].user, query="language=es", name="Spanish trips")
    MatchPreference.objects.create(match_round=world["round"], physician=world["physician"], trip=world["trip"], rank=1)
    partner = LocalPartner.objects.get(organization=world["organization"])
    feedback_link = host_link_create(partner=partner, kind="feedback", trip=world["completed"])
    return {"saved_search": saved_search, "feedback_link": feedback_link}


TRIP_FIELDS = [
    "title",
    "description",
    "country",
    "place",
    "start_date",
    "end_date",
    "application_deadline",
    "cost_usd",
    "cost_covers",
    "continuity_plan",
    "supervision_provided",
    "accepted_training_levels",
    "languages",
    "host_registration_requirements",
    "needs-TOTAL_FORMS",
    "needs-INITIAL_FORMS",
    "needs-MAX_NUM_FORMS",
    "needs-0-id",
    "needs-0-specialty",
    "needs-0-places",
    "needs-0-DELETE",
    "needs-1-specialty",
    "needs-1-places",
]


def test_more_organization_forms(client, world, more):
    slug, trip = world["organization"].slug, world["trip"]
    targets = [
        (reverse("manage:members", args=[slug]), ["email", "role"]),
        (reverse("manage:trip-edit", args=[slug, trip.pk]), TRIP_FIELDS),
        (
            reverse("matching:round-trip", args=[world["round"].pk, trip.pk]),
            [f"rank_{world['physician'].pk}", "rank_999999", "rank_", "physician_ids"],
        ),
    ]
    for url, fields in targets:
        fuzz(client, world["member"], url, fields)


def test_more_physician_forms(client, world, more):
    user = world["physician"].user
    # Found by this fuzzing: a bare word as `next` was resolved as a view name (a 500).
    for next_url in ("0", "home", "trips:list"):
        check(client, user, reverse("notifications:save-trip", args=[world["trip"].pk]), {"next": next_url})
    targets = [
        (reverse("notifications:calendar"), ["action"]),
        (reverse("notifications:search-alerts", args=[more["saved_search"].pk]), ["alerts"]),
        (reverse("notifications:save-trip", args=[world["trip"].pk]), ["next"]),
        (reverse("account_change_password"), ["oldpassword", "password1", "password2"]),
        # Last: withdrawing ends the application the forms above do not need.
        (reverse("applications:withdraw", args=[world["application"].pk]), ["reason", "note"]),
    ]
    for url, fields in targets:
        fuzz(client, user, url, fields)


def test_host_feedback_form(client, world, more):
    url = reverse("organizations:host-link", args=[more["feedback_link"].token])

    @FUZZ
    @given(data=form_data(["follow_ups_handed_over", "local_staff_learned", "would_host_again", "comment"]))
    def run(data):
        client.logout()
        check(client, None, url, data)

    run()


def test_a_forged_form_count_is_a_form_error_not_thousands_of_forms(client, world):
    client.force_login(world["member"])
    url = reverse("manage:trip-create", args=[world["organization"].slug])
    response = client.post(url, {"title": "x", "needs-TOTAL_FORMS": "1000000", "needs-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    assert "Please submit at most 30 forms" in response.content.decode()
    assert len(re.findall(r'name="needs-\d+-specialty"', response.content.decode())) <= 30
