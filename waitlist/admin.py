from django.contrib import admin

from .models import WaitlistOffer, WaitlistSettings


@admin.register(WaitlistOffer)
class WaitlistOfferAdmin(admin.ModelAdmin):
    list_display = ["application", "status", "offered_at", "expires_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["application__physician", "application__trip"]
    # Offers move only through the waitlist services (places, row locks, emails).
    readonly_fields = ["application", "trip", "specialty", "status", "offered_at", "expires_at", "decided_at"]

    def has_add_permission(self, request):
        return False


@admin.register(WaitlistSettings)
class WaitlistSettingsAdmin(admin.ModelAdmin):
    list_display = ["trip", "automatic_offers", "offer_hours"]
    raw_id_fields = ["trip"]
