"""API for organizations: public read of verified ones; members edit their own evidence;
vetting decisions by admins only, through the same service as Django admin."""

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from applications.api import PostTripReportSerializer, ReviewSerializer
from applications.selectors import organization_reports_public, organization_reviews_public
from matching.selectors import organization_indices

from .models import LocalPartner, Organization, VettingStatus
from .selectors import organization_outcomes_summary
from .services import organization_change_vetting_status, organization_profile_update

EVIDENCE_FIELDS = [
    "runs_year_round_facility",
    "year_round_facility_description",
    "has_follow_up_plan",
    "follow_up_plan_description",
    "local_staff_employed",
    "local_staff_description",
    "hands_records_to_local_providers",
    "records_handoff_description",
    "years_active_in_community",
    "years_active_description",
    "needs_assessment_with_local_leaders",
    "needs_assessment_description",
    "publishes_fee_breakdown",
    "share_of_fees_to_local_care",
    "fee_breakdown_description",
    "trains_local_staff",
    "local_training_frequency",
    "local_training_description",
    "has_local_curriculum",
    "local_curriculum_description",
    "mentors_local_clinicians",
    "mentorship_description",
    "education_audience",
    "offers_cultural_orientation",
    "cultural_orientation_description",
    "has_safety_protocol",
    "safety_protocol_description",
    "offers_self_care_support",
    "self_care_description",
    "offers_predeparture_briefing",
    "predeparture_briefing_description",
    "offers_predeparture_training",
    "predeparture_training_description",
    "provides_evacuation_insurance",
    "evacuation_insurance_description",
]


EVIDENCE_EXAMPLE = {
    "runs_year_round_facility": True,
    "year_round_facility_description": "A clinic in Jinotega open every weekday, staffed by Nicaraguan nurses.",
    "has_follow_up_plan": True,
    "follow_up_plan_description": "Local nurses see every surgical patient at one and six weeks.",
    "local_staff_employed": 14,
    "local_staff_description": "Two physicians, eight nurses, four community health workers.",
    "hands_records_to_local_providers": True,
    "records_handoff_description": "Paper and electronic records stay with the clinic.",
    "years_active_in_community": 11,
    "years_active_description": "Working with the same villages since 2016.",
    "needs_assessment_with_local_leaders": True,
    "needs_assessment_description": "Yearly with the municipal health office.",
    "publishes_fee_breakdown": True,
    "share_of_fees_to_local_care": 40,
    "fee_breakdown_description": "Lodging 35%, transport 15%, clinic running costs 40%, administration 10%.",
    "trains_local_staff": True,
    "local_training_frequency": "year_round",
    "local_training_description": "Monthly ultrasound and triage sessions.",
    "has_local_curriculum": True,
    "local_curriculum_description": "Written with the regional nursing school.",
    "mentors_local_clinicians": True,
    "mentorship_description": "Each local physician has a remote mentor.",
    "education_audience": "local_staff",
    "offers_cultural_orientation": True,
    "cultural_orientation_description": "Two online sessions before departure.",
    "has_safety_protocol": True,
    "safety_protocol_description": "Written protocol, local security contact, evacuation plan.",
    "offers_self_care_support": True,
    "self_care_description": "Daily debrief and a counsellor on call.",
    "offers_predeparture_briefing": True,
    "offers_predeparture_training": True,
    "predeparture_briefing_description": "Clinical briefing on local protocols and drugs.",
    "provides_evacuation_insurance": True,
    "evacuation_insurance_description": "Included in the fee.",
}
ORGANIZATION_EXAMPLE = {
    "slug": "hope-for-jinotega",
    "name": "Hope for Jinotega",
    "website": "https://hope-for-jinotega.example",
    "registration_country": "US",
    "description": "Surgical and primary care alongside a year-round local clinic.",
    "is_faith_based": False,
    "faith_tradition": "",
    "countries_served": ["NI"],
    "vetting_status": "verified",
    "local_partners": [
        {"id": 3, "name": "Centro de Salud Jinotega", "country": "NI", "description": "Municipal clinic."}
    ],
    "sustainability_index": 88,
    "local_education_index": 75,
    "outcomes": {
        "report_count": 4,
        "patients_seen": 1320,
        "follow_ups_handed_over": 310,
        "local_staff_trained": 22,
        "review_count": 9,
        "follow_up_percent": 89,
        "local_staff_percent": 100,
        "preparation_percent": 78,
        "would_return_percent": 89,
    },
    **EVIDENCE_EXAMPLE,
}
ORGANIZATION_WRITE_EXAMPLE = {
    key: value
    for key, value in ORGANIZATION_EXAMPLE.items()
    if key
    not in ("slug", "vetting_status", "local_partners", "sustainability_index", "local_education_index", "outcomes")
}


class LocalPartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = LocalPartner
        fields = ["id", "name", "country", "description"]


class OutcomesSerializer(serializers.Serializer):
    """The figures the organization page shows from post-trip reports and volunteers' reviews
    (percentages are null until there is a review)."""

    report_count = serializers.IntegerField()
    patients_seen = serializers.IntegerField()
    follow_ups_handed_over = serializers.IntegerField()
    local_staff_trained = serializers.IntegerField()
    review_count = serializers.IntegerField()
    follow_up_percent = serializers.IntegerField(allow_null=True)
    local_staff_percent = serializers.IntegerField(allow_null=True)
    preparation_percent = serializers.IntegerField(allow_null=True)
    would_return_percent = serializers.IntegerField(allow_null=True)


class OrganizationSerializer(serializers.ModelSerializer):
    local_partners = LocalPartnerSerializer(many=True, read_only=True)
    countries_served = serializers.ListField(child=serializers.CharField(max_length=2), required=False)
    sustainability_index = serializers.SerializerMethodField()
    local_education_index = serializers.SerializerMethodField()
    preparation_index = serializers.SerializerMethodField()
    outcomes = serializers.SerializerMethodField(
        help_text="Totals from post-trip reports and reviews; the lists are at /reports/ and /reviews/."
    )

    class Meta:
        model = Organization
        fields = [
            "slug",
            "name",
            "website",
            "registration_country",
            "description",
            "is_faith_based",
            "faith_tradition",
            "countries_served",
            "vetting_status",
            "local_partners",
            "sustainability_index",
            "local_education_index",
            "preparation_index",
            "outcomes",
            *EVIDENCE_FIELDS,
        ]
        read_only_fields = ["slug", "vetting_status"]

    def _indices(self, organization):
        cache = self.context.setdefault("_indices", {})
        if organization.pk not in cache:
            cache[organization.pk] = organization_indices(organization)
        return cache[organization.pk]

    def get_sustainability_index(self, organization) -> int:
        return self._indices(organization)[0]

    def get_local_education_index(self, organization) -> int:
        return self._indices(organization)[1]

    def get_preparation_index(self, organization) -> int:
        return self._indices(organization)[2]

    @extend_schema_field(OutcomesSerializer)
    def get_outcomes(self, organization):
        # The organization page's own summary, read from the prefetched reviews and reports.
        return OutcomesSerializer(organization_outcomes_summary(organization=organization)).data

    def validate_countries_served(self, value):
        unknown = [code for code in value if code.upper() not in dict(countries)]
        if unknown:
            raise serializers.ValidationError(_("Unknown country codes: %(codes)s") % {"codes": ", ".join(unknown)})
        return [code.upper() for code in value]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["countries_served"] = [str(c) for c in instance.countries_served]
        return data


class VettingDecisionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=VettingStatus.choices)
    reason = serializers.CharField(max_length=5000)


class IsMemberOrReadOnly(permissions.BasePermission):
    message = _("Only members of this organization can change it.")

    def has_object_permission(self, request, view, organization):
        if request.method in permissions.SAFE_METHODS:
            return True
        return request.user.has_perm("organizations.change_organization", organization)


@extend_schema_view(
    list=extend_schema(
        summary="Verified organizations",
        description="Public list of verified organizations with their evidence, sustainability and local-education "
        "indices and outcome totals. Filters: `vetting_status`, `is_faith_based`, `runs_year_round_facility`, "
        "`trains_local_staff`; `ordering=name|years_active_in_community` (prefix `-` to reverse). Paginated.",
        examples=[OpenApiExample("An organization", response_only=True, value=ORGANIZATION_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="One organization",
        description="Verified organizations are public; others are visible only to their members and admins.",
        examples=[OpenApiExample("An organization", response_only=True, value=ORGANIZATION_EXAMPLE)],
    ),
    partial_update=extend_schema(
        summary="Edit your organization's profile and evidence",
        description="Members (owner or editor) and admins only. Only the fields sent change; `vetting_status` is "
        "read-only here (admins decide it through `/vetting/`).",
        examples=[
            OpenApiExample(
                "Declare a follow-up plan",
                request_only=True,
                value={
                    "has_follow_up_plan": True,
                    "follow_up_plan_description": "Local nurses see every patient at one and six weeks.",
                },
            ),
            OpenApiExample("Saved", response_only=True, value=ORGANIZATION_EXAMPLE),
        ],
    ),
    update=extend_schema(
        summary="Replace your organization's profile and evidence",
        description="Members (owner or editor) and admins only; every field is sent. `vetting_status` is read-only "
        "here (admins decide it through `/vetting/`).",
        examples=[
            OpenApiExample("Whole profile", request_only=True, value=ORGANIZATION_WRITE_EXAMPLE),
            OpenApiExample("Saved", response_only=True, value=ORGANIZATION_EXAMPLE),
        ],
    ),
)
class OrganizationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    serializer_class = OrganizationSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, IsMemberOrReadOnly]
    lookup_field = "slug"
    filterset_fields = {
        "vetting_status": ["exact"],
        "is_faith_based": ["exact"],
        "runs_year_round_facility": ["exact"],
        "trains_local_staff": ["exact"],
    }
    ordering_fields = ["name", "years_active_in_community"]
    ordering = ["name"]

    def perform_update(self, serializer):
        organization_profile_update(organization=serializer.instance, values=serializer.validated_data)

    def get_queryset(self):
        # Reports and reviews read no evidence: the organization row alone decides who may see them.
        queryset = (
            Organization.objects.all()
            if self.action in ("reports", "reviews")
            else Organization.objects.with_evidence()
        )
        if self.action == "list":
            return queryset.verified()
        return queryset.visible_to(self.request.user)

    @extend_schema(
        summary="Record a vetting decision (admins)",
        description="Admins only, with the same transitions and history as Django admin: approve, request "
        "information, reject or suspend, always with a reason.",
        request=VettingDecisionSerializer,
        responses={200: OrganizationSerializer},
        examples=[
            OpenApiExample(
                "Approve",
                request_only=True,
                value={"to_status": "verified", "reason": "References checked with the host clinic."},
            ),
            OpenApiExample("Verified", response_only=True, value=ORGANIZATION_EXAMPLE),
        ],
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAdminUser])
    def vetting(self, request, slug=None):
        organization = self.get_object()
        payload = VettingDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        organization_change_vetting_status(organization=organization, decided_by=request.user, **payload.validated_data)
        return Response(self.get_serializer(organization).data)

    @extend_schema(
        summary="An organization's post-trip reports",
        description="Reports the organization filed after its completed trips, newest first — the figures and "
        "accounts its page shows. Public for verified organizations; members and admins also see their own "
        "unverified one's. Paginated.",
        responses={200: PostTripReportSerializer(many=True)},
        filters=False,
        examples=[
            OpenApiExample(
                "A report",
                response_only=True,
                value={
                    "trip": 12,
                    "trip_title": "Surgical week",
                    "patients_seen": 340,
                    "follow_ups_handed_to_local_staff": 85,
                    "local_staff_trained": 6,
                    "what_changed": "The clinic now runs its own hernia list monthly.",
                    "created_at": "2027-03-20T10:00:00Z",
                },
            )
        ],
    )
    @action(detail=True, methods=["get"], permission_classes=[permissions.AllowAny])
    def reports(self, request, slug=None):
        return self._paginated(organization_reports_public(organization=self.get_object()), PostTripReportSerializer)

    @extend_schema(
        summary="Volunteers' reviews of an organization",
        description="Structured reviews by volunteers accepted on its completed trips, newest first, as its page "
        "shows them; who wrote a review is never included. Public for verified organizations; members and admins "
        "also see their own unverified one's. Paginated.",
        responses={200: ReviewSerializer(many=True)},
        filters=False,
        examples=[
            OpenApiExample(
                "A review",
                response_only=True,
                value={
                    "follow_up_happened": True,
                    "local_staff_involved": True,
                    "preparation_adequate": True,
                    "would_return": True,
                    "text": "Local nurses led every clinic; we assisted.",
                    "created_at": "2027-03-25T18:30:00Z",
                },
            )
        ],
    )
    @action(detail=True, methods=["get"], permission_classes=[permissions.AllowAny])
    def reviews(self, request, slug=None):
        return self._paginated(organization_reviews_public(organization=self.get_object()), ReviewSerializer)

    def _paginated(self, queryset, serializer_class):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True).data)
