from django import template

from clearance.display import missing_text
from clearance.selectors import clearance_summary_for_trip

register = template.Library()

register.filter("missing_text", missing_text)


@register.simple_tag
def clearance_summary(trip):
    """How many of the trip's accepted volunteers are cleared (for the organization's trip page)."""
    return clearance_summary_for_trip(trip=trip)
