from django.contrib import admin

from .models import Application, ApplicationDecision


class ApplicationDecisionInline(admin.TabularInline):
    model = ApplicationDecision
    extra = 0
    can_delete = False
    fields = ["decided_at", "decided_by", "from_status", "to_status", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["physician", "trip", "specialty", "status", "created_at"]
    list_filter = ["status", "specialty"]
    search_fields = ["physician__display_name", "trip__title", "trip__organization__name"]
    list_select_related = ["physician", "trip", "specialty"]
    raw_id_fields = ["physician", "trip"]
    # Status moves through the application services (places, emails, history).
    readonly_fields = ["status", "created_at", "updated_at"]
    inlines = [ApplicationDecisionInline]
