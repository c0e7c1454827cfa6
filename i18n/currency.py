"""Amounts of money in the reader's language. Django's l10n formats numbers and dates but not
currency, so Babel's CLDR data does it: "$1,200" in English, "1.200 US$" in Spanish, "1 200 $US" in
French, "US$ 1.200" in Portuguese. Never by hand."""

from babel import Locale
from babel.numbers import format_currency
from django.utils import translation
from django.utils.translation import to_locale


def money(amount, currency="USD", *, language=None):
    """A whole amount (the portal's costs and budgets have no cents) in `language`, by default
    the active one."""
    if amount is None or amount == "":
        return ""
    locale = Locale.parse(to_locale(language or translation.get_language() or "en"))
    # The locale's own currency pattern, without its decimals.
    pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(int(amount), currency, format=pattern, locale=locale, currency_digits=False)
