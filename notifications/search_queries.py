"""A saved search's query string: the search page's filters, normalised, checked with the
page's own `TripFilter`, and put in words for people."""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from i18n.currency import money
from physicians.models import Specialty
from portal.ids import is_plain_id
from trips.filters import TripFilter
from trips.selectors import trip_list_public

from .models import SavedSearch


def search_query_normalise(query):
    """The canonical form of a search page query string: only the search's own filters,
    keys sorted, empty values and the page number dropped. "?country=KE&page=2&region="
    and "country=KE" are the same search."""
    data = QueryDict((query or "").lstrip("?"))
    known = TripFilter.base_filters.keys()
    pairs = [(key, value) for key in sorted(data) if key in known for value in data.getlist(key) if value.strip() != ""]
    return urlencode(pairs)


def search_query_errors(query):
    """What is wrong with a (normalised) search, in words: [] when the filters are valid."""
    filterset = TripFilter(data=QueryDict(query), queryset=trip_list_public().none())
    if filterset.is_valid():
        return []
    fields = filterset.form.fields
    return [
        f"{fields[name].label}: {' '.join(messages)}" if name in fields else " ".join(messages)
        for name, messages in filterset.errors.items()
    ]


def search_criteria(queries):
    """Each search's filters in words, [(label, value), ...] per query string, in the order
    given. Specialty names come from one query for all the searches together."""
    return [[(label, shown) for _key, label, shown in criteria] for criteria in _criteria(queries)]


def _criteria(queries):
    fields = TripFilter().form.fields
    parsed = [QueryDict(query) for query in queries]
    specialty_ids = {value for data in parsed for value in data.getlist("specialty") if is_plain_id(value)}
    specialty_names = (
        {str(pk): name for pk, name in Specialty.objects.filter(pk__in=specialty_ids).values_list("pk", "name")}
        if specialty_ids
        else {}
    )
    results = []
    for data in parsed:
        criteria = []
        for key in data:
            field = fields.get(key)
            if field is None:
                continue
            for value in data.getlist(key):
                shown = _criterion_in_words(key, field, value, specialty_names)
                criteria.append((key, str(field.label), str(shown)))
        results.append(criteria)
    return results


def _criterion_in_words(key, field, value, specialty_names):
    if key == "specialty":
        return specialty_names.get(value, value)
    if isinstance(field, forms.NullBooleanField):
        return {"true": _("Yes"), "false": _("No")}.get(value, value)
    if isinstance(field, forms.DateField):
        try:
            return date_format(field.clean(value), "j M Y")
        except ValidationError:
            return value
    if key == "max_cost":
        return money(value) if value.isdigit() else value
    if isinstance(field, forms.ChoiceField):
        return dict(field.choices).get(value, value)
    return value


def search_default_name(query):
    """A name for a search saved without one, made from its filters: "Kenya · Pediatrics ·
    up to $1500 · from 5 Jan 2031"."""
    words = []
    for key, label, shown in _criteria([query])[0]:
        if key == "max_cost":
            words.append(_("up to %(cost)s") % {"cost": shown})
        elif key == "starts_after":
            words.append(_("from %(date)s") % {"date": shown})
        elif key == "ends_before":
            words.append(_("until %(date)s") % {"date": shown})
        elif key in ("year_round_facility", "follow_up_plan", "trains_local_staff"):
            if QueryDict(query).get(key) == "true":
                words.append(label.lower())
        elif key != "sort":
            words.append(shown)
    name = " · ".join(words) or _("All open trips")
    return name[: SavedSearch._meta.get_field("name").max_length]
