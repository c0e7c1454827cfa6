"""API for the signed-in physician's own profile. The licence number is only ever
returned here, to its owner."""

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import NotFound

import vocabulary.choices

from .models import AvailabilityWindow, PhysicianLanguage, PhysicianProfile, Specialty
from .services import physician_profile_update


class LanguageSerializer(serializers.ModelSerializer):
    class Meta:
        model = PhysicianLanguage
        fields = ["language", "proficiency"]


class WindowSerializer(serializers.ModelSerializer):
    class Meta:
        model = AvailabilityWindow
        fields = ["start_date", "end_date"]

    def validate(self, data):
        if data["end_date"] < data["start_date"]:
            raise serializers.ValidationError({"end_date": _("The end of a window cannot come before its start.")})
        return data


class MyProfileSerializer(serializers.ModelSerializer):
    primary_specialty = serializers.SlugRelatedField(
        slug_field="slug", queryset=Specialty.objects.all(), allow_null=True
    )
    other_specialties = serializers.SlugRelatedField(
        slug_field="slug", queryset=Specialty.objects.all(), many=True, required=False
    )
    languages = LanguageSerializer(many=True, required=False)
    availability_windows = WindowSerializer(many=True, required=False)
    preferred_countries = serializers.ListField(child=serializers.CharField(max_length=2), required=False)
    preferred_regions = serializers.ListField(
        child=serializers.ChoiceField(choices=vocabulary.choices.REGION_CHOICES), required=False
    )
    motivation_weights = serializers.DictField(
        child=serializers.IntegerField(
            min_value=vocabulary.MOTIVATION_WEIGHT_MIN, max_value=vocabulary.MOTIVATION_WEIGHT_MAX
        ),
        required=False,
        write_only=True,  # rendered by to_representation from the related rows
        help_text="Motivation key → weight 0-3. Keys: " + ", ".join(vocabulary.MOTIVATION_KEYS),
    )

    class Meta:
        model = PhysicianProfile
        fields = [
            "display_name",
            "primary_specialty",
            "other_specialties",
            "training_level",
            "licence_status",
            "licence_jurisdiction",
            "licence_number",
            "board_certified",
            "board_certification",
            "years_in_practice",
            "prior_mission_trips",
            "preferred_countries",
            "preferred_regions",
            "max_budget_usd",
            "never_over_budget",
            "motivation_statement",
            "motivation_weights",
            "languages",
            "availability_windows",
        ]

    def validate_motivation_weights(self, value):
        unknown = set(value) - set(vocabulary.MOTIVATION_KEYS)
        if unknown:
            raise serializers.ValidationError(_("Unknown motivations: %(keys)s") % {"keys": ", ".join(sorted(unknown))})
        return value

    def validate_preferred_countries(self, value):
        unknown = [c for c in value if c.upper() not in dict(countries)]
        if unknown:
            raise serializers.ValidationError(_("Unknown country codes: %(codes)s") % {"codes": ", ".join(unknown)})
        return [c.upper() for c in value]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["preferred_countries"] = [str(c) for c in instance.preferred_countries]
        data["motivation_weights"] = {w.motivation: w.weight for w in instance.motivation_weights.all()}
        return data


PROFILE_EXAMPLE = {
    "display_name": "Dr. Ana López",
    "primary_specialty": "pediatrics",
    "other_specialties": ["family-medicine"],
    "training_level": "attending",
    "licence_jurisdiction": "California",
    "licence_number": "A123456",
    "board_certified": True,
    "board_certification": "American Board of Pediatrics",
    "years_in_practice": 12,
    "prior_mission_trips": 3,
    "preferred_countries": ["NI", "GT"],
    "preferred_regions": ["central_america"],
    "max_budget_usd": 2000,
    "never_over_budget": False,
    "motivation_statement": "I want to teach and to see my patients followed up.",
    "motivation_weights": {"teaching": 3, "continuity": 3, "adventure": 0},
    "languages": [{"language": "es", "proficiency": 3}, {"language": "en", "proficiency": 3}],
    "availability_windows": [{"start_date": "2027-02-01", "end_date": "2027-04-30"}],
}
PROFILE_DESCRIPTION = (
    "Your own physician profile; the licence number is only ever shown here, to you. Others (organizations, "
    "admins without a profile) get 404. Lists (other specialties, languages, availability windows, countries, "
    "regions) are replaced whole when sent; `motivation_weights` (0-3 each) update the motivations sent."
)


@extend_schema_view(
    get=extend_schema(
        summary="My physician profile",
        description=PROFILE_DESCRIPTION,
        examples=[OpenApiExample("Your profile", response_only=True, value=PROFILE_EXAMPLE)],
    ),
    put=extend_schema(
        summary="Replace my physician profile",
        description=PROFILE_DESCRIPTION,
        examples=[
            OpenApiExample("Whole profile", request_only=True, value=PROFILE_EXAMPLE),
            OpenApiExample("Saved", response_only=True, value=PROFILE_EXAMPLE),
        ],
    ),
    patch=extend_schema(
        summary="Update part of my physician profile",
        description=PROFILE_DESCRIPTION,
        examples=[
            OpenApiExample(
                "Set motivations", request_only=True, value={"motivation_weights": {"teaching": 3, "adventure": 0}}
            ),
            OpenApiExample("Saved", response_only=True, value=PROFILE_EXAMPLE),
        ],
    ),
)
class MyProfileView(generics.RetrieveUpdateAPIView):
    serializer_class = MyProfileSerializer
    permission_classes = [permissions.IsAuthenticated]

    def perform_update(self, serializer):
        values = dict(serializer.validated_data)
        physician_profile_update(
            physician=serializer.instance,
            other_specialties=values.pop("other_specialties", None),
            languages=values.pop("languages", None),
            availability_windows=values.pop("availability_windows", None),
            motivation_weights=values.pop("motivation_weights", None),
            values=values,
        )
        serializer.instance = PhysicianProfile.objects.with_related().get(pk=serializer.instance.pk)

    def get_object(self):
        profile = PhysicianProfile.objects.with_related().filter(user=self.request.user).first()
        if profile is None:
            raise NotFound(_("You have no physician profile."))
        return profile
