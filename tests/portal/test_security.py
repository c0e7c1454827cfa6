import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_with_production_settings_reports_nothing():
    overridden = (
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "STATIC_MANIFEST",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DJANGO_SETTINGS_MODULE",
    )
    env = {k: v for k, v in os.environ.items() if k not in overridden}
    env.update(
        SECRET_KEY="k7#Qv9!zR2@mX4$wL8^pT6&nB1*cY5(hJ3)fD0_gS-eU+iO=aZ",
        ALLOWED_HOSTS="missionmatch.example",
        DATABASE_URL="sqlite:////tmp/missionmatch-deploy-check.sqlite3",
        CACHE_URL="redis://127.0.0.1:6379/3",  # production shares one cache (accounts.W001 otherwise)
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_pages_carry_security_headers(client, settings):
    response = client.get(reverse("home"), secure=True)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" in response


def test_production_defaults_are_safe(settings):
    # Tests run with DEBUG off, as production does.
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    assert settings.SESSION_COOKIE_AGE <= 60 * 60 * 24 * 14
    assert len(settings.AUTH_PASSWORD_VALIDATORS) >= 4


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account(client, password):
    user = UserFactory(email="target@example.org")
    login = reverse("account_login")
    responses = [client.post(login, {"login": user.email, "password": "wrong-password"}, secure=True) for _ in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert "Too many failed log-ins" in responses[-1].content.decode()
    # Even the right password is refused now.
    client.post(login, {"login": user.email, "password": password}, secure=True)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_correct_login_works_before_the_limit(client, password):
    user = UserFactory(email="ok@example.org")
    client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"}, secure=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": password}, secure=True)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_weak_passwords_are_refused_at_sign_up(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "password", "password2": "password"},
        secure=True,
    )
    assert response.status_code == 200
    assert "too common" in response.content.decode() or "too short" in response.content.decode()


@pytest.mark.django_db
def test_lockout_is_per_account_not_per_address(client, password):
    target, other = UserFactory(email="target2@example.org"), UserFactory(email="other@example.org")
    login = reverse("account_login")
    for _ in range(5):
        client.post(login, {"login": target.email, "password": "wrong-password"}, secure=True)
    # Same client address, another account: not locked out.
    response = client.post(login, {"login": other.email, "password": password}, secure=True)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


@pytest.mark.django_db
def test_lockout_ignores_the_case_of_the_email(client, password):
    user = UserFactory(email="case@example.org")
    login = reverse("account_login")
    for attempt in ["CASE@example.org", "Case@Example.org", "case@example.org", "CASE@EXAMPLE.ORG", "case@example.ORG"]:
        client.post(login, {"login": attempt, "password": "wrong-password"}, secure=True)
    client.post(login, {"login": user.email, "password": password}, secure=True)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sessions_expire(client, settings):
    user = UserFactory()
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        client.force_login(user)
        assert client.get(reverse("account_email")).status_code == 200  # signed in
        traveller.shift(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
        response = client.get(reverse("account_email"))
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_check_deploy_warns_about_a_cache_per_process_with_debug_off():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECURE_SSL_REDIRECT", "STATIC_MANIFEST", "DJANGO_SETTINGS_MODULE", "CACHE_URL")
    }
    env.update(
        SECRET_KEY="k7#Qv9!zR2@mX4$wL8^pT6&nB1*cY5(hJ3)fD0_gS-eU+iO=aZ",
        ALLOWED_HOSTS="missionmatch.example",
        DATABASE_URL="sqlite:////tmp/missionmatch-deploy-check.sqlite3",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "accounts.W001" in result.stdout + result.stderr
