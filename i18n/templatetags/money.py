from django import template

from i18n.currency import money

register = template.Library()


@register.filter(name="money")
def money_filter(amount, currency="USD"):
    """{{ trip.cost_usd|money }}: the amount with its currency, in the reader's language."""
    return money(amount, currency)
