"""API: an accepted application's clearance to practise, as both sides see it."""

import rules
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from applications.models import Application

from .display import missing_text
from .models import RegistrationStatus
from .selectors import clearance_for_application


class RequiredDocumentSerializer(serializers.Serializer):
    kind = serializers.CharField(source="requirement.kind")
    due_on = serializers.DateField()
    present = serializers.BooleanField()
    verified = serializers.BooleanField(help_text="Verified by MissionMatch and not expired.")
    expires_before_trip_ends = serializers.BooleanField()


class RegistrationSerializer(serializers.Serializer):
    status = serializers.ChoiceField(source="registration_status", choices=RegistrationStatus.choices)
    reference = serializers.CharField(source="registration_reference")
    submitted_on = serializers.DateField(source="registration_submitted_on", allow_null=True)
    decided_on = serializers.DateField(source="registration_decided_on", allow_null=True)
    valid_until = serializers.DateField(source="registration_valid_until", allow_null=True)


class ClearanceSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application.pk")
    cleared = serializers.BooleanField()
    deadline = serializers.DateField()
    overdue = serializers.BooleanField()
    documents = RequiredDocumentSerializer(many=True)
    registration = RegistrationSerializer(source="record")
    signed_off = serializers.BooleanField()
    signed_off_at = serializers.DateTimeField(source="record.signed_off_at", allow_null=True)
    missing = serializers.SerializerMethodField()

    def get_missing(self, state) -> list[str]:
        return [missing_text(item) for item in state.missing]


CLEARANCE_EXAMPLE = {
    "application": 41,
    "cleared": False,
    "deadline": "2027-02-01",
    "overdue": False,
    "documents": [
        {
            "kind": "medical_licence",
            "due_on": "2027-02-01",
            "present": True,
            "verified": True,
            "expires_before_trip_ends": False,
        },
        {
            "kind": "passport",
            "due_on": "2027-02-15",
            "present": False,
            "verified": False,
            "expires_before_trip_ends": False,
        },
    ],
    "registration": {
        "status": "submitted",
        "reference": "PRC-2027-0042",
        "submitted_on": "2027-01-10",
        "decided_on": None,
        "valid_until": None,
    },
    "signed_off": False,
    "signed_off_at": None,
    "missing": ["Passport identity page: not uploaded (due 15 Feb 2027)", "Host-country registration: Submitted"],
}


class ApplicationClearanceView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="An accepted application's clearance to practise",
        description="The applicant, members of the trip's organization and admins, for an accepted application "
        "(404 otherwise): the trip's required documents (present, verified, expiring before the trip ends), the "
        "host-country registration, the organization's sign-off, what is missing and by when.",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        responses={200: ClearanceSerializer},
        examples=[OpenApiExample("Not cleared yet", response_only=True, value=CLEARANCE_EXAMPLE)],
    )
    def get(self, request, id):
        application = Application.objects.select_related("trip__organization", "physician__user").filter(pk=id).first()
        if application is None or not rules.has_perm("clearance.view_clearance", request.user, application):
            raise Http404
        return Response(ClearanceSerializer(clearance_for_application(application=application)).data)
