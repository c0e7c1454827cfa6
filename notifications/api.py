"""API for saved searches: list, save and delete your own; their alerts can be switched."""

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from .models import SavedSearch
from .saved_searches import saved_search_create, saved_search_set_active


class SavedSearchSerializer(serializers.ModelSerializer):
    query = serializers.CharField(
        max_length=2000, allow_blank=True, help_text="The trip search's query string, e.g. language=es&max_cost=2000"
    )

    class Meta:
        model = SavedSearch
        fields = ["id", "name", "query", "is_active", "created_at", "last_notified_at"]
        read_only_fields = ["id", "created_at", "last_notified_at"]
        # The name's limit is the model's (ModelSerializer reads max_length from the field).
        extra_kwargs = {"name": {"required": False, "allow_blank": True}}


class SavedSearchSwitchSerializer(serializers.Serializer):
    is_active = serializers.BooleanField(required=False, help_text="Email alerts on (true) or off (false).")


SAVED_SEARCH_EXAMPLE = {
    "id": 5,
    "name": "Spanish trips",
    "query": "language=es&max_cost=2000",
    "is_active": True,
    "created_at": "2027-01-02T08:00:00Z",
    "last_notified_at": None,
}


@extend_schema_view(
    list=extend_schema(
        summary="My saved searches",
        description="Your own saved trip searches, newest first; nobody else's. Signed-in users. Paginated.",
        examples=[OpenApiExample("A saved search", response_only=True, value=SAVED_SEARCH_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Save a trip search and get emails when new matching trips open",
        description="`query` is the trip search's query string (the filters of `GET /trips/`); invalid filters are "
        "a 400. Without a name, one is made from the filters. Alerts start switched on.",
        examples=[
            OpenApiExample(
                "Spanish, under $2,000",
                request_only=True,
                value={"query": "language=es&max_cost=2000", "name": "Spanish trips"},
            ),
            OpenApiExample("Saved", response_only=True, status_codes=["201"], value=SAVED_SEARCH_EXAMPLE),
        ],
    ),
    partial_update=extend_schema(
        summary="Switch a saved search's email alerts on or off",
        description="Your own saved searches only (404 for others'). Send `is_active`; nothing else changes.",
        request=SavedSearchSwitchSerializer,
        examples=[
            OpenApiExample("Switch off", request_only=True, value={"is_active": False}),
            OpenApiExample("Switched off", response_only=True, value={**SAVED_SEARCH_EXAMPLE, "is_active": False}),
        ],
    ),
    destroy=extend_schema(
        summary="Delete a saved search",
        description="Your own saved searches only (404 for others'). No more alerts for it.",
    ),
)
class SavedSearchViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SavedSearchSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    queryset = SavedSearch.objects.none()

    def get_queryset(self):
        return SavedSearch.objects.filter(user=self.request.user).order_by("-created_at", "-id")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        saved = saved_search_create(
            user=request.user,
            query=serializer.validated_data["query"],
            name=serializer.validated_data.get("name", ""),
        )
        return Response(self.get_serializer(saved).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        saved = self.get_object()
        # Through a serializer: a body that is not an object (a JSON array, say) is a 400, not a crash.
        payload = SavedSearchSwitchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if "is_active" in payload.validated_data:
            saved_search_set_active(saved_search=saved, is_active=payload.validated_data["is_active"])
            saved.refresh_from_db()
        return Response(self.get_serializer(saved).data)
