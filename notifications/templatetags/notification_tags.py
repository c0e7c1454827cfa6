"""Template helpers for the includes other pages put on: the save-search form and the
save-trip button."""

from django import template

from ..forms import SavedSearchForm
from ..models import SavedTrip

register = template.Library()


@register.simple_tag
def save_search_form(query_string=""):
    """An unbound form carrying the current search (`query_string`, without the page)."""
    return SavedSearchForm(initial={"query": query_string or ""}, auto_id="save-search-%s")


@register.simple_tag(takes_context=True)
def trip_is_saved(context, trip):
    """Whether the signed-in user saved this trip (one query; False for visitors)."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return False
    return SavedTrip.objects.filter(user=user, trip=trip).exists()
