from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import MatchAssignment, MatchPreference, MatchRound, TripApplicantRanking
from .round_summary import round_summary_in_words
from .services import match_round_finalise, match_round_run


def round_summary_html(match_round):
    """The round's summary in words (the include is shared by every admin page that shows a round)."""
    return render_to_string(
        "admin/matching/includes/round_summary.html", {"summary_lines": round_summary_in_words(match_round.summary)}
    )


def rounds_before_deadline(rounds, today=None):
    """The rounds whose preferences are still open today."""
    today = today or timezone.localdate()
    return [r for r in rounds if r.preference_deadline is not None and r.preference_deadline >= today]


def run_round_confirmation(modeladmin, request, queryset):
    """The page that asks an admin to confirm running rounds before their preference deadline,
    or None when no round needs it (or the admin has confirmed)."""
    if request.POST.get("confirm_before_deadline"):
        return None
    rounds = list(queryset.annotate(ranking_physicians=Count("preferences__physician", distinct=True)))
    early = rounds_before_deadline(rounds)
    if not early:
        return None
    return TemplateResponse(
        request,
        "admin/matching/run_round_confirm.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Run before the preference deadline?"),
            "rounds": rounds,
            "early_rounds": early,
            "other_rounds": [r for r in rounds if r not in early],
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.register(MatchRound)
class MatchRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "preference_deadline", "run_at", "finalised_at", "summary_in_words"]
    list_filter = ["status"]
    readonly_fields = ["status", "run_at", "run_by", "summary_in_words", "finalised_at", "finalised_by", "created_at"]
    exclude = ["summary"]
    actions = ["run_round", "finalise_round"]

    @admin.display(description=_("summary"))
    def summary_in_words(self, match_round):
        return round_summary_html(match_round)

    @admin.action(description=_("Run (or re-run) the selected rounds"), permissions=["change"])
    def run_round(self, request, queryset):
        confirmation = run_round_confirmation(self, request, queryset)
        if confirmation is not None:
            return confirmation
        for match_round in queryset:
            try:
                match_round_run(match_round=match_round, run_by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                continue
            self.message_user(
                request,
                f"{match_round}: " + " ".join(round_summary_in_words(match_round.summary)),
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
