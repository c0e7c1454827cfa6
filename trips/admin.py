from django.contrib import admin
from django.db.models import Sum

from .models import Trip, TripLanguage, TripSpecialtyNeed, TripStatusChange


class TripSpecialtyNeedInline(admin.TabularInline):
    model = TripSpecialtyNeed
    extra = 0
    autocomplete_fields = ["specialty"]
    # Filled places move only through application decisions.
    readonly_fields = ["places_filled"]


class TripLanguageInline(admin.TabularInline):
    model = TripLanguage
    extra = 0


class TripStatusChangeInline(admin.TabularInline):
    model = TripStatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "changed_by", "from_status", "to_status"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Trip)
class TripAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "country", "start_date", "end_date", "status", "cost_usd", "places"]
    list_filter = ["status", "country", "organization__vetting_status", "start_date"]
    search_fields = ["title", "place", "organization__name"]
    date_hierarchy = "start_date"
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    inlines = [TripSpecialtyNeedInline, TripLanguageInline, TripStatusChangeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            total_places=Sum("specialty_needs__places"), total_filled=Sum("specialty_needs__places_filled")
        )

    @admin.display(description="places filled", ordering="total_places")
    def places(self, trip):
        return f"{trip.total_filled or 0}/{trip.total_places or 0}"
