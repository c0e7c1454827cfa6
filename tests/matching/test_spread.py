"""The spread (congestion) term and its simulated market."""

import numpy as np

from matching import bench_market
from matching.engine import weights as w
from matching.engine.spread import spread_need, spread_points


def test_need_falls_from_one_to_zero_with_applications_per_place():
    need = spread_need([0, 1, 2, 4, 9, 3], [2, 2, 2, 2, 2, 0])
    assert need.tolist() == [1.0, 0.75, 0.5, 0.0, 0.0, 0.0]  # no open place: saturated
    assert np.all(np.diff(spread_need(np.arange(10), np.full(10, 3))) <= 0)


def test_points_stay_within_the_documented_bound():
    points = spread_points(np.linspace(0, 1, 11))
    assert points.min() == -w.SPREAD_POINTS and points.max() == 0.0
    # Two trips whose totals differ by more than SPREAD_POINTS keep their order whatever the need.
    better, worse = 80.0, 80.0 - w.SPREAD_POINTS - 0.1
    assert better + spread_points(0.0) > worse + spread_points(1.0)


def test_the_simulated_market_spreads_applications_for_little_fit():
    features, places, people = bench_market.build_market(trips=300, physicians=600, seed=3)
    plain = bench_market.simulate(features, places, people, with_spread=False)
    spread = bench_market.simulate(features, places, people, refresh=100, with_spread=True)
    assert plain[2] == spread[2] > 0  # the same applications made
    assert spread[0] > plain[0]
    assert plain[1] - spread[1] <= w.SPREAD_POINTS
