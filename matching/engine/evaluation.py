"""One pair at a time, through the same vectorised code that ranks many: a store of one."""

from . import explanations as e
from .checks import hard_constraints
from .ranking import rank_trips_lazily
from .types import Exclusion
from .volunteer_ranking import rank_volunteers_lazily


def evaluate(volunteer, offer, *, today, _side="volunteer"):
    """Score one pair: a Match, or an Exclusion naming every hard constraint it fails. The
    Match is the one the pages rank and explain (the trip's side with `_side="trip"`)."""
    codes = hard_constraints(volunteer, offer, today)
    if codes:
        return Exclusion(trip_id=offer.id, volunteer_id=volunteer.id, codes=codes, reasons=e.exclusion_notes(codes))
    if _side == "trip":
        return rank_volunteers_lazily(offer, [volunteer], today=today)[0]
    return rank_trips_lazily(volunteer, [offer], today=today)[0]
