from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from matching.admin_mixins import EngineInputAdminMixin

from .models import Trip, TripLanguage, TripSpecialtyNeed, TripStatus, TripStatusChange
from .services import trip_change_status


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
class TripAdmin(EngineInputAdminMixin, admin.ModelAdmin):
    list_display = ["title", "organization", "country", "start_date", "end_date", "status", "cost_usd", "places"]
    list_filter = ["status", "country", "organization__vetting_status", "start_date"]
    search_fields = ["title", "place", "organization__name"]
    date_hierarchy = "start_date"
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    inlines = [TripSpecialtyNeedInline, TripLanguageInline, TripStatusChangeInline]
    # Status moves only through the actions below, so the rules (no open trip for an
    # unverified organization, ...) and the audit history hold in admin too.
    readonly_fields = ["status"]
    actions = ["open_trips", "close_trips", "complete_trips", "cancel_trips"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(total_places=Sum("specialty_needs__places"), total_filled=Sum("specialty_needs__places_filled"))
        )

    @admin.display(description=_("places filled"), ordering="total_places")
    def places(self, trip):
        return f"{trip.total_filled or 0}/{trip.total_places or 0}"

    def has_delete_permission(self, request, obj=None):
        # Cancel instead: applications, decisions and status history must outlive the trip.
        return False

    def _change_status(self, request, queryset, to_status):
        changed = 0
        for trip in queryset.select_related("organization"):
            try:
                trip_change_status(trip=trip, to_status=to_status, changed_by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{trip}: {' '.join(error.messages)}", messages.ERROR)
            else:
                changed += 1
        if changed:
            self.message_user(
                request,
                ngettext("%(count)d trip is now %(status)s.", "%(count)d trips are now %(status)s.", changed)
                % {"count": changed, "status": TripStatus(to_status).label.lower()},
            )

    @admin.action(description=_("Open selected trips"))
    def open_trips(self, request, queryset):
        self._change_status(request, queryset, TripStatus.OPEN)

    @admin.action(description=_("Close selected trips"))
    def close_trips(self, request, queryset):
        self._change_status(request, queryset, TripStatus.CLOSED)

    @admin.action(description=_("Mark selected trips completed"))
    def complete_trips(self, request, queryset):
        self._change_status(request, queryset, TripStatus.COMPLETED)

    @admin.action(description=_("Cancel selected trips"))
    def cancel_trips(self, request, queryset):
        self._change_status(request, queryset, TripStatus.CANCELLED)
