"""The markup of a match explanation and of the cards on "My matches", written once here.

Measured on the 2-core machine (docs/benchmarks.md): twenty cards through the template
engine (an include per card, seven factor lines each) took 17.7 ms of CPU, most of a first
visit and far more than ranking every open trip; the same markup from format strings
takes 4.2 ms. Every value is escaped here (as the template's autoescaping did), translated texts
use the template's msgids, and dates and country names go through the same filters.
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from matching.explanation_text import note_text
from trips.templatetags.trip_cards import country_name, trip_date, trip_url

from .match_display import explained

register = template.Library()

EXPLANATION = (
    '<div class="stack">\n'
    '  <p><span class="score" aria-label="{score_label}">{total}</span> <span class="muted">{out_of}</span></p>\n'
    '  <ul class="factor-list">\n{factors}  </ul>\n'
    "  {reasons}\n"
    "  {watch_outs}\n"
    "</div>"
)
FACTOR = (
    '    <li class="factor"><span class="factor-label">{label}</span>\n'
    '      <meter min="0" max="1" low="0.4" high="0.7" optimum="1" value="{meter}">{score}</meter>\n'
    '      <span class="factor-points">{points}</span></li>\n'
)
NOTES = '<h4>{heading}</h4><ul class="{kind}">{items}</ul>'
CARD = (
    '<article class="card">\n'
    '      <h2 class="card-title"><a href="{url}">{title}</a></h2>\n'
    '      <p class="card-meta">{organization} · {place}, {country} · {start} – {end}</p>\n'
    '      <div class="card-body">{explanation}</div>\n'
    "    </article>\n"
)


class _Texts:
    """The fixed texts of an explanation in the active language, looked up once a page."""

    def __init__(self):
        self.language = get_language()
        self.score_label = conditional_escape(gettext("Match score out of 100"))
        self.out_of = conditional_escape(gettext("out of 100"))
        self.why = conditional_escape(gettext("Why this fits"))
        self.watch_out = conditional_escape(gettext("Watch out"))


@lru_cache(maxsize=8192)
def _note_item(note, language):
    """One reason or watch-out as a list item in `language` (the active one). Notes are
    codes with their values, so a page repeats most of those other pages have shown."""
    return f"<li>{conditional_escape(note_text(note))}</li>"


def _notes(heading, kind, notes, language):
    if not notes:
        return ""
    return NOTES.format(heading=heading, kind=kind, items="".join(_note_item(note, language) for note in notes))


def _explanation(match, texts):
    shown = explained(match)
    return EXPLANATION.format(
        score_label=texts.score_label,
        total=shown.total,
        out_of=texts.out_of,
        factors="".join(
            FACTOR.format(label=line.label, meter=line.meter_value, score=line.score, points=line.points)
            for line in shown.factors
        ),
        reasons=_notes(texts.why, "reasons", match.reasons, texts.language),
        watch_outs=_notes(texts.watch_out, "watch-outs", match.watch_outs, texts.language),
    )


@register.simple_tag
def match_explanation(match):
    """One match's score, factor breakdown, reasons and watch-outs."""
    return mark_safe(_explanation(match, _Texts()))


@register.simple_tag
def match_cards(items):
    """The cards of a page of matches (`TripMatchView`s): the trip, its organization, place
    and dates, and the explanation."""
    texts, language = _Texts(), get_language()
    urlconf, prefix = get_urlconf(), get_script_prefix()
    cards = []
    for item in items:
        offer = item.offer
        cards.append(
            CARD.format(
                url=trip_url(offer.id, urlconf, prefix),
                title=conditional_escape(offer.title),
                organization=conditional_escape(offer.organization.name),
                place=conditional_escape(offer.place),
                country=country_name(offer.country, language),
                start=trip_date(offer.start, language),
                end=trip_date(offer.end, language),
                explanation=_explanation(item.match, texts),
            )
        )
    return mark_safe("".join(cards))
