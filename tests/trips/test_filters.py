from django.http import QueryDict
from django_countries import countries

from trips.filters import TripFilter


def test_the_country_filter_offers_every_country_by_name_and_checks_the_code():
    form = TripFilter(QueryDict("country=HN")).form
    assert list(form.fields["country"].choices) == [("", "---------"), *countries]
    assert form.is_valid() and form.cleaned_data["country"] == "HN"
    assert "country" in TripFilter(QueryDict("country=XX")).form.errors
