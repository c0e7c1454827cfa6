"""API for match rounds: physicians' ranked preferences and everyone's results."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from physicians.models import PhysicianProfile

from .models import MatchAssignment, MatchPreference, MatchRound
from .services import match_preferences_set


class MatchRoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchRound
        fields = ["id", "name", "status", "preference_deadline", "run_at", "finalised_at", "summary"]


class PreferencesSerializer(serializers.Serializer):
    trip_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=10)


class AssignmentSerializer(serializers.ModelSerializer):
    physician = serializers.CharField(source="physician.display_name")
    trip_title = serializers.CharField(source="trip.title")
    specialty = serializers.CharField(source="specialty.slug")

    class Meta:
        model = MatchAssignment
        fields = ["trip", "trip_title", "specialty", "physician", "preference_rank"]


ROUND_EXAMPLE = {
    "id": 3,
    "name": "Spring 2027",
    "status": "open",
    "preference_deadline": "2027-01-31",
    "run_at": None,
    "summary": {},
}


@extend_schema_view(
    list=extend_schema(
        summary="Match rounds",
        description="Every round, newest first, for signed-in users: its status, the deadline for preferences and, "
        "once run, a summary. Paginated.",
        examples=[OpenApiExample("A round", response_only=True, value=ROUND_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="One match round",
        description="A round's status, deadline for preferences and, once run, its summary. Signed-in users.",
        examples=[OpenApiExample("A round", response_only=True, value=ROUND_EXAMPLE)],
    ),
)
class MatchRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = MatchRound.objects.order_by("-created_at", "-id")
    serializer_class = MatchRoundSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    @extend_schema(
        summary="My ranked trips in this round (physicians)",
        description="Physicians only (403 for others). GET reads your ranking; PUT replaces it with up to ten "
        "open trips, best first, each once, while the round is open.",
        request=PreferencesSerializer,
        responses={200: PreferencesSerializer},
        examples=[
            OpenApiExample("Rank three trips", request_only=True, value={"trip_ids": [12, 7, 31]}),
            OpenApiExample("Your ranking", response_only=True, value={"trip_ids": [12, 7, 31]}),
        ],
    )
    @action(detail=True, methods=["get", "put"])
    def preferences(self, request, pk=None):
        match_round = self.get_object()
        physician = PhysicianProfile.objects.filter(user=request.user).first()
        if physician is None:
            return Response({"detail": _("Only physicians rank trips.")}, status=status.HTTP_403_FORBIDDEN)
        if request.method == "PUT":
            payload = PreferencesSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            match_preferences_set(
                match_round=match_round, physician=physician, trip_ids=payload.validated_data["trip_ids"]
            )
        trip_ids = list(
            MatchPreference.objects.filter(match_round=match_round, physician=physician)
            .order_by("rank")
            .values_list("trip_id", flat=True)
        )
        return Response({"trip_ids": trip_ids})

    @extend_schema(
        summary="Results you may see",
        description="After the round has run: your own place (physicians), your trips' volunteers (organization "
        "members), everything (admins). Empty before the round runs.",
        responses={200: AssignmentSerializer(many=True)},
        examples=[
            OpenApiExample(
                "Your place",
                response_only=True,
                value={
                    "trip": 12,
                    "trip_title": "Surgical week",
                    "specialty": "pediatrics",
                    "physician": "Dr. Ana López",
                    "preference_rank": 1,
                },
            )
        ],
    )
    @action(detail=True, methods=["get"], pagination_class=None)  # answered whole, as the page shows it
    def results(self, request, pk=None):
        match_round = self.get_object()
        assignments = (
            MatchAssignment.objects.visible_to(request.user)
            .filter(match_round=match_round)
            .select_related("physician", "trip", "specialty")
        )
        return Response(AssignmentSerializer(assignments.order_by("trip_id", "physician_id"), many=True).data)
