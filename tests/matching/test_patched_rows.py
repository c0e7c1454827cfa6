"""A refreshed store's rows: the old store's tuple, some rows replaced, some added."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.engine import TripFeatures
from matching.engine.patched_rows import PatchedRows
from tests.matching import builders


def test_rows_read_as_the_list_they_stand_for():
    rows = PatchedRows.of(("a", "b", "c")).replaced({1: "B"}, ["d"]).replaced({3: "D", 0: "A"}, ["e"])
    assert list(rows) == ["A", "B", "c", "D", "e"] and len(rows) == 5
    assert rows[-1] == "e" and rows[-5] == "A" and rows[1:4] == ["B", "c", "D"]
    assert rows == ["A", "B", "c", "D", "e"] and rows != ["A", "B", "c", "D"]
    for index in (5, -6):
        with pytest.raises(IndexError):
            rows[index]


@given(
    base=st.lists(st.integers(), max_size=8),
    steps=st.lists(st.tuples(st.dictionaries(st.integers(0, 12), st.integers()), st.lists(st.integers(), max_size=3))),
)
def test_replacing_rows_equals_replacing_them_in_a_list(base, steps):
    rows, expected = PatchedRows.of(base), list(base)
    for patches, added in steps:
        patches = {row: value for row, value in patches.items() if row < len(expected)}
        rows = rows.replaced(patches, added)
        for row, value in patches.items():
            expected[row] = value
        expected += added
        assert list(rows) == expected and [rows[i] for i in range(len(rows))] == expected


def test_a_refreshed_store_keeps_the_first_stores_tuple():
    store = [builders.trip(id=1), builders.trip(id=2)]
    old = TripFeatures.from_offers(store)
    once = old.replaced({1}, [builders.trip(id=1, cost_usd=10)])
    twice = once.replaced({2}, [builders.trip(id=2, cost_usd=20), builders.trip(id=3)])
    assert twice.offers._base is once.offers._base is old.offers
    assert [offer.cost_usd for offer in twice.offers] == [10, 20, builders.trip(id=3).cost_usd]
    assert list(old.offers) == store
