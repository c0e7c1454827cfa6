"""What every API edge shares: services' errors as DRF's 400 with field messages."""

from rest_framework.exceptions import ValidationError


def raise_as_api_error(error):
    """A service's Django ValidationError as DRF's 400: field messages stay under their field,
    the others go under `non_field_errors`."""
    raise ValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    ) from error
