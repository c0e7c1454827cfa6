"""What every API edge shares: services' errors as DRF's 400 with field messages."""

from rest_framework.exceptions import ValidationError


def raise_as_api_error(error):
    """A service's Django ValidationError as DRF's 400: field messages stay under their field,
    the others go under `non_field_errors`."""
    raise ValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    ) from error


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
