"""API for trips: public read of open trips of verified organizations (the same FilterSet
as the search page); members of the organization change a trip's status."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from organizations.models import VettingStatus

from .filters import TripFilter
from .models import Trip, TripLanguage, TripSpecialtyNeed, TripStatus
from .selectors import trip_list_public
from .services import trip_change_status


class SpecialtyNeedSerializer(serializers.ModelSerializer):
    specialty = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    specialty_name = serializers.CharField(source="specialty.name", read_only=True)
    places_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = TripSpecialtyNeed
        fields = ["specialty", "specialty_name", "places", "places_filled", "places_left"]


class TripSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    specialty_needs = SpecialtyNeedSerializer(many=True, read_only=True)
    languages = serializers.SerializerMethodField()
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = Trip
        fields = [
            "id", "title", "organization", "organization_name", "description", "country", "place", "start_date",
            "end_date", "application_deadline", "cost_usd", "cost_covers", "status", "continuity_plan",
            "supervision_provided", "accepted_training_levels", "host_registration_requirements",
            "specialty_needs", "languages",
        ]
        read_only_fields = fields

    def get_languages(self, trip) -> list[str]:
        return [language.language for language in trip.languages.all()]


class TripStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=TripStatus.choices)


class IsTripMember(permissions.BasePermission):
    message = "Only members of the trip's organization can do this."

    def has_object_permission(self, request, view, trip):
        return request.user.is_staff or trip.organization.memberships.filter(user=request.user).exists()


@extend_schema_view(
    list=extend_schema(
        summary="Search open trips",
        description="Open trips of verified organizations. Filters are those of the search page: `specialty` (id), "
        "`country`, `region`, `starts_after`, `ends_before`, `language`, `max_cost`, `year_round_facility`, "
        "`follow_up_plan`, `trains_local_staff`; `sort=soonest|cost|-soonest|-cost`. Paginated (`page`, `page_size` ≤ 100).",
    ),
    retrieve=extend_schema(
        summary="One trip",
        description="Public trips are visible to all; others only to the organization's members and admins.",
    ),
)
class TripViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = TripSerializer
    filterset_class = TripFilter
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    ordering_fields = []  # TripFilter's `sort` does the ordering

    def get_queryset(self):
        if self.action == "list":
            return trip_list_public()
        queryset = Trip.objects.with_related()
        user = self.request.user
        public = Q(status=TripStatus.OPEN, organization__vetting_status=VettingStatus.VERIFIED)
        if user.is_authenticated and user.is_staff:
            return queryset
        if user.is_authenticated:
            return queryset.filter(
                public | Q(organization__memberships__user=user) | Q(applications__physician__user=user)
            ).distinct()
        return queryset.filter(public)

    @extend_schema(
        summary="Open, close, complete or cancel a trip",
        description="Members of the trip's organization. An organization that is not verified cannot open a trip.",
        request=TripStatusSerializer,
        responses={200: TripSerializer},
        examples=[OpenApiExample("Open", request_only=True, value={"status": "open"})],
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated, IsTripMember])
    def status(self, request, pk=None):
        trip = self.get_object()
        payload = TripStatusSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            trip_change_status(trip=trip, to_status=payload.validated_data["status"], changed_by=request.user)
        except DjangoValidationError as error:
            return Response({"status": error.messages}, status=status.HTTP_400_BAD_REQUEST)
        return Response(self.get_serializer(Trip.objects.with_related().get(pk=trip.pk)).data)
