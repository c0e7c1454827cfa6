from django.contrib import admin

from .models import OutboundEmail, SavedSearch, SavedTrip


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "created_at", "sent_at", "attempts"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["to", "subject"]
    readonly_fields = ["to", "subject", "body", "created_at", "sent_at", "attempts", "last_error"]


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "query", "is_active", "created_at", "last_notified_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "user__email", "query"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "last_notified_at"]


@admin.register(SavedTrip)
class SavedTripAdmin(admin.ModelAdmin):
    list_display = ["trip", "user", "created_at", "deadline_reminder_sent_at"]
    search_fields = ["trip__title", "user__email"]
    raw_id_fields = ["user", "trip"]
    readonly_fields = ["created_at", "deadline_reminder_sent_at"]
