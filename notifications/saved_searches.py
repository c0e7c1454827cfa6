"""Saving a trip search for its email alerts, and turning the alerts off and on."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SavedSearch
from .search_queries import search_default_name, search_query_errors, search_query_normalise

MAX_SAVED_SEARCHES_PER_USER = 25
QUERY_MAX_LENGTH = SavedSearch._meta.get_field("query").max_length


@transaction.atomic
def saved_search_create(*, user, query, name=""):
    """Save a search for `user` and turn its email alerts on. The query is normalised and
    checked with the search page's own filters; invalid filters raise ValidationError.
    Saving a search whose alerts were turned off turns them back on, from now. Every refusal
    is about the search itself, so it is raised on `query`, the field both the page and the API send."""
    query = search_query_normalise(query)
    if len(query) > QUERY_MAX_LENGTH:
        raise ValidationError({"query": _("This search has too many filters to save. Remove a few and try again.")})
    errors = search_query_errors(query)
    if errors:
        raise ValidationError(
            {
                "query": [
                    _("This search has a filter we cannot use. Go back to the search, correct it and save again.")
                ]
                + errors
            }
        )
    name = (name or "").strip() or search_default_name(query)
    existing = SavedSearch.objects.select_for_update().filter(user=user, query=query).first()
    if existing is not None:
        if existing.is_active:
            raise ValidationError(
                {"query": _("You already saved this search as “%(name)s”.") % {"name": existing.name}}
            )
        existing.name, existing.is_active, existing.last_notified_at = name, True, timezone.now()
        existing.save(update_fields=["name", "is_active", "last_notified_at"])
        return existing
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES_PER_USER:
        raise ValidationError(
            {
                "query": _("You have %(count)s saved searches, the most we keep. Delete one you no longer need first.")
                % {"count": MAX_SAVED_SEARCHES_PER_USER}
            }
        )
    try:
        with transaction.atomic():
            return SavedSearch.objects.create(user=user, name=name, query=query)
    except IntegrityError:  # the same search saved twice at once (a double click)
        raise ValidationError({"query": _("You already saved this search.")}) from None


def saved_search_set_active(*, saved_search, is_active):
    """Turn a search's email alerts on or off. Turning them back on starts from now: trips
    that opened while alerts were off are on the search page, not in the inbox."""
    fields = {"is_active": is_active}
    if is_active and not saved_search.is_active:
        fields["last_notified_at"] = timezone.now()
    SavedSearch.objects.filter(pk=saved_search.pk).update(**fields)
    for field, value in fields.items():
        setattr(saved_search, field, value)
    return saved_search
