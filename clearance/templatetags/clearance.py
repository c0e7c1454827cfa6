from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clearance.selectors import clearance_summary_for_trip

register = template.Library()

MISSING_TEXT = {
    "document_missing": lambda p: _("%(kind)s: not uploaded (due %(due)s)") % p,
    "document_not_verified": lambda p: _("%(kind)s: not verified yet (due %(due)s)") % p,
    "document_expires_during_trip": lambda p: _("%(kind)s: expires before the trip ends (renew by %(due)s)") % p,
    "registration": lambda p: _("Host-country registration: %(status)s") % p,
    "sign_off": lambda p: _("The organization's sign-off"),
}


@register.filter
def missing_text(item):
    """A (code, params) pair of ClearanceState.missing in the reader's language."""
    code, params = item
    params = {key: date_format(value) if hasattr(value, "isoformat") else value for key, value in params.items()}
    return MISSING_TEXT[code](params)


@register.simple_tag
def clearance_summary(trip):
    """How many of the trip's accepted volunteers are cleared (for the organization's trip page)."""
    return clearance_summary_for_trip(trip=trip)
