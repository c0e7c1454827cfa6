"""What a clearance still needs, in the reader's language: shared by the pages (a template
filter) and the API, which return the same sentences."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

MISSING_TEXT = {
    "document_missing": lambda p: _("%(kind)s: not uploaded (due %(due)s)") % p,
    "document_not_verified": lambda p: _("%(kind)s: not verified yet (due %(due)s)") % p,
    "document_expires_during_trip": lambda p: _("%(kind)s: expires before the trip ends (renew by %(due)s)") % p,
    "registration": lambda p: _("Host-country registration: %(status)s") % p,
    "sign_off": lambda p: _("The organization's sign-off"),
}


def missing_text(item):
    """A (code, params) pair of ClearanceState.missing in the reader's language."""
    code, params = item
    params = {key: date_format(value) if hasattr(value, "isoformat") else value for key, value in params.items()}
    return MISSING_TEXT[code](params)
