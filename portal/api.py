"""What every API edge shares: one way services' errors become DRF responses."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, after turning the services' Django exceptions into DRF's: a
    ValidationError becomes a 400 with its field messages under their field and the others
    under `non_field_errors`; a PermissionDenied a 403 with the service's reason as `detail`.
    Views therefore call services without a try/except (HackSoft Styleguide-Example's
    core/exceptions/handlers.py is the model)."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args[:1])
    return drf_exception_handler(exc, context)


def copy_request_examples_to_every_media_type(result, generator, request, public):
    """drf-spectacular hook: a request body is documented for JSON, form and multipart
    encodings, but examples attach to JSON only; show the same example under each, so no
    encoding of an operation is left without one."""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            content = operation.get("requestBody", {}).get("content", {}) if isinstance(operation, dict) else {}
            examples = content.get("application/json", {}).get("examples")
            if not examples:
                continue
            for body in content.values():
                body.setdefault("examples", examples)
    return result
