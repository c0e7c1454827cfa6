from django.contrib import admin

from .models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "created_at", "sent_at", "attempts"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["to", "subject"]
    readonly_fields = ["to", "subject", "body", "created_at", "sent_at", "attempts", "last_error"]
