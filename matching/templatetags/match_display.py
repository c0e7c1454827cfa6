"""Display strings for a match explanation, computed once per match in Python.

The matches page shows twenty cards of seven factors; formatting each number with
`floatformat` and each "x of y" with `blocktranslate` in the template cost more CPU than
ranking every candidate trip. The strings are the same: numbers rounded half up as
`floatformat` does, with the active language's decimal separator, and the sentence
translated from the same msgid the template used. Pages repeat most numbers, so their
escaped strings are kept (a few thousand at most: scores to 2 places, points to 1)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django import template
from django.utils.formats import get_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from matching.explanation_text import factor_label

register = template.Library()


def fixed(value, places, decimal_separator="."):
    """`value|floatformat:places` for the scores and points of a match (0..100, so never
    grouped in thousands)."""
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if not rounded:
        rounded = abs(rounded)  # floatformat shows -0.001 as "0.00", never "-0.00"
    return f"{rounded:f}".replace(".", decimal_separator)


@dataclass(frozen=True, slots=True)
class FactorLine:
    label: str
    meter_value: str  # machine-readable, never localized
    score: str
    points: str  # "12.5 of 20", translated


@dataclass(frozen=True, slots=True)
class Explained:
    total: str
    factors: tuple


@lru_cache(maxsize=8192)
def _number(value, places, separator):
    return conditional_escape(fixed(value, places, separator))


@lru_cache(maxsize=8192)
def _points(contribution, weight, separator, points_of):
    # As blocktranslate renders it: the translation is trusted, the values escaped.
    return mark_safe(
        points_of % {"points": _number(contribution, 1, separator), "weight": _number(weight, 0, separator)}
    )


@lru_cache(maxsize=64)
def _label(key, language):
    """A factor's name, escaped, in `language` (the active one)."""
    return conditional_escape(factor_label(key))


@register.filter
def explained(match):
    """The display strings of a Match: its total and one FactorLine per factor, escaped
    here once so the template prints them as they are."""
    separator, language = get_format("DECIMAL_SEPARATOR"), get_language()
    # Translators: a factor's points out of its weight, e.g. "12.5 of 20".
    points_of = gettext("%(points)s of %(weight)s")
    return Explained(
        total=_number(match.total, 0, separator),
        factors=tuple(
            FactorLine(
                label=_label(factor.key, language),
                meter_value=SafeString(f"{factor.score:.3f}"),  # as mark_safe, without its lazy-string check
                score=_number(factor.score, 2, separator),
                points=_points(factor.contribution, factor.weight, separator, points_of),
            )
            for factor in match.factors
        ),
    )
