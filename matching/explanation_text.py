"""The engine's notes (reasons, watch-outs, exclusions) and factor names in the reader's
language.

One entry per code of `engine.explanations`: a `Text` whose named placeholders are the
note's parameters, or a small function taking them as keyword arguments where a count
chooses the plural or a vocabulary key chooses the sentence. Parameters are shown by name:
languages and vocabulary keys by their translated labels, money with Babel in the active
language, counts through Django's l10n. The result is plain text, escaped wherever it is
printed (templates autoescape it; the API returns it as a string).
"""

import inspect
import re
from functools import lru_cache

from babel.numbers import format_percent
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

import vocabulary
from i18n import currency
from i18n.currency import babel_locale
from vocabulary.choices import LANGUAGE_CHOICES, SCORECARD_ITEM_CHOICES

from .engine import explanations as e

FACTOR_LABELS = {
    "motivation_fit": _("Motivation fit"),
    "organization_quality": _("Organization quality"),
    "specialty": _("Specialty needed"),
    "language": _("Language"),
    "dates": _("Dates"),
    "region": _("Region"),
    "cost": _("Cost"),
}


def factor_label(key):
    """A factor's name (a weights.FACTOR_WEIGHTS key) in the reader's language."""
    return str(FACTOR_LABELS[key])


# --- Parameters as the reader sees them -------------------------------------------------

_LANGUAGE_LABELS = dict(LANGUAGE_CHOICES)
_SCORECARD_ITEM_LABELS = dict(SCORECARD_ITEM_CHOICES)


def _locale():
    return babel_locale(get_language() or settings.LANGUAGE_CODE)


# Babel takes tens of microseconds a call and a page shows a few hundred notes; the same
# few shares recur, so each is formatted once per language.
@lru_cache(maxsize=1024)
def _percent_in(locale, percent):
    return format_percent(percent / 100, locale=locale)


def money(amount):
    """US dollars, written as the reader's language writes them ("$1,200", "1.200 US$"): the
    portal's one formula for money (i18n.currency), as its pages use."""
    return currency.money(amount)


def share_of_days(share):
    """A share (0..1) of a trip's days as a whole percentage, rounded as Python rounds."""
    return _percent_in(_locale(), round(share * 100))


def percentage(percent):
    """A whole percentage the organization stated (0..100)."""
    return _percent_in(_locale(), percent)


def language_name(code):
    return str(_LANGUAGE_LABELS.get(code, code))


def either(names):
    """Names joined as alternatives: "Quechua", "Quechua or Spanish", "Aymara, Quechua or Spanish"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    # Translators: the separator between the first items of a list of alternatives.
    head = pgettext("list separator", ", ").join(names[:-1])
    # Translators: a list of alternatives; "names" holds all but the last one, e.g. "Aymara, Quechua".
    return gettext("%(names)s or %(last)s") % {"names": head, "last": names[-1]}


def _languages(codes):
    return either(sorted(language_name(code) for code in codes))


def _host_claim(claim):
    name = gettext(vocabulary.HOST_CLAIM_NAMES[claim]) if claim in vocabulary.HOST_CLAIM_NAMES else claim
    # A claim is written as a sentence; here it continues one ("disputes that patients are ...").
    return name[:1].lower() + name[1:]


def _scorecard_item(item):
    return str(_SCORECARD_ITEM_LABELS.get(item, item)).lower()


def _shown(value):
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return number_format(value)
    return value


_SHOWN_BY_NAME = {
    "language": language_name,
    "languages": _languages,
    "cost": money,
    "budget": money,
    "amount": money,
    "share": share_of_days,
    "percent": percentage,
    "claim": _host_claim,
    "item": _scorecard_item,
}

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


class Text:
    """One sentence; each placeholder is filled from the note's parameter of that name."""

    def __init__(self, message):
        self.message = message

    @property
    def names(self):
        return frozenset(_PLACEHOLDER.findall(str(self.message)))

    def __call__(self, **params):
        if not params:
            return str(self.message)
        return self.message % {name: _SHOWN_BY_NAME.get(name, _shown)(value) for name, value in params.items()}


def _n(value):
    return number_format(value)


def _years_in_community(*, years):
    return ngettext(
        "Has worked in this community for %(years)s year", "Has worked in this community for %(years)s years", years
    ) % {"years": _n(years)}


def _host_confirmed(*, confirmed, claims):
    return ngettext(
        "The host partner confirmed %(confirmed)s of %(claims)s claim in their own words",
        "The host partner confirmed %(confirmed)s of %(claims)s claims in their own words",
        claims,
    ) % {"confirmed": _n(confirmed), "claims": _n(claims)}


def _vetting_confirmed(*, confirmed, checks):
    return ngettext(
        "Our vetting team confirmed %(confirmed)s of %(checks)s ethics check",
        "Our vetting team confirmed %(confirmed)s of %(checks)s ethics checks",
        checks,
    ) % {"confirmed": _n(confirmed), "checks": _n(checks)}


def _needs_your_specialty(*, specialty, left):
    return ngettext(
        "Needs your specialty: %(specialty)s (%(left)s left)",
        "Needs your specialty: %(specialty)s (%(left)s left)",
        left,
    ) % {"specialty": specialty or gettext("your specialty"), "left": _n(left)}


def _practises_needed_specialty(*, specialty, left):
    return ngettext(
        "Practises %(specialty)s, which the trip needs (%(left)s place left)",
        "Practises %(specialty)s, which the trip needs (%(left)s places left)",
        left,
    ) % {"specialty": specialty or gettext("a needed specialty"), "left": _n(left)}


_SPEAKS_AT_LEVEL = {
    vocabulary.CONVERSATIONAL: _("Conversational in %(language)s"),
    vocabulary.FLUENT: _("Fluent in %(language)s"),
}


def _speaks_language(*, proficiency, language):
    return _SPEAKS_AT_LEVEL[proficiency] % {"language": language_name(language)}


def _years_in_practice(*, years):
    return ngettext("%(years)s year in practice", "%(years)s years in practice", years) % {"years": _n(years)}


def _prior_mission_trips(*, trips):
    return ngettext(
        "Has been on %(trips)s mission trip before", "Has been on %(trips)s mission trips before", trips
    ) % {"trips": _n(trips)}


_TRAINEE_SUPERVISED = {
    vocabulary.STUDENT: _("A medical student: works only under the supervision the trip provides"),
    vocabulary.RESIDENT: _("A resident: works only under the supervision the trip provides"),
}


def _trainee_supervised(*, training_level):
    return str(_TRAINEE_SUPERVISED[training_level])


MESSAGES = {
    # Reasons the physician reads about a trip.
    e.YEAR_ROUND_CLINIC: Text(_("Runs a year-round clinic in %(place)s — your patients are followed up")),
    e.FOLLOW_UP_PLAN: Text(_("Has a plan for following up every patient after the volunteers leave")),
    e.RECORDS_HANDOFF: Text(_("Leaves medical records with local providers")),
    e.YEARS_IN_COMMUNITY: _years_in_community,
    e.TRAINS_LOCAL_STAFF: Text(_("Trains local health workers; you want to teach")),
    e.LOCAL_CURRICULUM: Text(_("Runs a curriculum for local providers you can teach in")),
    e.PEER_MENTORING: Text(_("Clinicians mentor each other on site — room for you to grow")),
    e.MENTORS_LOCAL_CLINICIANS: Text(_("Mentors local clinicians over the long term")),
    e.COMMUNITY_CHOSE_FOCUS: Text(_("The community chose what this trip works on, with its own leaders")),
    e.LOCAL_PARTNER: Text(_("Works through a local partner: %(partner)s")),
    e.FEE_SHARE_PUBLISHED: Text(_("Publishes where fees go: %(percent)s reaches local care")),
    e.FEES_PUBLISHED: Text(_("Publishes where volunteer fees go")),
    e.SELF_CARE_SUPPORT: Text(_("Offers self-care support and a debrief when you come home")),
    e.PREDEPARTURE_BRIEFING: Text(_("Briefs you on local conditions before you leave")),
    e.FAITH_BASED: Text(_("A faith-based organization, as you wished")),
    e.SUPERVISION_PROVIDED: Text(_("Supervision is provided — a safe way to learn new skills")),
    e.CULTURAL_ORIENTATION: Text(_("Offers a cultural orientation before you start")),
    e.SPEAKS_TRIP_LANGUAGE: Text(_("You speak %(language)s, a language of the trip")),
    e.SAFETY_PROTOCOL: Text(_("Has a safety and security protocol")),
    e.EVACUATION_COVER: Text(_("Medical evacuation cover is provided")),
    e.HOST_CONFIRMED: _host_confirmed,
    e.VETTING_CONFIRMED: _vetting_confirmed,
    e.NEEDS_YOUR_SPECIALTY: _needs_your_specialty,
    e.FITS_AVAILABILITY: Text(_("Fits inside your availability")),
    e.IN_PREFERRED_COUNTRY: Text(_("In a country you prefer")),
    e.IN_PREFERRED_REGION: Text(_("In a region you prefer")),
    e.WITHIN_BUDGET: Text(_("Within your budget (%(cost)s of %(budget)s)")),
    # Watch-outs about the organization.
    e.NO_FOLLOW_UP_PLAN: Text(_("No plan for following up patients after the volunteers leave")),
    e.NO_LOCAL_PARTNER: Text(_("No local partner organization is named")),
    e.TEACHES_VOLUNTEERS: Text(_("Teaching is aimed at visiting volunteers, not at local staff")),
    e.NO_SAFETY_PROTOCOL: Text(_("No safety and security protocol")),
    e.FEES_NOT_PUBLISHED: Text(_("Does not publish where volunteer fees go")),
    e.HOST_DISPUTES: Text(_("The host partner disputes that %(claim)s")),
    e.VETTING_NOT_MET: Text(_("Our vetting found this not met: %(item)s")),
    # Watch-outs the physician reads about a trip.
    e.PARTLY_AVAILABLE: Text(_("Your availability covers %(share)s of the trip's days")),
    e.OVER_BUDGET: Text(_("Costs %(amount)s more than your budget")),
    e.BASIC_LANGUAGE: Text(_("Your %(language)s is basic: plan to work with an interpreter")),
    e.NO_TRIP_LANGUAGE: Text(_("You do not speak %(languages)s: you would need an interpreter")),
    # Reasons the organization reads about a physician.
    e.PRACTISES_NEEDED_SPECIALTY: _practises_needed_specialty,
    e.SPEAKS_LANGUAGE: _speaks_language,
    e.AVAILABLE_EVERY_DAY: Text(_("Available for every day of the trip")),
    e.WANTS_TO_TEACH: Text(_("Wants to teach — this trip trains local staff")),
    e.WANTS_CONTINUITY: Text(_("Wants long-term partnership — this trip's patients are followed up")),
    e.WANTS_NAMED_NEED: Text(_("Wants to serve where the community named the need")),
    e.WANTS_FAITH: Text(_("Wants to serve from faith, as this organization does")),
    e.WANTS_TO_LEARN: Text(_("Wants to learn — this trip provides supervision")),
    e.WANTS_CULTURE: Text(_("Wants to understand the culture — this trip offers orientation")),
    e.YEARS_IN_PRACTICE: _years_in_practice,
    e.PRIOR_MISSION_TRIPS: _prior_mission_trips,
    # Watch-outs the organization reads about a physician.
    e.AVAILABLE_SHARE: Text(_("Available for %(share)s of the trip's days")),
    e.SPEAKS_BASIC_ONLY: Text(_("Speaks only basic %(language)s; an interpreter will be needed")),
    e.SPEAKS_NONE: Text(_("Speaks no %(languages)s; an interpreter will be needed")),
    e.TRAINEE_SUPERVISED: _trainee_supervised,
    # Why a trip is not a match.
    e.ORGANIZATION_NOT_VERIFIED: Text(_("The organization has not been verified by our team.")),
    e.TRIP_NOT_OPEN: Text(_("The trip is not open for applications.")),
    e.DEADLINE_PASSED: Text(_("The application deadline has passed.")),
    e.NO_PLACES_FOR_SPECIALTY: Text(_("No place is left for any of your specialties.")),
    e.NO_DATE_OVERLAP: Text(_("The trip falls outside all of your availability windows.")),
    e.OUTSIDE_SCOPE_OF_PRACTICE: Text(
        _("The trip does not accept volunteers at your training level without supervision.")
    ),
    e.NO_ACTIVE_LICENCE_UNSUPERVISED: Text(
        _("Without a full, active licence you can join only trips that provide supervision.")
    ),
}


def parameter_names(code):
    """The parameters the message for `code` takes (its placeholders or keyword arguments)."""
    entry = MESSAGES[code]
    if isinstance(entry, Text):
        return entry.names
    return frozenset(inspect.signature(entry).parameters)


def note_text(note):
    """One note as a sentence in the active language."""
    return str(MESSAGES[note.code](**note.values))


def notes_text(notes):
    return [note_text(one) for one in notes]


def note_data(note):
    """A note for the API: its code, raw parameters (tuples as lists) and text."""
    params = {name: list(value) if isinstance(value, tuple) else value for name, value in note.params}
    return {"code": note.code, "params": params, "text": note_text(note)}
