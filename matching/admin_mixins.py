"""Django admin writes that change what the matching engine reads."""

from .generation import engine_input_changed


class EngineInputAdminMixin:
    """For the admins of models the trip-feature store is built from: every change, delete,
    inline formset and bulk action bumps the engine-input generation, so the next matches
    page reflects it. Actions that call a service bump through it as well; one more bump
    only rebuilds the store once more."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        engine_input_changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        engine_input_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        engine_input_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        engine_input_changed()

    def response_action(self, request, queryset):
        response = super().response_action(request, queryset)
        engine_input_changed()
        return response
