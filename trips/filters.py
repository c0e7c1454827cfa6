"""The trip search filters, shared by the search page and the API."""

import django_filters
from django import forms
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Value, When
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.constants import EMPTY_VALUES

import vocabulary.choices
from matching.engine import rank_trips_in
from matching.physician_reads import physician_for_matching
from matching.selectors import trip_features_current
from physicians.models import PhysicianProfile, Specialty
from portal.form_html import PythonRenderedForm
from portal.widgets import AnyYesNoSelect, PythonRenderedSelect

from .models import Trip, TripLanguage, TripSpecialtyNeed
from .selectors import BEST_FIT_LIMIT


class CountryChoices(BaseChoiceIterator):
    """Every country, sorted by name in the active language. django-countries caches that
    list per language; as a choice iterator Django takes it as it is, where a plain list
    would be copied and re-checked choice by choice each time a form reads it."""

    def __iter__(self):
        return iter(countries)


DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class ListOrderingFilter(django_filters.OrderingFilter):
    """Ties in the chosen order fall back to the list's own (start date, then id), so every
    order is total and the store's search (trips.selectors.trip_search) can give the same."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.order_by(*(self.get_ordering_value(param) for param in value), "start_date", "id")


class TripFilter(django_filters.FilterSet):
    specialty = django_filters.ModelChoiceFilter(
        label=_("Specialty"),
        queryset=Specialty.objects.all(),
        field_name="specialty_needs__specialty",
        method="filter_specialty",
        empty_label=_("Any specialty"),
        widget=PythonRenderedSelect,
    )
    # The class, a callable: the API schema leaves callable choices out of its enums.
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=CountryChoices, empty_label=_("Any country"), widget=PythonRenderedSelect
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        choices=vocabulary.choices.REGION_CHOICES,
        method="filter_region",
        empty_label=_("Any region"),
        widget=PythonRenderedSelect,
    )
    starts_after = django_filters.DateFilter(
        label=_("Starts on or after"), field_name="start_date", lookup_expr="gte", widget=DATE_INPUT
    )
    ends_before = django_filters.DateFilter(
        label=_("Ends on or before"), field_name="end_date", lookup_expr="lte", widget=DATE_INPUT
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=vocabulary.choices.LANGUAGE_CHOICES,
        method="filter_language",
        empty_label=_("Any language"),
        widget=PythonRenderedSelect,
    )
    max_cost = django_filters.NumberFilter(
        label=_("Maximum cost (USD)"), field_name="cost_usd", lookup_expr="lte", min_value=0
    )
    year_round_facility = django_filters.BooleanFilter(
        label=_("Year-round local facility"),
        field_name="organization__runs_year_round_facility",
        widget=AnyYesNoSelect,
    )
    follow_up_plan = django_filters.BooleanFilter(
        label=_("Patient follow-up plan"),
        field_name="organization__has_follow_up_plan",
        widget=AnyYesNoSelect,
    )
    trains_local_staff = django_filters.BooleanFilter(
        label=_("Trains local staff"),
        field_name="organization__trains_local_staff",
        widget=AnyYesNoSelect,
    )
    sort = ListOrderingFilter(
        label=_("Sort by"),
        fields=(("start_date", "soonest"), ("cost_usd", "cost")),
        # Said in words: "Soonest (descending)" reads as nonsense.
        choices=(
            ("soonest", _("Soonest first")),
            ("-soonest", _("Latest first")),
            ("cost", _("Lowest cost first")),
            ("-cost", _("Highest cost first")),
        ),
        empty_label=_("Soonest first"),
        widget=PythonRenderedSelect,
    )

    rank = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=(("best_fit", _("Best fit for me")),),
        method="filter_rank",
        empty_label=_("As sorted above"),
        widget=PythonRenderedSelect,
    )

    class Meta:
        model = Trip
        fields = []
        form = PythonRenderedForm

    def get_form_class(self):
        """Made once per filter set class: django-filter makes a new form class from its
        filters' fields for every search, and they are the same fields each time (each form
        copies them for itself, so no request sees another's)."""
        made = type(self).__dict__.get("_form_class")
        if made is None:
            made = super().get_form_class()
            type(self)._form_class = made  # two threads at once make equal classes
        return made

    def filter_rank(self, queryset, name, value):
        """Order by the signed-in physician's match score (the engine's ranking over the
        trip-feature store); trips the engine excludes for them follow, soonest first. Others
        keep the sort order. The pages and the API take the store's path (`trip_search`);
        this one is its reference."""
        user = getattr(self.request, "user", None)
        if value != "best_fit" or user is None or not user.is_authenticated:
            return queryset
        try:
            _physician, profile, generation = physician_for_matching(user=user)
        except PhysicianProfile.DoesNotExist:
            return queryset
        today = timezone.localdate()
        features = trip_features_current(today=today, generation=generation).features
        visible = set(queryset.values_list("pk", flat=True))
        ranked = [pk for pk in rank_trips_in(features, profile, today=today).trip_ids() if pk in visible]
        ranked = ranked[:BEST_FIT_LIMIT]
        if not ranked:
            # A Case without any When is a bare constant, which PostgreSQL would read as
            # "ORDER BY 0", a column position, and refuse.
            return queryset.order_by("start_date", "id")
        position = Case(
            *(When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)),
            default=Value(len(ranked)),
            output_field=IntegerField(),
        )
        return queryset.order_by(position, "start_date", "id")

    # EXISTS rather than joins: a join repeats a trip per matching row, and making the rows
    # unique again takes SELECT DISTINCT over every column and COUNT(DISTINCT) for the pages.
    def filter_specialty(self, queryset, name, value):
        # Only needs with places left count: a full specialty is not an opportunity.
        with_place = TripSpecialtyNeed.objects.filter(
            trip=OuterRef("pk"), specialty=value, places_filled__lt=F("places")
        )
        return queryset.filter(Exists(with_place))

    def filter_language(self, queryset, name, value):
        return queryset.filter(Exists(TripLanguage.objects.filter(trip=OuterRef("pk"), language=value)))

    def filter_region(self, queryset, name, value):
        return queryset.filter(country__in=vocabulary.countries_in_regions([value]))
