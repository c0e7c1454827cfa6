"""Reviewing through the API (who gets which status) and API error strings marked for translation."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from applications.models import ApplicationStatus, Review
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganizationFactory,
    PhysicianProfileFactory,
    UserFactory,
)
from trips.models import TripStatus

ANSWERS = {
    "follow_up_happened": True,
    "local_staff_involved": True,
    "preparation_adequate": True,
    "would_return": True,
    "text": "Good.",
}


@pytest.fixture
def completed_application(db, organization):
    application = ApplicationFactory(trip__organization=organization, status=ApplicationStatus.ACCEPTED)
    application.trip.status = TripStatus.COMPLETED
    application.trip.save(update_fields=["status"])
    return application


@pytest.mark.django_db
def test_only_the_applicant_reviews(client, completed_application, member):
    url = f"/api/v1/applications/{completed_application.pk}/review/"
    assert client.post(url, ANSWERS).status_code in (401, 403)
    client.force_login(member)  # sees the application (their trip) but may not review it
    response = client.post(url, ANSWERS)
    assert response.status_code == 403 and response.json()["detail"]
    client.force_login(MembershipFactory(organization=OrganizationFactory(verified=True)).user)
    assert client.post(url, ANSWERS).status_code == 404
    client.force_login(PhysicianProfileFactory().user)
    assert client.post(url, ANSWERS).status_code == 404
    client.force_login(UserFactory(is_staff=True))
    assert client.post(url, ANSWERS).status_code == 403
    assert not Review.objects.exists()
    client.force_login(completed_application.physician.user)
    assert client.post(url, {**ANSWERS, "would_return": "maybe"}).status_code == 400
    created = client.post(url, ANSWERS)
    assert created.status_code == 201 and created.json()["text"] == "Good."
    again = client.post(url, ANSWERS)
    assert again.status_code == 400 and again.json()["non_field_errors"]


@pytest.mark.django_db
def test_the_applicant_cannot_review_before_completion_or_unaccepted(client, organization):
    application = ApplicationFactory(trip__organization=organization, status=ApplicationStatus.ACCEPTED)
    client.force_login(application.physician.user)
    assert client.post(f"/api/v1/applications/{application.pk}/review/", ANSWERS).status_code == 400
    application.trip.status = TripStatus.COMPLETED
    application.trip.save(update_fields=["status"])
    application.status = ApplicationStatus.DECLINED
    application.save(update_fields=["status"])
    assert client.post(f"/api/v1/applications/{application.pk}/review/", ANSWERS).status_code == 400


def _plain_message_literals(tree):
    """String literals used as user-visible API messages without gettext: `{"detail": "..."}`,
    `message = "..."`, `SomeError("...")` and f-strings passed to errors."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Response":
            for arg in node.args:
                for key, value in zip(getattr(arg, "keys", ()), getattr(arg, "values", ()), strict=True):
                    if (
                        isinstance(key, ast.Constant)
                        and key.value == "detail"
                        and isinstance(value, (ast.Constant, ast.JoinedStr))
                    ):
                        found.append(node.lineno)
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "message" for t in node.targets):
            if isinstance(node.value, (ast.Constant, ast.JoinedStr)):
                found.append(node.lineno)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "ValidationError",
            "PermissionDenied",
            "NotFound",
            "NotAuthenticated",
        ):
            if any(isinstance(arg, (ast.Constant, ast.JoinedStr)) for arg in node.args):
                found.append(node.lineno)
            for arg in node.args:
                if isinstance(arg, ast.Dict) and any(isinstance(v, (ast.Constant, ast.JoinedStr)) for v in arg.values):
                    found.append(node.lineno)
    return found


def test_api_error_messages_are_marked_for_translation():
    modules = sorted(Path(settings.BASE_DIR).glob("*/*api.py"))
    assert len(modules) >= 7
    untranslated = {
        str(path): lines for path in modules if (lines := _plain_message_literals(ast.parse(path.read_text())))
    }
    assert untranslated == {}


def test_the_message_check_finds_plain_strings():
    source = (
        'Response({"detail": "Nope"})\nmessage = "No"\nraise NotFound(f"x{y}")\nValidationError({"a": "b"})\n'
        'EXAMPLE = {"detail": "an example, not a message"}\nResponse({"detail": _("Fine")})\n'
    )
    assert sorted(_plain_message_literals(ast.parse(source))) == [1, 2, 3, 4]
