"""Django admin writes that change what the matching engine reads."""

from .generation import engine_input_changed, volunteer_input_changed


class EngineInputAdminMixin:
    """For the admins of models the trip-feature store is built from: every change, delete,
    inline formset and bulk action bumps the engine-input generation, so the next matches
    page reflects it. `engine_input_ids` names what an object is to the store
    ("trip_ids" or "organization_ids"). Actions that call a service bump through it as
    well; a bulk action also bumps for anything, as its rows are not named."""

    engine_input_ids = "trip_ids"

    def _changed(self, *objects):
        engine_input_changed(**{self.engine_input_ids: [obj.pk for obj in objects]})

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._changed(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._changed(form.instance)

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        engine_input_changed(**{self.engine_input_ids: [pk]})

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        engine_input_changed(**{self.engine_input_ids: pks})

    def response_action(self, request, queryset):
        response = super().response_action(request, queryset)
        engine_input_changed()
        return response


class VolunteerInputAdminMixin:
    """For the physician profile's admin (its inlines are the languages, windows and
    motivations the engine reads): every change, delete and bulk action bumps the
    volunteer-input generation, naming the physicians where it can."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        volunteer_input_changed(physician_ids=[form.instance.pk])

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        volunteer_input_changed(physician_ids=[pk])

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        volunteer_input_changed(physician_ids=pks)

    def response_action(self, request, queryset):
        response = super().response_action(request, queryset)
        volunteer_input_changed()
        return response
