"""The trip search form's markup, kept per process for what it shows.

Its selects (specialties, countries, regions, languages, sorts, yes/no filters) were a
third of a search request once the store had chosen the trips; the same filters in the
same language with the same choices give the same markup, and people repeat searches.
A form with errors is written afresh (its messages are the point)."""

import threading
from collections import OrderedDict

from django.utils.translation import get_language, gettext

from physicians.models import Specialty

SIZE = 256  # distinct searches kept; the oldest goes first
_kept = OrderedDict()
_lock = threading.Lock()


def search_form_html(form, data, offered_countries):
    """`str(form)` for the search form bound to `data` (the request's GET) whose country
    select offers `offered_countries`. The specialties are read each time (one query,
    in place of the select's own), so a specialty added in admin shows at once."""
    if form.is_bound and form.errors:
        return str(form)
    key = (
        get_language(),
        tuple((name, tuple(data.getlist(name))) for name in form.fields),
        tuple(offered_countries),
        tuple(Specialty.objects.values_list("pk", "name")),
    )
    with _lock:
        html = _kept.get(key)
        if html is not None:
            _kept.move_to_end(key)
            return html
    # The specialties just read, not the select's own query of the same rows.
    field = form.fields["specialty"]
    field.widget.choices = [("", field.empty_label)] if field.empty_label is not None else []
    field.widget.choices += [(pk, gettext(name)) for pk, name in key[-1]]  # as Specialty.__str__
    html = str(form)
    with _lock:
        _kept[key] = html
        while len(_kept) > SIZE:
            _kept.popitem(last=False)
    return html


def search_form_forget():
    """Drop what is kept (tests start from nothing)."""
    with _lock:
        _kept.clear()
