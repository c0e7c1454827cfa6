"""Amounts of money in the reader's language. Django's l10n formats numbers and dates but not
currency, so Babel's CLDR data does it: "$1,200" in English, "1.200 US$" in Spanish, "1 200 $US" in
French, "US$ 1.200" in Portuguese. Never by hand. Pages (the `money` filter), saved searches' names
and the matches' explanations (matching.explanation_text) all write money through `money`."""

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency
from django.conf import settings
from django.utils import translation
from django.utils.translation import to_locale


@lru_cache(maxsize=16)
def babel_locale(language):
    """Babel's locale for a Django language code, English for one Babel does not know."""
    try:
        return Locale.parse(to_locale(language))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(to_locale(settings.LANGUAGE_CODE))


# Babel takes tens of microseconds a call and a matches page shows a few hundred amounts; the
# same few recur, so each is formatted once per language.
@lru_cache(maxsize=4096)
def _whole_amount(language, currency, amount):
    locale = babel_locale(language)
    # The language's own currency pattern, without its cents: costs and budgets are whole amounts.
    pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(amount, currency, format=pattern, locale=locale, currency_digits=False)


def money(amount, currency="USD", *, language=None):
    """A whole amount in `language`, by default the active one; "" for no amount."""
    if amount is None or amount == "":
        return ""
    return _whole_amount(language or translation.get_language() or settings.LANGUAGE_CODE, currency, int(amount))
