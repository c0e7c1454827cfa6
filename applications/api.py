"""API for applications: physicians apply, list and withdraw their own; organization
members list their trips' applicants and decide — through the same services as the pages."""

import rules
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from physicians.models import PhysicianProfile, Specialty
from trips.models import Trip

from .models import Application, ApplicationStatus, ChecklistItem, PostTripReport, Review
from .services import (
    application_create,
    application_decide,
    application_withdraw,
    checklist_item_set_done,
    post_trip_report_create,
    review_create,
)

MAX_ID = 2**63 - 1  # the largest id the database stores
NOT_TAKING_APPLICATIONS = _("This trip is not taking applications.")


class ApplicantSerializer(serializers.ModelSerializer):
    """What an organization sees of an applicant: never the licence."""

    primary_specialty = serializers.CharField(source="primary_specialty.name", default=None)

    class Meta:
        model = PhysicianProfile
        fields = [
            "id",
            "display_name",
            "primary_specialty",
            "training_level",
            "years_in_practice",
            "prior_mission_trips",
        ]


class ApplicationSerializer(serializers.ModelSerializer):
    # A trip that does not exist and one that exists but is not public (a draft, an unverified
    # organization's) get the same answer, so the API cannot be used to find hidden trips.
    trip = serializers.PrimaryKeyRelatedField(
        queryset=Trip.objects.all(), error_messages={"does_not_exist": NOT_TAKING_APPLICATIONS}
    )
    specialty = serializers.SlugRelatedField(slug_field="slug", queryset=Specialty.objects.all())
    trip_title = serializers.CharField(source="trip.title", read_only=True)
    physician = ApplicantSerializer(read_only=True)

    def validate_trip(self, trip):
        if not Trip.objects.accepting_applications(timezone.localdate()).filter(pk=trip.pk).exists():
            raise serializers.ValidationError(NOT_TAKING_APPLICATIONS)
        return trip

    class Meta:
        model = Application
        fields = ["id", "trip", "trip_title", "specialty", "note", "status", "physician", "created_at", "updated_at"]
        read_only_fields = ["status", "created_at", "updated_at"]
        extra_kwargs = {"note": {"max_length": 4000}}


class ApplicationListParamsSerializer(serializers.Serializer):
    trip = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED, ApplicationStatus.WAITLISTED]
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "position", "title", "detail", "done", "done_at"]
        read_only_fields = ["id", "position", "title", "detail", "done_at"]


class ReviewSerializer(serializers.ModelSerializer):
    """A volunteer's review; who wrote it is never shown."""

    class Meta:
        model = Review
        fields = [
            "follow_up_happened",
            "local_staff_involved",
            "preparation_adequate",
            "would_return",
            "text",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class PostTripReportSerializer(serializers.ModelSerializer):
    trip = serializers.IntegerField(source="trip_id", read_only=True)
    trip_title = serializers.CharField(source="trip.title", read_only=True)

    class Meta:
        model = PostTripReport
        fields = [
            "trip",
            "trip_title",
            "patients_seen",
            "follow_ups_handed_to_local_staff",
            "local_staff_trained",
            "what_changed",
            "created_at",
        ]
        read_only_fields = ["created_at"]


APPLICATION_EXAMPLE = {
    "id": 41,
    "trip": 12,
    "trip_title": "Surgical week",
    "specialty": "pediatrics",
    "note": "I can teach neonatal resuscitation.",
    "status": "submitted",
    "physician": {
        "id": 7,
        "display_name": "Dr. Ana López",
        "primary_specialty": "Pediatrics",
        "training_level": "attending",
        "years_in_practice": 12,
        "prior_mission_trips": 3,
    },
    "created_at": "2027-01-05T09:30:00Z",
    "updated_at": "2027-01-05T09:30:00Z",
}
CHECKLIST_ITEM_EXAMPLE = {
    "id": 301,
    "position": 1,
    "title": "Permission to practise in Nicaragua",
    "detail": "Send your licence and CV to the organization for the temporary registration.",
    "done": True,
    "done_at": "2027-01-20T18:04:00Z",
}
REVIEW_REQUEST_EXAMPLE = {
    "follow_up_happened": True,
    "local_staff_involved": True,
    "preparation_adequate": True,
    "would_return": True,
    "text": "Local nurses led every clinic; we assisted.",
}
REPORT_REQUEST_EXAMPLE = {
    "patients_seen": 340,
    "follow_ups_handed_to_local_staff": 85,
    "local_staff_trained": 6,
    "what_changed": "The clinic now runs its own hernia list monthly.",
}


@extend_schema_view(
    list=extend_schema(
        summary="Applications you may see",
        description="Physicians: their own. Organization members: those for their organizations' trips (filter with "
        "`trip`). Admins: all. Applicants are shown by their working details, never their licence. Newest first; "
        "paginated.",
        parameters=[OpenApiParameter("trip", int, description="Only applications for this trip")],
        examples=[OpenApiExample("An application", response_only=True, value=APPLICATION_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Apply to a trip",
        description="Physicians only, to a trip taking applications, in one of the specialties on their profile "
        "that still has a place. A double submit returns the existing application. The organization is emailed.",
        examples=[
            OpenApiExample(
                "Apply",
                request_only=True,
                value={"trip": 12, "specialty": "pediatrics", "note": "I can teach neonatal resuscitation."},
            ),
            OpenApiExample("Submitted", response_only=True, status_codes=["201"], value=APPLICATION_EXAMPLE),
        ],
    ),
    retrieve=extend_schema(
        summary="One application",
        description="The applicant, members of the trip's organization and admins; anyone else gets 404.",
        examples=[OpenApiExample("An application", response_only=True, value=APPLICATION_EXAMPLE)],
    ),
)
class ApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    queryset = Application.objects.none()  # typed path parameters in the schema; get_queryset scopes by user
    serializer_class = ApplicationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        queryset = (
            Application.objects.visible_to(self.request.user)
            .select_related("trip", "specialty", "physician__primary_specialty")
            .order_by("-created_at", "-id")
        )
        if "trip" in self.request.query_params:
            # A serializer field, not str.isdigit(): "²" is a digit to Python but not a number to int().
            params = ApplicationListParamsSerializer(data=self.request.query_params)
            params.is_valid(raise_exception=True)
            # An empty `?trip=` leaves the field out of validated_data: no filter, as on the pages.
            if "trip" in params.validated_data:
                queryset = queryset.filter(trip_id=params.validated_data["trip"])
        return queryset

    def create(self, request, *args, **kwargs):
        physician = PhysicianProfile.objects.filter(user=request.user).first()
        if physician is None:
            return Response({"detail": _("Only physicians can apply.")}, status=status.HTTP_403_FORBIDDEN)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = application_create(physician=physician, **serializer.validated_data)
        return Response(self.get_serializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Withdraw your application",
        description="The applicant only, while the application is active; an accepted place is freed for someone else.",
        request=None,
        responses={200: ApplicationSerializer},
        examples=[
            OpenApiExample("Withdrawn", response_only=True, value={**APPLICATION_EXAMPLE, "status": "withdrawn"})
        ],
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self.get_object()
        if not rules.test_rule("applications.withdraw_application", request.user, application):
            raise PermissionDenied(_("Only the applicant can withdraw."))
        application_withdraw(application=application, by_user=request.user)
        return Response(self.get_serializer(application).data)

    @extend_schema(
        summary="Accept, decline or waitlist (organization members)",
        description="Members of the trip's organization and admins. Accepting takes one of the specialty's places "
        "(refused when none is left) and creates the volunteer's preparation checklist; the applicant is always "
        "emailed the decision.",
        request=DecisionSerializer,
        responses={200: ApplicationSerializer},
        examples=[
            OpenApiExample("Accept", request_only=True, value={"decision": "accepted", "note": "Welcome!"}),
            OpenApiExample("Accepted", response_only=True, value={**APPLICATION_EXAMPLE, "status": "accepted"}),
        ],
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        application = self.get_object()
        if not request.user.has_perm("applications.change_application", application):
            raise PermissionDenied(_("Only the trip's organization decides."))
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        application_decide(application=application, decided_by=request.user, **payload.validated_data)
        return Response(self.get_serializer(application).data)

    @extend_schema(
        summary="Your preparation checklist",
        description="The accepted applicant only (404 for anyone else): the preparation steps for the trip, in order.",
        responses={200: ChecklistItemSerializer(many=True)},
        examples=[OpenApiExample("Checklist", response_only=True, value=CHECKLIST_ITEM_EXAMPLE)],
    )
    @action(detail=True, methods=["get"], pagination_class=None)  # a short, whole list
    def checklist(self, request, pk=None):
        application = self._own_accepted()
        return Response(ChecklistItemSerializer(application.checklist_items.all(), many=True).data)

    @extend_schema(
        summary="Tick or untick a checklist item",
        description="The accepted applicant only. Send `done`; `done_at` records when the item was ticked and is "
        "kept when it is ticked again. A body without `done` changes nothing.",
        request=ChecklistItemSerializer,
        responses={200: ChecklistItemSerializer},
        examples=[
            OpenApiExample("Tick", request_only=True, value={"done": True}),
            OpenApiExample("Ticked", response_only=True, value=CHECKLIST_ITEM_EXAMPLE),
        ],
        parameters=[OpenApiParameter("item", int, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["patch"], url_path=r"checklist/(?P<item>\d+)")
    def checklist_item(self, request, pk=None, item=None):
        application = self._own_accepted()
        entry = application.checklist_items.filter(pk=item).first()
        if entry is None:
            raise Http404
        serializer = ChecklistItemSerializer(entry, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "done" in serializer.validated_data:  # an empty PATCH changes nothing
            entry = checklist_item_set_done(
                application=application, item_id=entry.pk, done=serializer.validated_data["done"], user=request.user
            )
        return Response(ChecklistItemSerializer(entry).data)

    @extend_schema(
        summary="Review the organization after a completed trip",
        description="The applicant only (403 for the trip's organization and admins), once, after the trip is "
        "completed and only if they were accepted. The review is public on the organization's page without "
        "the reviewer's name.",
        request=ReviewSerializer,
        responses={201: ReviewSerializer},
        examples=[
            OpenApiExample("Review", request_only=True, value=REVIEW_REQUEST_EXAMPLE),
            OpenApiExample(
                "Saved",
                response_only=True,
                status_codes=["201"],
                value={**REVIEW_REQUEST_EXAMPLE, "created_at": "2027-03-25T18:30:00Z"},
            ),
        ],
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        application = self.get_object()
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = review_create(application=application, by_user=request.user, **serializer.validated_data)
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    def _own_accepted(self):
        application = self.get_object()
        if not rules.test_rule("applications.tick_checklist", self.request.user, application):
            raise Http404
        return application


@extend_schema(
    summary="File the post-trip report of a completed trip (organization members)",
    description="Members of the trip's organization (403 for admins, 404 for anyone else), once per completed trip. "
    "The figures show on the organization's page and feed its sustainability index.",
    request=PostTripReportSerializer,
    responses={201: PostTripReportSerializer},
    examples=[
        OpenApiExample("Report", request_only=True, value=REPORT_REQUEST_EXAMPLE),
        OpenApiExample(
            "Saved",
            response_only=True,
            status_codes=["201"],
            value={
                "trip": 12,
                "trip_title": "Surgical week",
                **REPORT_REQUEST_EXAMPLE,
                "created_at": "2027-03-20T10:00:00Z",
            },
        ),
    ],
)
class PostTripReportView(viewsets.ViewSet):
    permission_classes = [permissions.IsAuthenticated]

    def create(self, request, trip_pk=None):
        trip = Trip.objects.select_related("organization").filter(pk=trip_pk).first()
        if not rules.test_rule("applications.report_on_trip", request.user, trip):
            if trip is not None and request.user.has_perm("trips.change_trip", trip):
                # Admins see every trip, but a report is the organization's own account.
                raise PermissionDenied(_("Only the organization's members can report on its trips."))
            raise Http404
        serializer = PostTripReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = post_trip_report_create(trip=trip, by_user=request.user, **serializer.validated_data)
        return Response(PostTripReportSerializer(report).data, status=status.HTTP_201_CREATED)
