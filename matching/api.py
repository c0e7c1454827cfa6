"""API edges of matching: the signed-in physician's matches and a trip's suggested volunteers."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers

from physicians.models import PhysicianProfile
from trips.models import Trip

from .engine.explanations import CODES
from .explanation_text import factor_label, note_data
from .physician_reads import physician_for_matching
from .selectors import matches_for_physician
from .suggestion_reads import suggested_volunteers_for_trip, suggestion_source


class FactorSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.SerializerMethodField(help_text="The factor's name in the reader's language.")
    weight = serializers.FloatField()
    score = serializers.FloatField(help_text="0..1: how well this factor is met.")
    contribution = serializers.FloatField(help_text="Points added to the total (weight × score).")

    @extend_schema_field(OpenApiTypes.STR)
    def get_label(self, factor):
        return factor_label(factor.key)


# A reason or watch-out: its code and raw parameters, for clients that write their own
# sentences, and the sentence in the reader's language.
NOTE_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "enum": sorted(CODES), "description": "Stable; docs/api.md says what each means."},
        "params": {
            "type": "object",
            "additionalProperties": True,
            "description": "Raw values the sentence is written from: numbers, ISO language codes, "
            "vocabulary keys, a place or partner name.",
        },
        "text": {"type": "string", "description": "The sentence in the reader's language."},
    },
    "required": ["code", "params", "text"],
}


class MatchExplanationSerializer(serializers.Serializer):
    total = serializers.FloatField(help_text="0..100.")
    factors = FactorSerializer(many=True)
    reasons = serializers.SerializerMethodField()
    watch_outs = serializers.SerializerMethodField()
    sustainability_index = serializers.IntegerField()
    local_education_index = serializers.IntegerField()

    @extend_schema_field({"type": "array", "items": NOTE_SCHEMA})
    def get_reasons(self, match):
        return [note_data(note) for note in match.reasons]

    @extend_schema_field({"type": "array", "items": NOTE_SCHEMA})
    def get_watch_outs(self, match):
        return [note_data(note) for note in match.watch_outs]


class MatchedTripSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="trip.pk")
    title = serializers.CharField(source="trip.title")
    organization = serializers.CharField(source="trip.organization.name")
    organization_slug = serializers.CharField(source="trip.organization.slug")
    country = serializers.CharField(source="trip.country.code")
    place = serializers.CharField(source="trip.place")
    start_date = serializers.DateField(source="trip.start_date")
    end_date = serializers.DateField(source="trip.end_date")
    cost_usd = serializers.IntegerField(source="trip.cost_usd")
    match = MatchExplanationSerializer()


class SuggestedVolunteerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="physician.pk")
    display_name = serializers.CharField(source="physician.display_name")
    primary_specialty = serializers.CharField(source="physician.primary_specialty.name", allow_null=True)
    training_level = serializers.CharField(source="physician.training_level")
    years_in_practice = serializers.IntegerField(source="physician.years_in_practice")
    match = MatchExplanationSerializer()


class IsPhysician(permissions.BasePermission):
    message = _("Only physicians with a profile have matches.")

    def has_permission(self, request, view):
        return request.user.is_authenticated and PhysicianProfile.objects.filter(user=request.user).exists()


EXAMPLE_MATCH = {
    "total": 82.5,
    "factors": [{"key": "motivation_fit", "label": "Motivation fit", "weight": 35, "score": 0.9, "contribution": 31.5}],
    "reasons": [
        {
            "code": "year_round_clinic",
            "params": {"place": "Jinotega"},
            "text": "Runs a year-round clinic in Jinotega — your patients are followed up",
        },
        {
            "code": "within_budget",
            "params": {"cost": 1200, "budget": 2000},
            "text": "Within your budget ($1,200 of $2,000)",
        },
    ],
    "watch_outs": [
        {
            "code": "basic_language",
            "params": {"language": "es"},
            "text": "Your Spanish is basic: plan to work with an interpreter",
        }
    ],
    "sustainability_index": 88,
    "local_education_index": 75,
}


@extend_schema(
    summary="My matches",
    description="Open trips ranked for the signed-in physician, best first, each with its score explained. "
    "Trips that fail a hard constraint (organization not verified, trip not open, deadline passed, no place "
    "for your specialties, no date overlap, outside your scope of practice) are not listed.",
    examples=[
        OpenApiExample(
            "A match",
            response_only=True,
            value={
                "id": 12,
                "title": "Surgical week",
                "organization": "Hope for Jinotega",
                "organization_slug": "hope-for-jinotega",
                "country": "NI",
                "place": "Jinotega",
                "start_date": "2027-03-01",
                "end_date": "2027-03-14",
                "cost_usd": 1200,
                "match": EXAMPLE_MATCH,
            },
        )
    ],
)
class MatchListView(generics.ListAPIView):
    serializer_class = MatchedTripSerializer
    permission_classes = [IsPhysician]
    filter_backends = []

    def get_queryset(self):
        _physician, profile, generation = physician_for_matching(user=self.request.user)
        return matches_for_physician(profile=profile, generation=generation)


@extend_schema(
    summary="Suggested volunteers for a trip",
    description="Available physicians ranked by fit for one of your organization's trips. Members of the "
    "trip's organization and admins only. Licence details are never included.",
    examples=[
        OpenApiExample(
            "A suggestion",
            response_only=True,
            value={
                "id": 7,
                "display_name": "Dr. Ana López",
                "primary_specialty": "Pediatrics",
                "training_level": "attending",
                "years_in_practice": 12,
                "match": EXAMPLE_MATCH,
            },
        )
    ],
)
class SuggestedVolunteersView(generics.ListAPIView):
    serializer_class = SuggestedVolunteerSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        try:
            source = suggestion_source(pk=self.kwargs["pk"])
        except Trip.DoesNotExist:
            raise Http404 from None
        if not self.request.user.has_perm("trips.change_trip", source.trip):
            raise Http404
        return suggested_volunteers_for_trip(source=source)
