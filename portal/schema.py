"""The OpenAPI schema's error responses: every operation documents the 4xx answers it can give,
in the shape DRF gives them, so clients and fuzzers can rely on them."""

from drf_spectacular.openapi import AutoSchema

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, for people."}},
    "required": ["detail"],
}
# A field's messages under its name (nested for nested fields), others under non_field_errors,
# a body that could not be parsed under detail.
FIELD_ERRORS = {
    "type": "object",
    "description": 'Field names mapped to their messages: `{"name": ["Ensure this field has no more than 100 '
    'characters."]}`; errors not about one field are under `non_field_errors`, an unreadable body under `detail`.',
    "additionalProperties": {},
}

ERROR_RESPONSES = {
    "400": ("Bad input: field messages (or `detail` for an unreadable body).", FIELD_ERRORS, None),
    "401": ("Not signed in, or the token is invalid, expired or revoked.", DETAIL, "Not authenticated."),
    "403": ("Signed in, but not allowed to do this.", DETAIL, "You do not have permission to perform this action."),
    "404": ("No such object, or not one you may see.", DETAIL, "No Application matches the given query."),
    "429": ("Too many requests; `Retry-After` says when to try again.", DETAIL, "Request was throttled."),
}


class ErrorDocumentingAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, (description, schema, example) in ERROR_RESPONSES.items():
            if code in responses and responses[code].get("content"):
                continue
            content = {"schema": schema}
            if example:
                content["example"] = {"detail": example}
            responses[code] = {"description": description, "content": {"application/json": content}}
        return responses
