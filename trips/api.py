"""API for trips: public read of open trips of verified organizations (the same FilterSet
as the search page); members of the organization create and edit trips (through the same
service as their trip page) and change a trip's status."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

import vocabulary.choices
from organizations.models import Organization, VettingStatus
from physicians.models import Specialty

from .filters import TripFilter
from .forms import TripForm
from .models import Trip, TripSpecialtyNeed, TripStatus
from .selectors import trip_list_public, trip_search
from .services import trip_change_status, trip_save


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
            "id",
            "title",
            "organization",
            "organization_name",
            "description",
            "country",
            "place",
            "start_date",
            "end_date",
            "application_deadline",
            "cost_usd",
            "cost_covers",
            "status",
            "continuity_plan",
            "supervision_provided",
            "accepted_training_levels",
            "host_registration_requirements",
            "specialty_needs",
            "languages",
        ]
        read_only_fields = fields

    def get_languages(self, trip) -> list[str]:
        return [language.language for language in trip.languages.all()]


class SpecialtyNeedWriteSerializer(serializers.Serializer):
    specialty = serializers.SlugRelatedField(slug_field="slug", queryset=Specialty.objects.all())
    places = serializers.IntegerField(max_value=32767, help_text="Places for this specialty (at least one).")


class TripWriteSerializer(serializers.ModelSerializer):
    """The shape of a trip sent by its organization; trips.services.trip_save checks the rules
    (dates in order, places) so the page and the API refuse the same things."""

    specialty_needs = SpecialtyNeedWriteSerializer(
        many=True,
        required=False,
        help_text="The whole list of places per specialty; replaces the current one when sent.",
    )
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=vocabulary.choices.LANGUAGE_CHOICES),
        required=False,
        help_text="The whole list of languages needed; replaces the current one when sent.",
    )
    accepted_training_levels = serializers.ListField(
        child=serializers.ChoiceField(choices=vocabulary.choices.TRAINING_LEVEL_CHOICES),
        required=False,
        help_text="Empty means every level.",
    )

    class Meta:
        model = Trip
        fields = [*TripForm.Meta.fields, "specialty_needs", "languages"]


class TripCreateSerializer(TripWriteSerializer):
    organization = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organization.objects.all(), help_text="Slug of your organization."
    )

    class Meta(TripWriteSerializer.Meta):
        fields = ["organization", *TripWriteSerializer.Meta.fields]


TRIP_WRITE_EXAMPLE = {
    "title": "Pediatric week in Jinotega",
    "description": "Outpatient pediatrics alongside the clinic's own staff.",
    "country": "NI",
    "place": "Jinotega",
    "start_date": "2027-03-01",
    "end_date": "2027-03-14",
    "application_deadline": "2027-01-15",
    "cost_usd": 1200,
    "cost_covers": "Lodging, meals, ground transport.",
    "continuity_plan": "The clinic's nurses follow every patient at one and six weeks.",
    "supervision_provided": True,
    "accepted_training_levels": ["resident", "attending"],
    "host_registration_requirements": "Temporary licence from MINSA, filed by us.",
    "specialty_needs": [{"specialty": "pediatrics", "places": 2}, {"specialty": "family-medicine", "places": 1}],
    "languages": ["es"],
}
TRIP_EXAMPLE = {
    "id": 12,
    "organization": "hope-for-jinotega",
    "organization_name": "Hope for Jinotega",
    **{k: v for k, v in TRIP_WRITE_EXAMPLE.items() if k not in ("specialty_needs", "languages")},
    "status": "draft",
    "specialty_needs": [
        {"specialty": "pediatrics", "specialty_name": "Pediatrics", "places": 2, "places_filled": 0, "places_left": 2}
    ],
    "languages": ["es"],
}


class TripStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=TripStatus.choices)


class IsTripMember(permissions.BasePermission):
    message = _("Only members of the trip's organization can do this.")

    def has_object_permission(self, request, view, trip):
        return request.user.has_perm("trips.change_trip", trip)


@extend_schema_view(
    list=extend_schema(
        summary="Search open trips",
        description="Open trips of verified organizations. Filters are those of the search page: `specialty` (id), "
        "`country`, `region`, `starts_after`, `ends_before`, `language`, `max_cost`, `year_round_facility`, "
        "`follow_up_plan`, `trains_local_staff`; `sort=soonest|cost|-soonest|-cost`. "
        "Paginated (`page`, `page_size` ≤ 100).",
        examples=[OpenApiExample("An open trip", response_only=True, value={**TRIP_EXAMPLE, "status": "open"})],
    ),
    retrieve=extend_schema(
        summary="One trip",
        description="Public trips are visible to all; others only to the organization's members, applicants "
        "and admins.",
        examples=[OpenApiExample("An open trip", response_only=True, value={**TRIP_EXAMPLE, "status": "open"})],
    ),
    create=extend_schema(
        summary="Create a trip (organization members)",
        description="Members of the organization named in `organization`. The trip starts as a draft; open it with "
        "`POST /trips/{id}/status/`. Dates must be in order (deadline ≤ start ≤ end), each specialty listed once with "
        "at least one place, the cost zero or more.",
        request=TripCreateSerializer,
        responses={201: TripSerializer},
        examples=[
            OpenApiExample(
                "A new trip", request_only=True, value={"organization": "hope-for-jinotega", **TRIP_WRITE_EXAMPLE}
            ),
            OpenApiExample("Created as a draft", response_only=True, status_codes=["201"], value=TRIP_EXAMPLE),
        ],
    ),
    update=extend_schema(
        summary="Replace a trip's details (organization members)",
        description="Every field of the trip; `specialty_needs` and `languages` replace the current lists when sent. "
        "Places cannot go below the volunteers already accepted. The status is unchanged.",
        request=TripWriteSerializer,
        responses={200: TripSerializer},
        examples=[
            OpenApiExample("Replace", request_only=True, value=TRIP_WRITE_EXAMPLE),
            OpenApiExample("Saved", response_only=True, value=TRIP_EXAMPLE),
        ],
    ),
    partial_update=extend_schema(
        summary="Edit some of a trip's details (organization members)",
        description="Only the fields sent change; `specialty_needs` and `languages` replace the current lists when "
        "sent. Places cannot go below the volunteers already accepted. The status is unchanged.",
        request=TripWriteSerializer,
        responses={200: TripSerializer},
        examples=[
            OpenApiExample(
                "More places", request_only=True, value={"specialty_needs": [{"specialty": "pediatrics", "places": 3}]}
            ),
            OpenApiExample("Saved", response_only=True, value=TRIP_EXAMPLE),
        ],
    ),
)
class TripViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = TripSerializer
    filterset_class = TripFilter
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    ordering_fields = []  # TripFilter's `sort` does the ordering

    def get_permissions(self):
        if self.action in ("update", "partial_update"):
            return [permissions.IsAuthenticated(), IsTripMember()]
        return super().get_permissions()

    def create(self, request, *args, **kwargs):
        user = request.user
        if not user.has_perm("trips.add_trip"):
            raise PermissionDenied(_("Only members of an organization can create trips."))
        payload = TripCreateSerializer(data=request.data)
        # An unverified organization's slug, for anyone but its members, is answered as an unknown one.
        if not user.is_staff:
            payload.fields["organization"].queryset = Organization.objects.filter(
                Q(vetting_status=VettingStatus.VERIFIED) | Q(pk__in=Organization.objects.for_member(user).values("pk"))
            )
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        organization = values.pop("organization")
        if not user.has_perm("trips.add_trip", organization):
            raise PermissionDenied(_("Only members of this organization can create its trips."))
        trip = self._save(organization=organization, values=values)
        return Response(
            self.get_serializer(Trip.objects.with_related().get(pk=trip.pk)).data, status=status.HTTP_201_CREATED
        )

    def update(self, request, *args, partial=False, **kwargs):
        trip = self.get_object()
        payload = TripWriteSerializer(trip, data=request.data, partial=partial)
        payload.is_valid(raise_exception=True)
        self._save(organization=trip.organization, values=dict(payload.validated_data), trip=trip)
        return Response(self.get_serializer(Trip.objects.with_related().get(pk=trip.pk)).data)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @staticmethod
    def _save(*, organization, values, trip=None):
        needs = values.pop("specialty_needs", None)
        languages = values.pop("languages", None)
        return trip_save(
            organization=organization,
            trip=trip,
            values=values,
            needs=[(row["specialty"], row["places"]) for row in needs] if needs is not None else None,
            languages=languages,
        )

    def get_queryset(self):
        if self.action == "list":
            return trip_list_public()
        return Trip.objects.with_related().visible_to(self.request.user)

    def filter_queryset(self, queryset):
        """The list is chosen, counted and ordered in the trip-feature store, as the search
        page's (the same `TripFilter` validates the filters); other actions filter in SQL."""
        if self.action != "list":
            return super().filter_queryset(queryset)
        filterset = TripFilter(self.request.query_params, queryset=queryset, request=self.request)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return trip_search(filterset.form.cleaned_data, user=self.request.user)

    @extend_schema(
        summary="Open, close, complete or cancel a trip",
        description="Members of the trip's organization and admins. Allowed moves: draft → open or cancelled; "
        "open → closed or cancelled; closed → open, completed or cancelled. An organization that is not verified "
        "cannot open a trip, nor can a trip without places or past its deadline.",
        request=TripStatusSerializer,
        responses={200: TripSerializer},
        examples=[
            OpenApiExample("Open", request_only=True, value={"status": "open"}),
            OpenApiExample("Opened", response_only=True, value={**TRIP_EXAMPLE, "status": "open"}),
        ],
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated, IsTripMember])
    def status(self, request, pk=None):
        trip = self.get_object()
        payload = TripStatusSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        trip_change_status(trip=trip, to_status=payload.validated_data["status"], changed_by=request.user)
        return Response(self.get_serializer(Trip.objects.with_related().get(pk=trip.pk)).data)
