"""The person's language: Accept-Language for visitors, the account's preference once signed in,
the one-click menu on every page, the account's language page and /api/v1/me/."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from knox.models import get_token_model

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SET = reverse("i18n:language-set")
PAGE = reverse("i18n:account-language")


def language_of(response):
    return response["Content-Language"]


def test_a_visitor_gets_accept_language_then_english(client):
    assert language_of(client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9,en;q=0.5")) == "fr"
    assert language_of(client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR")) == "pt"
    assert language_of(client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE")) == "en"
    assert language_of(client.get("/")) == "en"


def test_every_page_has_a_one_click_form_per_other_language(client):
    html = client.get(reverse("trips:list"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert html.count(f'action="{SET}"') == 3
    for code in ("en", "fr", "pt"):
        assert f'name="language" value="{code}"' in html
    assert 'aria-current="true">Español<' in html


def test_a_visitor_s_choice_is_remembered_in_the_cookie_and_urls_do_not_change(client):
    response = client.post(SET, {"language": "pt", "next": "/trips/?country=HN"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/trips/?country=HN"
    assert client.cookies["django_language"].value == "pt"
    assert language_of(client.get("/trips/", HTTP_ACCEPT_LANGUAGE="en")) == "pt"


def test_a_signed_in_person_s_choice_is_saved_on_the_account_and_wins_over_the_browser(client):
    user = UserFactory()
    client.force_login(user)
    client.post(SET, {"language": "es", "next": "/"})
    user.refresh_from_db()
    assert user.language == "es"
    other_browser = Client()
    other_browser.force_login(user)
    assert language_of(other_browser.get("/", HTTP_ACCEPT_LANGUAGE="fr")) == "es"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "http://testserver.evil/"]
)
def test_the_menu_only_goes_back_to_this_site(client, next_url):
    response = client.post(SET, {"language": "fr", "next": next_url})
    assert response["Location"] == "/"


def test_the_menu_falls_back_to_the_referring_page(client):
    response = client.post(SET, {"language": "fr"}, HTTP_REFERER="http://testserver/organizations/")
    assert response["Location"] == "http://testserver/organizations/"


def test_a_language_the_portal_does_not_speak_is_a_400_with_the_field_s_message(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(SET, {"language": "de", "next": "/"})
    assert response.status_code == 400
    assert "language" in response.context["form"].errors
    user.refresh_from_db()
    assert user.language == "en"


def test_the_menu_needs_post_and_a_csrf_token():
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(SET).status_code == 405
    assert browser.post(SET, {"language": "fr"}).status_code == 403
    assert "django_language" not in browser.cookies


def test_the_account_s_language_page(client):
    assert client.get(PAGE).status_code == 302  # sign in first
    user = UserFactory()
    client.force_login(user)
    assert client.get(PAGE).status_code == 200
    response = client.post(PAGE, {"language": "fr"}, follow=True)
    user.refresh_from_db()
    assert user.language == "fr"
    assert language_of(response) == "fr"
    assert client.post(PAGE, {"language": "xx"}).status_code == 400


def test_sign_up_takes_the_browser_s_language(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    password = "a-long-unusual-passphrase-42"
    client.post(
        reverse("account_signup"),
        {
            "email": "ana@example.org",
            "password1": password,
            "password2": password,
            "role": "physician",
            "display_name": "Dra. Ana López",
        },
        HTTP_ACCEPT_LANGUAGE="es-HN,es;q=0.9",
    )
    assert get_user_model().objects.get(email="ana@example.org").language == "es"


def test_the_api_reads_and_changes_the_account_s_language(client):
    assert client.get("/api/v1/me/").status_code in (401, 403)
    user = UserFactory(email="me@example.org")
    client.force_login(user)
    assert client.get("/api/v1/me/").json() == {"email": "me@example.org", "language": "en"}
    response = client.patch(
        "/api/v1/me/", {"language": "pt", "email": "else@example.org"}, content_type="application/json"
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.language, user.email) == ("pt", "me@example.org")
    response = client.patch("/api/v1/me/", {"language": "klingon"}, content_type="application/json")
    assert response.status_code == 400
    assert "language" in response.json()


def test_the_api_answers_a_token_in_the_account_s_language(client):
    user = UserFactory(language="fr")
    _instance, token = get_token_model().objects.create(user=user)
    response = client.patch(
        "/api/v1/me/",
        {"language": "klingon"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and response["Content-Language"] == "fr"
    with translation.override("fr"):
        expected = gettext('"{input}" is not a valid choice.').format(input="klingon")  # DRF's own catalogue
    assert expected != '"klingon" is not a valid choice.'
    assert response.json()["language"] == [expected]
