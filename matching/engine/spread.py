"""The spread (congestion) term: points added to a trip's total by how much it still needs
people, from a snapshot of active applications and open places (see weights.py)."""

import numpy as np

from . import weights as w


def spread_need(applications, places):
    """0..1 per trip: 1 with no active application, 0 at SPREAD_SATURATION applications
    per open place or more (a trip with no open place counts as saturated)."""
    applications = np.asarray(applications, dtype=np.float64)
    places = np.asarray(places, dtype=np.float64)
    pressure = np.divide(applications, places, out=np.full(applications.shape, np.inf), where=places > 0)
    return 1.0 - np.clip(pressure / w.SPREAD_SATURATION, 0.0, 1.0)


def spread_points(need):
    """Points added to the total for a need (0..1): from -SPREAD_POINTS (saturated) to 0."""
    return -w.SPREAD_POINTS * (1.0 - np.asarray(need, dtype=np.float64))
