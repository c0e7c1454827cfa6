"""API tokens: obtained by email and password (counted by django-axes like the log-in page and
throttled), hashed, expiring, one per sign-in, refused without a confirmed email, revoked on a
password change or reset, and listed and revoked on the account's API tokens page."""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from knox.models import get_token_model
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"
NEW_PASSWORD = "a-brand-new-passphrase-2027"


def obtain(client, email, password=TEST_PASSWORD, **extra):
    return client.post(TOKEN_URL, {"username": email, "password": password}, **extra)


def api_get(client, token, path="/api/v1/applications/"):
    return client.get(path, HTTP_AUTHORIZATION=f"Token {token}")


def test_wrong_passwords_lock_the_account_like_the_log_in_page(client, settings):
    user = UserFactory(email="target@example.org")
    responses = [obtain(client, user.email, "wrong-password") for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert [r.status_code for r in responses] == [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert responses[-1].json()["detail"].startswith("Too many failed sign-ins")
    assert int(responses[-1]["Retry-After"]) == 3600
    # The failures were recorded although each answer was an error (ATOMIC_REQUESTS is on).
    assert AccessAttempt.objects.get(username=user.email).failures_since_start == settings.AXES_FAILURE_LIMIT
    locked = obtain(client, user.email)  # even the right password
    assert locked.status_code == 429 and "token" not in locked.json()
    assert not get_token_model().objects.filter(user=user).exists()


def test_the_log_in_page_and_the_token_endpoint_share_one_count(client, settings):
    user = UserFactory(email="shared@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"}, secure=True)
    assert obtain(client, user.email, "wrong-password").status_code == 429
    assert obtain(client, user.email).status_code == 429


def test_the_lock_is_per_account_and_address(client, settings):
    target, other = UserFactory(email="locked@example.org"), UserFactory(email="free@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        obtain(client, target.email, "wrong-password")
    assert obtain(client, other.email).status_code == 200  # same address, another account
    assert obtain(client, target.email, REMOTE_ADDR="198.51.100.7").status_code == 200  # same account, elsewhere


def test_sign_ins_from_one_address_are_throttled(client, monkeypatch):
    # DRF reads the rates once, at import: the class attribute is what a test can change.
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "token": "3/minute"}
    )
    users = [UserFactory() for _ in range(4)]  # different accounts: axes alone would never stop this
    statuses = [obtain(client, user.email, "wrong-password").status_code for user in users]
    assert statuses == [400, 400, 400, 429]
    assert obtain(client, users[0].email).status_code == 429  # right password, still throttled
    assert obtain(client, users[0].email, REMOTE_ADDR="198.51.100.8").status_code == 200


def test_tokens_are_stored_hashed_and_one_per_sign_in(client):
    user = UserFactory()
    first, second = obtain(client, user.email).json(), obtain(client, user.email).json()
    assert first["token"] != second["token"]
    assert api_get(client, first["token"]).status_code == 200
    assert api_get(client, second["token"]).status_code == 200
    stored = get_token_model().objects.filter(user=user)
    assert stored.count() == 2
    assert not stored.filter(digest__in=[first["token"], second["token"]]).exists()
    assert all(len(token.digest) == 128 for token in stored)  # SHA-512 hex digests, not the tokens


def test_tokens_expire(client, settings):
    user = UserFactory()
    body = obtain(client, user.email).json()
    expiry = timezone.datetime.fromisoformat(body["expiry"].replace("Z", "+00:00"))
    assert expiry - timezone.now() == pytest.approx(settings.REST_KNOX["TOKEN_TTL"], abs=timedelta(minutes=1))
    with time_machine.travel(expiry + timedelta(seconds=1)):
        response = api_get(client, body["token"])
    assert response.status_code == 401


def test_an_unconfirmed_email_gets_no_token_and_no_api(client):
    user = UserFactory(verified_email=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = obtain(client, user.email)
    assert response.status_code == 400 and "Confirm your email" in str(response.json())
    # A token from before the address was unconfirmed (e.g. changed) stops working too.
    _instance, token = get_token_model().objects.create(user=user)
    assert api_get(client, token).status_code == 401
    assert (
        client.patch(
            "/api/v1/me/physician/",
            {"years_in_practice": 3},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
        ).status_code
        == 401
    )


def test_unauthenticated_api_calls_get_401_with_the_scheme(client):
    response = client.get("/api/v1/applications/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    response = api_get(client, "not-a-real-token")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_a_password_change_revokes_every_token(client):
    user = UserFactory()
    tokens = [obtain(client, user.email).json()["token"] for _ in range(2)]
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    client.logout()
    assert [api_get(client, token).status_code for token in tokens] == [401, 401]
    assert obtain(client, user.email, NEW_PASSWORD).status_code == 200


def test_a_password_reset_revokes_every_token(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    token = obtain(client, user.email).json()["token"]
    with django_capture_on_commit_callbacks(execute=True):  # the outbox delivers once the request commits
        client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    form_url = client.get(link).url
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert api_get(client, token).status_code == 401


# --- the API tokens page ------------------------------------------------------------

PAGE = "/accounts/api-tokens/"


def test_the_page_lists_ones_own_active_tokens_only(client):
    user, other = UserFactory(), UserFactory()
    mine = obtain(client, user.email).json()["token"]
    theirs = obtain(client, other.email).json()["token"]
    client.force_login(user)
    page = client.get(PAGE).content.decode()
    assert mine[:8] in page and theirs[:8] not in page
    assert "Sign out everywhere" in page


def test_revoking_one_token_leaves_the_others(client):
    user = UserFactory()
    first, second = (obtain(client, user.email).json()["token"] for _ in range(2))
    client.force_login(user)
    key = get_token_model().objects.get(user=user, token_key=first[:15]).token_key
    assert client.post(PAGE, {"token_key": key}).status_code == 302
    client.logout()
    assert api_get(client, first).status_code == 401
    assert api_get(client, second).status_code == 200


def test_sign_out_everywhere_revokes_every_token(client):
    user = UserFactory()
    tokens = [obtain(client, user.email).json()["token"] for _ in range(3)]
    client.force_login(user)
    response = client.post(PAGE, {"everywhere": "on"}, follow=True)
    assert "3 API tokens revoked" in response.content.decode()
    client.logout()
    assert {api_get(client, token).status_code for token in tokens} == {401}


def test_nobody_revokes_or_sees_another_accounts_tokens(client):
    owner, intruder = UserFactory(), UserFactory()
    token = obtain(client, owner.email).json()["token"]
    key = get_token_model().objects.get(user=owner).token_key
    assert client.get(PAGE).status_code == 302  # anonymous: to the log-in page
    assert client.post(PAGE, {"token_key": key}).status_code == 302
    client.force_login(intruder)
    assert client.post(PAGE, {"token_key": key}).status_code == 404
    client.post(PAGE, {"everywhere": "on"})  # the intruder's own (none), not the owner's
    client.logout()
    assert api_get(client, token).status_code == 200


def test_an_empty_revoke_form_is_a_form_error(client):
    client.force_login(UserFactory())
    response = client.post(PAGE, {})
    assert response.status_code == 400 and "Choose a token to revoke" in response.content.decode()
