"""API for applications: physicians apply, list and withdraw their own; organization
members list their trips' applicants and decide — through the same services as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from physicians.models import PhysicianProfile, Specialty
from portal.api import raise_as_api_error
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


class ApplicantSerializer(serializers.ModelSerializer):
    """What an organization sees of an applicant: never the licence."""

    primary_specialty = serializers.CharField(source="primary_specialty.name", default=None)

    class Meta:
        model = PhysicianProfile
        fields = ["id", "display_name", "primary_specialty", "training_level", "years_in_practice", "prior_mission_trips"]


class ApplicationSerializer(serializers.ModelSerializer):
    trip = serializers.PrimaryKeyRelatedField(queryset=Trip.objects.all())
    specialty = serializers.SlugRelatedField(slug_field="slug", queryset=Specialty.objects.all())
    trip_title = serializers.CharField(source="trip.title", read_only=True)
    physician = ApplicantSerializer(read_only=True)

    class Meta:
        model = Application
        fields = ["id", "trip", "trip_title", "specialty", "note", "status", "physician", "created_at", "updated_at"]
        read_only_fields = ["status", "created_at", "updated_at"]
        extra_kwargs = {"note": {"max_length": 4000}}


class ApplicationListParamsSerializer(serializers.Serializer):
    trip = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED, ApplicationStatus.WAITLISTED])
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
        fields = ["follow_up_happened", "local_staff_involved", "preparation_adequate", "would_return", "text", "created_at"]
        read_only_fields = ["created_at"]


class PostTripReportSerializer(serializers.ModelSerializer):
    trip = serializers.IntegerField(source="trip_id", read_only=True)
    trip_title = serializers.CharField(source="trip.title", read_only=True)

    class Meta:
        model = PostTripReport
        fields = [
            "trip", "trip_title", "patients_seen", "follow_ups_handed_to_local_staff", "local_staff_trained",
            "what_changed", "created_at",
        ]
        read_only_fields = ["created_at"]


@extend_schema_view(
    list=extend_schema(
        summary="Applications you may see",
        description="Physicians: their own. Organization members: those for their organizations' trips (filter with "
        "`trip`). Admins: all.",
        parameters=[OpenApiParameter("trip", int, description="Only applications for this trip")],
    ),
    create=extend_schema(
        summary="Apply to a trip",
        description="Physicians only. A double submit returns the existing application.",
        examples=[OpenApiExample("Apply", request_only=True, value={"trip": 12, "specialty": "pediatrics", "note": "I can teach."})],
    ),
    retrieve=extend_schema(summary="One application"),
)
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    queryset = Application.objects.none()  # typed path parameters in the schema; get_queryset scopes by user
    serializer_class = ApplicationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        user = self.request.user
        queryset = Application.objects.select_related("trip", "specialty", "physician__primary_specialty").order_by("-created_at", "-id")
        if not user.is_staff:
            queryset = queryset.filter(Q(physician__user=user) | Q(trip__organization__memberships__user=user)).distinct()
        if "trip" in self.request.query_params:
            # A serializer field, not str.isdigit(): "²" is a digit to Python but not a number to int().
            params = ApplicationListParamsSerializer(data=self.request.query_params)
            params.is_valid(raise_exception=True)
            queryset = queryset.filter(trip_id=params.validated_data["trip"])
        return queryset

    def create(self, request, *args, **kwargs):
        physician = PhysicianProfile.objects.filter(user=request.user).first()
        if physician is None:
            return Response({"detail": _("Only physicians can apply.")}, status=status.HTTP_403_FORBIDDEN)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            application = application_create(physician=physician, **serializer.validated_data)
        except DjangoValidationError as error:
            raise_as_api_error(error)
        return Response(self.get_serializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Withdraw your application", request=None, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self.get_object()
        if application.physician.user_id != request.user.pk:
            return Response({"detail": _("Only the applicant can withdraw.")}, status=status.HTTP_403_FORBIDDEN)
        try:
            application_withdraw(application=application, by_user=request.user)
        except DjangoValidationError as error:
            raise_as_api_error(error)
        return Response(self.get_serializer(application).data)

    @extend_schema(
        summary="Accept, decline or waitlist (organization members)",
        request=DecisionSerializer,
        responses={200: ApplicationSerializer},
        examples=[OpenApiExample("Accept", request_only=True, value={"decision": "accepted", "note": "Welcome!"})],
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        application = self.get_object()
        if not (request.user.is_staff or application.trip.organization.memberships.filter(user=request.user).exists()):
            return Response({"detail": _("Only the trip's organization decides.")}, status=status.HTTP_403_FORBIDDEN)
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            application_decide(application=application, decided_by=request.user, **payload.validated_data)
        except DjangoValidationError as error:
            raise_as_api_error(error)
        return Response(self.get_serializer(application).data)

    @extend_schema(summary="Your preparation checklist", responses={200: ChecklistItemSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def checklist(self, request, pk=None):
        application = self._own_accepted()
        return Response(ChecklistItemSerializer(application.checklist_items.all(), many=True).data)

    @extend_schema(
        summary="Tick or untick a checklist item",
        request=ChecklistItemSerializer,
        responses={200: ChecklistItemSerializer},
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

    @extend_schema(summary="Review the organization after a completed trip", request=ReviewSerializer, responses={201: ReviewSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        application = self.get_object()
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            review = review_create(application=application, by_user=request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise_as_api_error(error)
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    def _own_accepted(self):
        application = self.get_object()
        if application.physician.user_id != self.request.user.pk or application.status != ApplicationStatus.ACCEPTED:
            raise Http404
        return application


@extend_schema(
    summary="File the post-trip report of a completed trip (organization members)",
    request=PostTripReportSerializer,
    responses={201: PostTripReportSerializer},
)
class PostTripReportView(viewsets.ViewSet):
    permission_classes = [permissions.IsAuthenticated]

    def create(self, request, trip_pk=None):
        trip = Trip.objects.select_related("organization").filter(pk=trip_pk).first()
        if trip is None or not (request.user.is_staff or trip.organization.memberships.filter(user=request.user).exists()):
            raise Http404
        serializer = PostTripReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            report = post_trip_report_create(trip=trip, by_user=request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise_as_api_error(error)
        return Response(PostTripReportSerializer(report).data, status=status.HTTP_201_CREATED)
