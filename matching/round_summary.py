"""A match round's summary (MatchRound.summary, as the run stores it) in words and numbers,
for admin's list, the round's page and the run's confirmation."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _n(value):
    return number_format(value, force_grouping=True)


def round_summary_in_words(summary):
    """Sentences describing a run's outcome; empty when the round has not run."""
    if not summary:
        return []
    physicians, matched = summary.get("physicians", 0), summary.get("matched", 0)
    unmatched, places = summary.get("unmatched", 0), summary.get("places", 0)
    apart = summary.get("couples_apart", 0)
    share = round(100 * matched / physicians) if physicians else 0
    lines = [
        ngettext(
            "%(matched)s of %(physicians)s physician matched (%(share)s%%).",
            "%(matched)s of %(physicians)s physicians matched (%(share)s%%).",
            physicians,
        )
        % {"matched": _n(matched), "physicians": _n(physicians), "share": share},
        ngettext("%(n)s physician is unmatched.", "%(n)s physicians are unmatched.", unmatched) % {"n": _n(unmatched)},
        ngettext("%(n)s place was offered.", "%(n)s places were offered.", places) % {"n": _n(places)}
        + " "
        + ngettext("%(n)s is left open.", "%(n)s are left open.", max(places - matched, 0))
        % {"n": _n(max(places - matched, 0))},
    ]
    if apart:
        lines.append(
            ngettext("%(n)s couple could not be kept together.", "%(n)s couples could not be kept together.", apart)
            % {"n": _n(apart)}
        )
    elif "couples_apart" in summary:
        lines.append(_("Every couple is placed together."))
    return lines
