"""Saving a search from the trip search page, the list of saved searches, unsubscribing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import SavedSearch
from notifications.saved_searches import MAX_SAVED_SEARCHES_PER_USER
from notifications.search_queries import search_query_normalise
from physicians.specialties import common_specialty
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SAVE_URL = reverse("notifications:save-search")
LIST_URL = reverse("notifications:saved-searches")


def test_query_is_normalised_sorted_without_page_empty_values_or_unknown_keys():
    assert (
        search_query_normalise("?region=&page=3&max_cost=1000&country=KE&utm_source=mail&language=sw")
        == "country=KE&language=sw&max_cost=1000"
    )
    assert search_query_normalise("") == ""


def test_a_signed_in_user_saves_the_search_they_are_looking_at(client, searcher):
    pediatrics = common_specialty("pediatrics")
    client.force_login(searcher)
    response = client.post(
        SAVE_URL, {"name": "Kenya pediatrics", "query": f"page=2&specialty={pediatrics.pk}&country=KE&region="}
    )
    saved = SavedSearch.objects.get(user=searcher)
    assert saved.name == "Kenya pediatrics" and saved.is_active
    assert saved.query == f"country=KE&specialty={pediatrics.pk}"
    assert response.status_code == 302 and response.url == f"/trips/?country=KE&specialty={pediatrics.pk}"
    assert "We will email you" in client.get(response.url).content.decode()


def test_a_search_saved_without_a_name_is_named_after_its_filters(client, searcher):
    client.force_login(searcher)
    client.post(SAVE_URL, {"name": "  ", "query": f"specialty={common_specialty('pediatrics').pk}&country=KE"})
    assert SavedSearch.objects.get().name == "Kenya · Pediatrics"
    client.post(SAVE_URL, {"query": "max_cost=1500&trains_local_staff=true&starts_after=2031-01-05&sort=cost"})
    assert SavedSearch.objects.filter(name="up to $1,500 · from 5 Jan 2031 · trains local staff").exists()
    client.post(SAVE_URL, {"name": "", "query": ""})
    assert SavedSearch.objects.filter(name="All open trips", query="").exists()


@pytest.mark.parametrize(
    "query, message",
    [
        ("max_cost=lots", "Maximum cost (USD): Enter a number."),
        ("specialty=999999", "Specialty: Select a valid choice."),
        ("starts_after=next-spring", "Starts on or after: Enter a valid date."),
        ("country=XX", "Country: Select a valid choice."),
    ],
)
def test_invalid_filters_give_a_form_error_and_save_nothing(client, searcher, query, message):
    client.force_login(searcher)
    response = client.post(SAVE_URL, {"name": "Broken", "query": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body and "correct it and save again" in body
    assert 'class="errorlist nonfield"' in body
    assert not SavedSearch.objects.exists()


def test_a_name_that_is_too_long_is_a_form_error(client, searcher):
    client.force_login(searcher)
    response = client.post(SAVE_URL, {"name": "x" * 101, "query": "country=KE"})
    assert response.status_code == 200 and "at most 100 characters" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_the_same_search_twice_is_refused_kindly(client, searcher, save_search):
    save_search("country=KE", "Kenya")
    client.force_login(searcher)
    response = client.post(SAVE_URL, {"name": "Again", "query": "page=4&country=KE"})
    assert "You already saved this search as “Kenya”." in response.content.decode()
    assert SavedSearch.objects.count() == 1


def test_saving_a_search_whose_emails_were_stopped_turns_them_back_on(save_search):
    saved = save_search("country=KE", "Kenya")
    SavedSearch.objects.filter(pk=saved.pk).update(is_active=False)
    again = save_search("country=KE", "Kenya again")
    assert again.pk == saved.pk and again.is_active and again.name == "Kenya again"
    assert again.last_notified_at is not None


def test_there_is_a_limit_to_saved_searches(save_search):
    for cost in range(MAX_SAVED_SEARCHES_PER_USER):
        save_search(f"max_cost={cost}")
    with pytest.raises(ValidationError, match="the most we keep"):
        save_search("max_cost=99999")


def test_anonymous_visitors_are_sent_to_log_in(client, save_search):
    saved = save_search("country=NI")
    response = client.get(LIST_URL)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    for url in [
        SAVE_URL,
        reverse("notifications:delete-search", args=[saved.pk]),
        reverse("notifications:search-alerts", args=[saved.pk]),
    ]:
        response = client.post(url, {"query": "country=KE", "alerts": "off"})
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert list(SavedSearch.objects.values_list("query", "is_active")) == [("country=NI", True)]


def test_saving_needs_a_post(client, searcher):
    client.force_login(searcher)
    assert client.get(SAVE_URL, {"query": "country=KE"}).status_code == 405
    assert not SavedSearch.objects.exists()


def test_the_list_shows_my_searches_in_words_and_not_other_peoples(client, searcher, save_search):
    save_search(f"country=KE&specialty={common_specialty('pediatrics').pk}&year_round_facility=true", "Mine")
    save_search("country=NI", "Someone else's", user=UserFactory())
    client.force_login(searcher)
    body = client.get(LIST_URL).content.decode()
    assert "Mine" in body and "Someone else" not in body
    assert "Country: Kenya" in body and "Specialty: Pediatrics" in body and "Year-round local facility: Yes" in body
    assert 'href="/trips/?country=KE&amp;specialty=' in body


def test_the_list_costs_the_same_queries_however_many_searches(
    client, searcher, save_search, django_assert_num_queries
):
    pediatrics, surgery = common_specialty("pediatrics"), common_specialty("general-surgery")
    save_search(f"specialty={pediatrics.pk}")
    client.force_login(searcher)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST_URL).status_code == 200
    for cost in range(12):
        save_search(f"specialty={surgery.pk}&max_cost={cost}&language=es")
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(LIST_URL).status_code == 200


def test_deleting_a_search(client, searcher, save_search):
    mine = save_search("country=KE")
    theirs = save_search("country=KE", user=UserFactory())
    client.force_login(searcher)
    assert client.get(reverse("notifications:delete-search", args=[mine.pk])).status_code == 405
    assert client.post(reverse("notifications:delete-search", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:search-alerts", args=[theirs.pk]), {"alerts": "off"}).status_code == 404
    assert SavedSearch.objects.filter(pk=theirs.pk, is_active=True).exists()
    response = client.post(reverse("notifications:delete-search", args=[mine.pk]))
    assert response.status_code == 302 and not SavedSearch.objects.filter(pk=mine.pk).exists()


def test_emails_can_be_stopped_and_restarted_from_the_list(client, searcher, save_search):
    saved = save_search("country=KE")
    client.force_login(searcher)
    client.post(reverse("notifications:search-alerts", args=[saved.pk]), {"alerts": "off"})
    saved.refresh_from_db()
    assert not saved.is_active
    assert "Email me again" in client.get(LIST_URL).content.decode()
    client.post(reverse("notifications:search-alerts", args=[saved.pk]), {"alerts": "on"})
    saved.refresh_from_db()
    assert saved.is_active


def test_unsubscribe_asks_on_get_and_acts_on_post_without_login(client, save_search):
    saved = save_search("country=KE", "Kenya")
    url = reverse("notifications:unsubscribe", args=[saved.unsubscribe_token])
    page = client.get(url)
    assert page.status_code == 200 and "Kenya" in page.content.decode()
    saved.refresh_from_db()
    assert saved.is_active, "opening the link must not change anything"
    done = client.post(url)
    assert done.status_code == 200 and "no more emails" in done.content.decode()
    saved.refresh_from_db()
    assert not saved.is_active
    assert "already off" in client.get(url).content.decode()


def test_unsubscribe_with_an_unknown_token_is_404(client, save_search):
    save_search("country=KE")
    assert client.get(reverse("notifications:unsubscribe", args=["not-a-real-token"])).status_code == 404
    assert client.post(reverse("notifications:unsubscribe", args=["not-a-real-token"])).status_code == 404
    assert SavedSearch.objects.get().is_active


def test_the_save_search_include_renders_for_members_and_visitors(rf, searcher):
    request = rf.get("/trips/?country=KE&page=2")
    request.user = searcher
    html = render_to_string(
        "notifications/includes/save_search.html", {"query_string": "country=KE", "user": searcher}, request=request
    )
    assert 'name="query" value="country=KE"' in html and 'action="/alerts/searches/save/"' in html
    request.user = AnonymousUser()
    html = render_to_string("notifications/includes/save_search.html", {"query_string": "country=KE"}, request=request)
    assert "Log in" in html and 'name="query"' not in html
