from django.contrib import admin

from .models import Clearance, VolunteerReadiness


@admin.register(Clearance)
class ClearanceAdmin(admin.ModelAdmin):
    list_display = ["application", "registration_status", "registration_reference", "signed_off_at", "flagged_at"]
    list_filter = ["registration_status"]
    list_select_related = ["application__physician", "application__trip"]
    raw_id_fields = ["application", "registration_recorded_by", "signed_off_by"]


@admin.register(VolunteerReadiness)
class VolunteerReadinessAdmin(admin.ModelAdmin):
    list_display = ["physician", "emergency_contact_name", "fitness_declared_on"]
    raw_id_fields = ["physician"]
