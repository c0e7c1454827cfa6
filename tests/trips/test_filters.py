from django.http import QueryDict
from django_countries import countries

from tests.factories import TripFactory
from trips.filters import TripFilter


def test_the_country_filter_offers_every_country_by_name_and_checks_the_code():
    form = TripFilter(QueryDict("country=HN")).form
    # Issue 15: the empty choice is said in words.
    assert list(form.fields["country"].choices) == [("", "Any country"), *countries]
    assert form.is_valid() and form.cleaned_data["country"] == "HN"
    assert "country" in TripFilter(QueryDict("country=XX")).form.errors


def test_the_search_form_speaks_in_words_and_offers_countries_with_open_trips(client, db):
    TripFactory(open=True, country="GT")
    TripFactory(country="KE")  # a draft: its country is not offered
    page = client.get("/trips/").content.decode()
    assert "---------" not in page and ">Unknown<" not in page and "descending" not in page
    for words in ("Any specialty", "Any country", "Any region", "Any language", "Soonest first", "Latest first"):
        assert words in page
    assert '<option value="GT">Guatemala</option>' in page
    assert 'value="KE"' not in page
    assert 'type="date" name="starts_after"' in page or 'name="starts_after" type="date"' in page


def test_a_country_without_open_trips_stays_chosen_when_searched(client, db):
    page = client.get("/trips/?country=KE").content.decode()
    assert '<option value="KE" selected>Kenya</option>' in page
