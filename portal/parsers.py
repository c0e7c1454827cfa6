"""The API's JSON parser, bounded: a body beyond API_MAX_JSON_BYTES or nested deeper than
API_MAX_JSON_DEPTH is a 400. Without the bound, a 2 KB body of a thousand nested arrays makes
Python's JSON decoder raise RecursionError, which DRF's parser does not catch (a 500)."""

import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = settings.API_MAX_JSON_BYTES
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise ParseError(f"JSON body too large: at most {limit} bytes.")
        try:
            data = json.loads(body.decode(encoding), parse_constant=_refuse_constant)
        except RecursionError:
            raise ParseError(f"JSON nested too deeply: at most {settings.API_MAX_JSON_DEPTH} levels.") from None
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from None
        if _depth(data) > settings.API_MAX_JSON_DEPTH:
            raise ParseError(f"JSON nested too deeply: at most {settings.API_MAX_JSON_DEPTH} levels.")
        return data


def _refuse_constant(name):
    # NaN and Infinity are not JSON (DRF's strict mode refuses them too).
    raise ValueError(f"{name} is not valid JSON")


def _depth(data):
    """How deeply arrays and objects nest (a scalar is 0), without recursion."""
    deepest, pending = 0, [(data, 1)]
    while pending:
        value, level = pending.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, level)
        pending.extend((child, level + 1) for child in children)
    return deepest
