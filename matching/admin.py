from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import MatchAssignment, MatchPreference, MatchRound, TripApplicantRanking
from .services import match_round_finalise, match_round_run


@admin.register(MatchRound)
class MatchRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "preference_deadline", "run_at", "finalised_at", "summary"]
    list_filter = ["status"]
    readonly_fields = ["status", "run_at", "run_by", "summary", "finalised_at", "finalised_by", "created_at"]
    actions = ["run_round", "finalise_round"]

    @admin.action(description=_("Run (or re-run) the selected rounds"), permissions=["change"])
    def run_round(self, request, queryset):
        for match_round in queryset:
            try:
                match_round_run(match_round=match_round, run_by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                continue
            summary = match_round.summary
            self.message_user(
                request,
                _("%(round)s: %(matched)s of %(physicians)s physicians matched.")
                % {"round": match_round, "matched": summary["matched"], "physicians": summary["physicians"]},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Finalise the selected rounds: accept every matched physician and fill the places"),
        permissions=["change"],
    )
    def finalise_round(self, request, queryset):
        for match_round in queryset:
            try:
                filled = match_round_finalise(match_round=match_round, finalised_by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                continue
            self.message_user(
                request,
                _("%(round)s is finalised: %(filled)s places filled by accepted applications.")
                % {"round": match_round, "filled": filled},
                messages.SUCCESS,
            )


@admin.register(MatchPreference)
class MatchPreferenceAdmin(admin.ModelAdmin):
    list_display = ["match_round", "physician", "rank", "trip"]
    list_filter = ["match_round"]
    list_select_related = ["match_round", "physician", "trip"]
    raw_id_fields = ["physician", "trip"]


@admin.register(TripApplicantRanking)
class TripApplicantRankingAdmin(admin.ModelAdmin):
    list_display = ["match_round", "trip", "rank", "physician"]
    list_filter = ["match_round"]
    list_select_related = ["match_round", "physician", "trip"]
    raw_id_fields = ["physician", "trip"]


@admin.register(MatchAssignment)
class MatchAssignmentAdmin(admin.ModelAdmin):
    list_display = ["match_round", "physician", "trip", "specialty", "preference_rank"]
    list_filter = ["match_round", "specialty"]
    list_select_related = ["match_round", "physician", "trip", "specialty"]
    search_fields = ["physician__display_name", "trip__title"]
