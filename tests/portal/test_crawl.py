"""A crawl of every URL pattern of the site, as each role, searching every answer for private data.

Every pattern of the URL configuration must have an entry in CRAWL (the Django admin's are made
from its registry, one per pattern): a new page cannot be left out. Each entry names the URLs
to visit, filled with the seeded world's ids. Every answer, whatever its status, is searched for
every physician's licence number and every title that must stay hidden (draft trips, an
unverified organization's name and trips). A role may read only its own: a physician their own
licence number, an organization's members their organization's drafts, admins (who vet them)
drafts and unverified organizations. Django admin's pages are not searched for admins (they show
everything by design); on the site and the API they are, for licence numbers.
No answer may be a 5xx."""

import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import get_resolver
from django.urls.resolvers import URLResolver
from django.utils import timezone

import vocabulary
from applications.checklist import checklist_create_for
from applications.models import ApplicationStatus
from applications.services import application_create, application_decide, trip_invitation_create
from clearance.models import RegistrationStatus
from clearance.services import clearance_registration_record
from conversations.services import message_post
from cover.models import CoverProposal, CoverRound, CoverRoundState
from matching.models import MatchRound
from matching.services import match_preferences_set
from notifications.models import CalendarFeed, OutboundEmail, SavedSearch
from organizations.models import MembershipRole, OrganizationInvitation
from organizations.services import host_link_create
from physicians.specialties import common_specialty
from references.services import referees_set, reference_requests_send
from tests.factories import (
    ApplicationFactory,
    CredentialDocumentFactory,
    LocalPartnerFactory,
    MembershipFactory,
    OrganizationFactory,
    PhysicianProfileFactory,
    TripFactory,
    UserFactory,
)
from tests.factories_cover import CoverCalendarFactory
from trips.models import TripStatus
from waitlist.offers import waitlist_offers_make

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "physician", "other_physician", "member", "unverified_member", "admin"]
LICENCES = {"physician": "LIC-CRAWL-ALPHA-7731", "other_physician": "LIC-CRAWL-BETA-4417"}
DRAFT_TITLE = "Draft week DRAFT-QX7"
UNVERIFIED_NAME = "Unverified mission UNVER-ORG-9Z"
UNVERIFIED_TRIP_TITLE = "Unverified clinic week UNVER-TRIP-3K"
OWN_SECRETS = {  # what each role may read of the secrets: its own
    "physician": {LICENCES["physician"]},
    "other_physician": {LICENCES["other_physician"]},
    "member": {DRAFT_TITLE},
    "unverified_member": {UNVERIFIED_NAME, UNVERIFIED_TRIP_TITLE},
    # Admins vet organizations and their trips, so they see drafts and unverified ones; licence
    # numbers they read only in Django admin.
    "admin": {DRAFT_TITLE, UNVERIFIED_NAME, UNVERIFIED_TRIP_TITLE},
}
SECRETS = {*LICENCES.values(), DRAFT_TITLE, UNVERIFIED_NAME, UNVERIFIED_TRIP_TITLE}

# pattern (as the URL configuration spells it) -> the URLs to visit for it
CRAWL = {
    "": ["/"],
    "accounts/api-tokens/": ["/accounts/api-tokens/"],
    "accounts/login/": ["/accounts/login/"],
    "accounts/logout/": ["/accounts/logout/"],
    "accounts/inactive/": ["/accounts/inactive/"],
    "accounts/signup/": ["/accounts/signup/"],
    "accounts/language/": ["/accounts/language/"],
    "language/": ["/language/"],
    "accounts/reauthenticate/": ["/accounts/reauthenticate/"],
    "accounts/email/": ["/accounts/email/"],
    "accounts/confirm-email/": ["/accounts/confirm-email/"],
    "accounts/password/change/": ["/accounts/password/change/"],
    "accounts/password/set/": ["/accounts/password/set/"],
    "accounts/password/reset/": ["/accounts/password/reset/"],
    "accounts/login/code/confirm/": ["/accounts/login/code/confirm/"],
    r"accounts/^confirm-email/(?P<key>[-:\w]+)/$": ["/accounts/confirm-email/not-a-real-key/"],
    "accounts/password/reset/key/done/": ["/accounts/password/reset/key/done/"],
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": ["/accounts/password/reset/key/1-nokey/"],
    "accounts/password/reset/done/": ["/accounts/password/reset/done/"],
    "organizations/": ["/organizations/"],
    "organizations/host/<str:token>/": ["/organizations/host/{host_token}/"],
    "organizations/<slug:slug>/": ["/organizations/{org}/", "/organizations/{unverified_org}/"],
    "trips/": ["/trips/", "/trips/?sort=best_fit"],
    "trips/<int:pk>/": ["/trips/{trip}/", "/trips/{draft}/", "/trips/{unverified_trip}/", "/trips/{past_trip}/"],
    "physicians/profile/": ["/physicians/profile/"],
    "physicians/profile/edit/<slug:step>/": [
        f"/physicians/profile/edit/{step}/" for step in ("practice", "languages", "places", "motivations")
    ],
    "applications/": ["/applications/"],
    "applications/trips/<int:pk>/apply/": ["/applications/trips/{trip}/apply/", "/applications/trips/{draft}/apply/"],
    "applications/trips/<int:pk>/apply/start/": [
        "/applications/trips/{trip}/apply/start/",
        "/applications/trips/{draft}/apply/start/",
    ],
    "applications/<int:pk>/withdraw/": ["/applications/{application}/withdraw/"],
    "applications/trips/<int:pk>/invite/": ["/applications/trips/{trip}/invite/"],
    "applications/invitations/<int:pk>/decline/": ["/applications/invitations/{trip_invitation}/decline/"],
    "applications/invitations/setting/": ["/applications/invitations/setting/"],
    "applications/<int:pk>/decide/": ["/applications/{application}/decide/"],
    "applications/<int:pk>/checklist/": ["/applications/{accepted}/checklist/"],
    "applications/<int:pk>/review/": ["/applications/{accepted}/review/"],
    "applications/trips/<int:pk>/inbox/": ["/applications/trips/{trip}/inbox/", "/applications/trips/{draft}/inbox/"],
    "applications/trips/<int:pk>/report/": ["/applications/trips/{past_trip}/report/"],
    "matches/": ["/matches/"],
    "matches/how-we-score/": ["/matches/how-we-score/"],
    "matches/going-well/": ["/matches/going-well/"],
    "matches/trips/<int:pk>/suggested-volunteers/": [
        "/matches/trips/{trip}/suggested-volunteers/",
        "/matches/trips/{draft}/suggested-volunteers/",
    ],
    "matches/rounds/": ["/matches/rounds/"],
    "matches/rounds/<int:pk>/": ["/matches/rounds/{round}/"],
    "matches/rounds/<int:pk>/trips/<int:trip_pk>/": ["/matches/rounds/{round}/trips/{trip}/"],
    "manage/invitations/<str:token>/": ["/manage/invitations/{invitation}/"],
    "manage/<slug:slug>/": ["/manage/{org}/", "/manage/{unverified_org}/"],
    "manage/<slug:slug>/members/": ["/manage/{org}/members/", "/manage/{unverified_org}/members/"],
    "manage/<slug:slug>/members/<int:pk>/remove/": ["/manage/{org}/members/{editor_membership}/remove/"],
    "manage/<slug:slug>/edit/": ["/manage/{org}/edit/", "/manage/{unverified_org}/edit/"],
    "manage/<slug:slug>/resubmit/": ["/manage/{unverified_org}/resubmit/"],
    "manage/<slug:slug>/trips/new/": ["/manage/{org}/trips/new/"],
    "manage/<slug:slug>/trips/<int:pk>/edit/": ["/manage/{org}/trips/{draft}/edit/"],
    "manage/<slug:slug>/trips/<int:pk>/status/": ["/manage/{org}/trips/{draft}/status/"],
    "manage/<slug:slug>/trips/<int:pk>/duplicate/": ["/manage/{org}/trips/{draft}/duplicate/"],
    "manage/<slug:slug>/cover/": ["/manage/{org}/cover/", "/manage/{unverified_org}/cover/"],
    "manage/<slug:slug>/cover/new/": ["/manage/{org}/cover/new/"],
    "manage/<slug:slug>/cover/<int:pk>/": ["/manage/{org}/cover/{cover}/", "/manage/{unverified_org}/cover/{cover}/"],
    "manage/<slug:slug>/cover/<int:pk>/edit/": ["/manage/{org}/cover/{cover}/edit/"],
    "manage/<slug:slug>/cover/<int:pk>/delete/": ["/manage/{org}/cover/{cover}/delete/"],
    "manage/<slug:slug>/cover/<int:pk>/rounds/": ["/manage/{org}/cover/{cover}/rounds/"],
    "manage/<slug:slug>/cover/<int:pk>/rounds/<int:round_pk>/": ["/manage/{org}/cover/{cover}/rounds/{cover_round}/"],
    "manage/<slug:slug>/cover/<int:pk>/rounds/<int:round_pk>/proposals/<int:proposal_pk>/<str:action>/": [
        "/manage/{org}/cover/{cover}/rounds/{cover_round}/proposals/{cover_proposal}/accept/"
    ],
    "alerts/searches/": ["/alerts/searches/"],
    "alerts/searches/save/": ["/alerts/searches/save/?language=es"],
    "alerts/searches/<int:pk>/delete/": ["/alerts/searches/{saved}/delete/"],
    "alerts/searches/<int:pk>/emails/": ["/alerts/searches/{saved}/emails/"],
    "alerts/unsubscribe/<str:token>/": ["/alerts/unsubscribe/{unsubscribe}/"],
    "alerts/trips/": ["/alerts/trips/"],
    "alerts/trips/<int:pk>/save/": ["/alerts/trips/{trip}/save/"],
    "alerts/calendar/": ["/alerts/calendar/"],
    "alerts/calendar/feed/<str:token>.ics": ["/alerts/calendar/feed/{feed}.ics"],
    "alerts/calendar/applications/<int:pk>.ics": ["/alerts/calendar/applications/{accepted}.ics"],
    "credentials/": ["/credentials/"],
    "credentials/<int:pk>/download/": ["/credentials/{credential}/download/"],
    "credentials/<int:pk>/delete/": ["/credentials/{credential}/delete/"],
    "credentials/trips/<int:pk>/requirements/": [
        "/credentials/trips/{trip}/requirements/",
        "/credentials/trips/{draft}/requirements/",
        "/credentials/trips/{unverified_trip}/requirements/",
    ],
    "credentials/applications/<int:pk>/": [
        "/credentials/applications/{application}/",
        "/credentials/applications/{accepted}/",
    ],
    "conversations/": ["/conversations/"],
    "conversations/applications/<int:pk>/": [
        "/conversations/applications/{application}/",
        "/conversations/applications/{accepted}/",
    ],
    "clearance/me/": ["/clearance/me/"],
    "clearance/applications/<int:pk>/": [
        "/clearance/applications/{accepted}/",
        "/clearance/applications/{application}/",
    ],
    "references/": ["/references/"],
    "references/applications/<int:pk>/": ["/references/applications/{application}/"],
    "references/answer/<str:token>/": ["/references/answer/{reference_token}/", "/references/answer/not-a-token/"],
    "waitlist/": ["/waitlist/"],
    "waitlist/offers/<int:pk>/answer/": ["/waitlist/offers/{offer}/answer/"],
    "waitlist/trips/<int:pk>/settings/": [
        "/waitlist/trips/{waitlist_trip}/settings/",
        "/waitlist/trips/{unverified_trip}/settings/",
    ],
    "api/v1/auth/token/": ["/api/v1/auth/token/"],
    "api/v1/matches/": ["/api/v1/matches/"],
    "api/v1/me/": ["/api/v1/me/"],
    "api/v1/me/physician/": ["/api/v1/me/physician/"],
    "api/v1/applications/<int:id>/clearance/": [
        "/api/v1/applications/{accepted}/clearance/",
        "/api/v1/applications/{application}/clearance/",
    ],
    "api/v1/applications/<int:id>/messages/": [
        "/api/v1/applications/{application}/messages/",
        "/api/v1/applications/{accepted}/messages/",
    ],
    "api/v1/trips/<int:trip_pk>/report/": ["/api/v1/trips/{past_trip}/report/"],
    "api/v1/trips/<int:pk>/suggested-volunteers/": [
        "/api/v1/trips/{trip}/suggested-volunteers/",
        "/api/v1/trips/{draft}/suggested-volunteers/",
    ],
    "api/v1/schema/": ["/api/v1/schema/"],
    "health/": ["/health/"],
    "health/outbox/": ["/health/outbox/"],
    "health/live/": ["/health/live/"],
    "api/v1/docs/": ["/api/v1/docs/"],
    "api/v1/redoc/": ["/api/v1/redoc/"],
    "api/v1/": ["/api/v1/"],
}


def router_entries():
    """The API router's patterns: each list, detail and action."""
    routes = {
        "organizations": ["", "{org}/", "{unverified_org}/", "{org}/reports/", "{org}/reviews/", "{org}/vetting/"],
        "trips": ["", "{trip}/", "{draft}/", "{unverified_trip}/", "{draft}/status/"],
        "applications": [
            "",
            "{application}/",
            "{accepted}/checklist/",
            "{accepted}/checklist/{item}/",
            "{application}/decide/",
            "{accepted}/review/",
            "{application}/withdraw/",
        ],
        "rounds": ["", "{round}/", "{round}/preferences/", "{round}/results/"],
        "me/credentials": ["", "{credential}/"],
        "saved-searches": ["", "{saved}/"],
    }
    entries = {}
    detail = {
        "organizations": r"(?P<slug>[^/.]+)",
        "trips": r"(?P<pk>[^/.]+)",
        "applications": r"(?P<pk>[^/.]+)",
        "rounds": r"(?P<pk>[^/.]+)",
        "me/credentials": r"(?P<pk>[^/.]+)",
        "saved-searches": r"(?P<pk>[^/.]+)",
    }
    for prefix, paths in routes.items():
        for path in paths:
            url = f"/api/v1/{prefix}/{path}"
            parts = [part for part in path.split("/") if part]
            rest = "/".join(detail[prefix] if part.startswith("{") and not part == "{item}" else part for part in parts)
            rest = rest.replace("{item}", r"(?P<item>\d+)")
            plain = f"api/v1/^{prefix}/{rest}/$" if rest else f"api/v1/^{prefix}/$"
            entries.setdefault(plain, []).append(url)
    return entries


def admin_entries(ids):
    """The Django admin's patterns, from its registry: every model's list, add, change, history
    and delete pages for one seeded object of that model, and the site's own pages."""
    entries = {
        "admin/": ["/admin/"],
        "admin/login/": ["/admin/login/"],
        "admin/logout/": ["/admin/logout/"],
        "admin/password_change/": ["/admin/password_change/"],
        "admin/password_change/done/": ["/admin/password_change/done/"],
        "admin/autocomplete/": ["/admin/autocomplete/"],
        "admin/jsi18n/": ["/admin/jsi18n/"],
        "admin/r/<path:content_type_id>/<path:object_id>/": ["/admin/r/1/1/"],
        "admin/(?P<url>.*)$": ["/admin/no-such-page/"],
        "admin/accounts/user/<id>/password/": ["/admin/accounts/user/{admin_user}/password/"],
    }
    labels = list(dict.fromkeys(model._meta.app_label for model in admin.site._registry))  # the admin's order
    entries[f"admin/^(?P<app_label>{'|'.join(labels)})/$"] = [f"/admin/{label}/" for label in labels]
    for model, model_admin in admin.site._registry.items():
        base = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        first = model._default_manager.order_by("pk").first()
        object_id = str(first.pk) if first is not None else "0"
        url = f"/{base}{object_id}/"
        for pattern in model_admin.get_urls():
            key = f"{base}{pattern.pattern}"
            route = str(pattern.pattern)
            if "<path:object_id>" in route:
                visit = "/" + base + route.replace("<path:object_id>", object_id)
            elif "<" in route:
                continue  # a custom view with other arguments: listed below if the project adds one
            else:
                visit = f"/{base}{route}"
            entries[key] = [visit]
        entries.setdefault(f"{base}<path:object_id>/", [url])
    return entries


def url_patterns(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


@pytest.fixture
def world(db):
    family = common_specialty("family-medicine")
    organization = OrganizationFactory(verified=True, strong_evidence=True)
    trip = TripFactory(open=True, organization=organization, needs={"family-medicine": 2}, languages=["es"])
    draft = TripFactory(organization=organization, title=DRAFT_TITLE, needs={"family-medicine": 1})
    past_trip = TripFactory(organization=organization, status=TripStatus.COMPLETED, needs={"family-medicine": 1})
    unverified = OrganizationFactory(name=UNVERIFIED_NAME, slug="unverified-mission")
    unverified_trip = TripFactory(
        open=True, organization=unverified, title=UNVERIFIED_TRIP_TITLE, needs={"family-medicine": 1}
    )
    physician = PhysicianProfileFactory(licence_number=LICENCES["physician"], languages={"es": 3})
    other_physician = PhysicianProfileFactory(licence_number=LICENCES["other_physician"])
    application = application_create(physician=physician, trip=trip, specialty=family)
    application_create(physician=other_physician, trip=trip, specialty=family)
    accepted = ApplicationFactory(
        physician=physician, trip=past_trip, specialty=family, status=ApplicationStatus.ACCEPTED
    )
    checklist_create_for(application=accepted)
    member = MembershipFactory(organization=organization, role=MembershipRole.OWNER).user
    unverified_member = MembershipFactory(organization=unverified, role=MembershipRole.OWNER).user
    editor_membership = MembershipFactory(organization=organization, role=MembershipRole.EDITOR)
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    match_round = MatchRound.objects.create(name="Crawl round", preference_deadline=timezone.localdate() + timedelta(9))
    match_preferences_set(match_round=match_round, physician=physician, trip_ids=[trip.pk])
    saved = SavedSearch.objects.create(user=physician.user, name="Crawl search", query="language=es")
    feed = CalendarFeed.objects.create(physician=physician)
    link = host_link_create(
        partner=LocalPartnerFactory(organization=organization, contact_email="host@example.org"), kind="confirmation"
    )
    invitation = OrganizationInvitation.objects.create(
        organization=organization,
        email="invitee@example.org",
        role=MembershipRole.EDITOR,
        token="crawl-invitation-token",
        invited_by=member,
    )
    credential = CredentialDocumentFactory(
        physician=physician, kind=vocabulary.MEDICAL_LICENCE, number=LICENCES["physician"], verified=True
    )
    clearance_registration_record(
        application=accepted,
        by_user=member,
        status=RegistrationStatus.SUBMITTED,
        reference="PRC-CRAWL-1",
        submitted_on=timezone.localdate() - timedelta(days=3),
    )
    message_post(application=application, author=physician.user, body="When do we fly out?")
    referees_set(
        physician=physician,
        referees=[{"name": "Dr Head", "email": "referee@example.org", "relationship": "head of department"}],
    )
    reference_requests_send(application=application, by_user=member)
    # Only the token's hash is stored: the raw token is the one in the link the referee was sent.
    reference_link = OutboundEmail.objects.get(to="referee@example.org").body
    reference_token = re.search(r"/references/answer/([^/\s]+)/", reference_link).group(1)
    waitlist_trip = TripFactory(open=True, organization=organization, needs={"family-medicine": 1})
    application_decide(
        application=application_create(physician=physician, trip=waitlist_trip, specialty=family),
        decision=ApplicationStatus.WAITLISTED,
        decided_by=member,
    )
    [offer] = waitlist_offers_make(trip_id=waitlist_trip.pk, specialty_id=family.pk)
    trip_invitation = trip_invitation_create(trip=trip, physician=PhysicianProfileFactory(), invited_by=member)
    users = {
        "anonymous": None,
        "physician": physician.user,
        "other_physician": other_physician.user,
        "member": member,
        "unverified_member": unverified_member,
        "admin": admin_user,
    }
    cover_calendar = CoverCalendarFactory(organization=organization)
    cover_round = CoverRound.objects.create(calendar=cover_calendar, state=CoverRoundState.DONE)
    cover_proposal = CoverProposal.objects.create(
        cover_round=cover_round,
        physician=other_physician,
        start_date=trip.start_date,
        end_date=trip.end_date,
        weeks=1,
        fit=0.8,
    )
    ids = {
        "org": organization.slug,
        "unverified_org": unverified.slug,
        "trip": trip.pk,
        "draft": draft.pk,
        "past_trip": past_trip.pk,
        "unverified_trip": unverified_trip.pk,
        "application": application.pk,
        "accepted": accepted.pk,
        "item": accepted.checklist_items.first().pk,
        "round": match_round.pk,
        "saved": saved.pk,
        "unsubscribe": saved.unsubscribe_token,
        "feed": feed.token,
        "host_token": link.token,
        "invitation": invitation.token,
        "trip_invitation": trip_invitation.pk,
        "admin_user": admin_user.pk,
        "credential": credential.pk,
        "reference_token": reference_token,
        "waitlist_trip": waitlist_trip.pk,
        "offer": offer.pk,
        "editor_membership": editor_membership.pk,
        "cover": cover_calendar.pk,
        "cover_round": cover_round.pk,
        "cover_proposal": cover_proposal.pk,
    }
    return users, ids


def crawl_list(ids):
    return {**CRAWL, **router_entries(), **admin_entries(ids)}


def test_every_url_pattern_has_an_entry_in_the_crawl(world):
    _users, ids = world
    entries = crawl_list(ids)
    patterns = set(url_patterns())
    assert sorted(patterns - set(entries)) == [], "URL patterns missing from the crawl"
    assert sorted(set(entries) - patterns) == [], "crawl entries for patterns that no longer exist"
    assert all(entries[pattern] for pattern in patterns)


@pytest.mark.parametrize("role", ROLES)
def test_no_role_reads_private_data_anywhere(client, world, role):
    users, ids = world
    client.raise_request_exception = False  # a 500 is collected and reported with the others
    if users[role] is not None:
        client.force_login(users[role])
    searched = SECRETS - OWN_SECRETS.get(role, set())
    leaks, failures, visited = [], [], 0
    for pattern, urls in crawl_list(ids).items():
        for template in urls:
            url = template.format(**ids)
            with transaction.atomic():
                response = client.get(url)
                transaction.set_rollback(True)  # a page's side effects must not change what the next one sees
            visited += 1
            if response.status_code >= 500:
                failures.append((url, response.status_code))
            if role == "admin" and pattern.startswith("admin/"):
                continue  # admins vet everything in Django admin
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode(errors="replace")
            leaks.extend((url, secret) for secret in searched if secret in text)
    assert (failures, leaks) == ([], [])
    assert visited >= 250
