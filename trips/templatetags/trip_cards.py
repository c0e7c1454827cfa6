"""The markup of a trip card (search, home page, an organization's page), written once here.

Twenty cards through the template engine (an include per card, each need and badge a
node) were most of a search request; the same markup from format strings costs a fraction
(docs/benchmarks.md). Every value is escaped as the template's autoescaping did, and
translated texts, dates and numbers use the template's msgids and filters."""

from functools import lru_cache

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django_countries import countries

from i18n.currency import money
from trips.cards import TripCard

register = template.Library()

CARD = (
    '<article class="card">\n'
    '  <h3 class="card-title"><a href="{url}">{title}</a></h3>\n'
    '  <p class="card-meta">{organization} · {place}, {country}</p>\n'
    '  <div class="card-body">\n'
    "    <p>{start} – {end} · {cost}</p>\n"
    '    <p class="cluster">{needs}</p>\n'
    '    <p class="cluster">\n      {badges}\n    </p>\n'
    "  </div>\n"
    '  <p class="card-footer small">{apply_by}</p>\n'
    "</article>"
)
NEED = '<span class="tag">{name}: {left}/{places}</span>'
BADGE = '<span class="badge {kind}">{text}</span>'


class _Texts:
    """The card's fixed texts in the active language, looked up once a list."""

    def __init__(self):
        self.year_round = BADGE.format(kind="badge-ok", text=conditional_escape(gettext("Year-round clinic")))
        self.follow_up = BADGE.format(kind="badge-ok", text=conditional_escape(gettext("Follow-up plan")))
        self.no_follow_up = BADGE.format(kind="badge-warn", text=conditional_escape(gettext("No follow-up plan")))
        self.trains = BADGE.format(kind="badge-ok", text=conditional_escape(gettext("Trains local staff")))
        # As blocktranslate renders it: the translation is trusted, the value escaped.
        self.apply_by = gettext("Apply by %(deadline)s")


@lru_cache(maxsize=4096)
def trip_date(value, language):
    """A date as the template's `date:"j M Y"` shows it in `language` (the active one)."""
    return conditional_escape(date_filter(value, "j M Y"))


@lru_cache(maxsize=1024)
def country_name(code, language):
    return conditional_escape(countries.name(code))


_MARKER = 987654321987  # a pk no trip has, to find where the pk goes in the address


@lru_cache(maxsize=64)
def _trip_url_parts(urlconf, prefix):
    """The trip page's address before and after its pk, escaped, for a URLconf and script
    prefix: reversing per card cost about as much as the rest of the card."""
    head, tail = reverse("trips:detail", kwargs={"pk": _MARKER}, urlconf=urlconf).split(str(_MARKER))
    return conditional_escape(head), conditional_escape(tail)


def trip_url(pk, urlconf, prefix):
    """The trip page's address, escaped, for the active URLconf and script prefix."""
    head, tail = _trip_url_parts(urlconf, prefix)
    return f"{head}{int(pk)}{tail}"


def _card(card, texts, language, urlconf, prefix):
    badges = []
    if card.runs_year_round_facility:
        badges.append(texts.year_round)
    badges.append(texts.follow_up if card.has_follow_up_plan or card.continuity_plan else texts.no_follow_up)
    if card.trains_local_staff:
        badges.append(texts.trains)
    return CARD.format(
        url=trip_url(card.pk, urlconf, prefix),
        title=conditional_escape(card.title),
        organization=conditional_escape(card.organization_name),
        place=conditional_escape(card.place),
        country=country_name(card.country, language),
        start=trip_date(card.start_date, language),
        end=trip_date(card.end_date, language),
        cost=conditional_escape(money(card.cost_usd, "USD")),
        needs="".join(
            NEED.format(name=specialty_name(need.specialty_name, language), left=need.places_left, places=need.places)
            for need in card.needs
        ),
        badges="\n      ".join(badges),
        apply_by=texts.apply_by % {"deadline": trip_date(card.application_deadline, language)},
    )


@lru_cache(maxsize=1024)
def specialty_name(name, language):
    """A specialty's name, escaped, as `Specialty.__str__` gives it in `language` (the active one)."""
    return conditional_escape(gettext(name))


@register.simple_tag
def trip_cards(trips):
    """The cards of a list of `TripCard`s or of trips loaded `with_related()` (needs and organization)."""
    texts, language = _Texts(), get_language()
    urlconf, prefix = get_urlconf(), get_script_prefix()
    return mark_safe(
        "".join(
            _card(trip if isinstance(trip, TripCard) else TripCard.of(trip), texts, language, urlconf, prefix)
            for trip in trips
        )
    )


@register.simple_tag
def trip_card(trip):
    return trip_cards([trip])
