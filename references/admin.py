from django.contrib import admin

from .models import Referee, ReferenceRequest


@admin.register(Referee)
class RefereeAdmin(admin.ModelAdmin):
    list_display = ["physician", "position", "name", "relationship"]
    raw_id_fields = ["physician"]


@admin.register(ReferenceRequest)
class ReferenceRequestAdmin(admin.ModelAdmin):
    list_display = ["referee", "application", "created_at", "expires_at", "answered_at", "recommendation"]
    list_select_related = ["referee", "application__trip"]
    readonly_fields = ["token_hash", "created_at", "answered_at"]
    raw_id_fields = ["referee", "application", "requested_by"]
