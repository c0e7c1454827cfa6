"""Money through Babel's CLDR data in the reader's language, never formatted by hand."""

import pytest
from django.template import Context, Template
from django.utils import translation

from i18n.currency import money
from tests.factories import TripFactory


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "$1,200"), ("es", "1.200\xa0US$"), ("fr", "1\u202f200\xa0$US"), ("pt", "US$\xa01.200")],
)
def test_a_cost_in_each_language(language, shown):
    assert money(1200, language=language) == shown
    with translation.override(language):
        assert Template("{% load money %}{{ cost|money }}").render(Context({"cost": 1200})) == shown


def test_nothing_for_no_amount():
    assert money(None) == "" and money("") == ""


def test_a_trip_card_shows_its_cost_in_the_reader_s_language(client, db):
    TripFactory(open=True, cost_usd=2500)
    assert "2.500\xa0US$" in client.get("/trips/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "$2,500" in client.get("/trips/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
