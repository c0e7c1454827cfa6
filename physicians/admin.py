from django.contrib import admin

from matching.admin_mixins import VolunteerInputAdminMixin

from .models import AvailabilityWindow, MotivationWeight, PhysicianLanguage, PhysicianProfile, Specialty


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PhysicianLanguageInline(admin.TabularInline):
    model = PhysicianLanguage
    extra = 0


class AvailabilityWindowInline(admin.TabularInline):
    model = AvailabilityWindow
    extra = 0


class MotivationWeightInline(admin.TabularInline):
    model = MotivationWeight
    extra = 0


@admin.register(PhysicianProfile)
class PhysicianProfileAdmin(VolunteerInputAdminMixin, admin.ModelAdmin):
    list_display = [
        "display_name",
        "user",
        "primary_specialty",
        "training_level",
        "licence_status",
        "years_in_practice",
        "prior_mission_trips",
        "max_budget_usd",
        "created_at",
    ]
    list_filter = ["primary_specialty", "training_level", "licence_status", "board_certified"]
    search_fields = ["display_name", "user__email", "licence_number"]
    list_select_related = ["user", "primary_specialty"]
    autocomplete_fields = ["user", "primary_specialty"]
    filter_horizontal = ["other_specialties"]
    inlines = [PhysicianLanguageInline, AvailabilityWindowInline, MotivationWeightInline]
