"""The OpenAPI document describes every operation with examples of what it takes and returns."""

import pytest
from drf_spectacular.generators import SchemaGenerator

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def gaps(schema):
    """(path, method, what is missing) for every operation short of the standard."""
    missing = []
    for path, method, operation in operations(schema):
        if not operation.get("summary"):
            missing.append((path, method, "summary"))
        if not operation.get("description"):
            missing.append((path, method, "description"))
        body = operation.get("requestBody")
        if body:
            for media, content in body["content"].items():
                if not (content.get("examples") or "example" in content):
                    missing.append((path, method, f"request example ({media})"))
        for code, response in operation["responses"].items():
            if not code.startswith("2"):
                continue
            for media, content in (response.get("content") or {}).items():
                if not (content.get("examples") or "example" in content):
                    missing.append((path, method, f"{code} response example ({media})"))
    return missing


def test_every_operation_has_a_description_and_examples(schema):
    assert len(list(operations(schema))) >= 35
    assert gaps(schema) == []


def test_the_check_finds_an_undocumented_operation():
    bare = {
        "paths": {
            "/x/": {
                "post": {
                    "summary": "X",
                    "requestBody": {"content": {"application/json": {"schema": {}}}},
                    "responses": {"201": {"content": {"application/json": {"schema": {}}}}, "400": {}},
                }
            }
        }
    }
    assert {what for _path, _method, what in gaps(bare)} == {
        "description",
        "request example (application/json)",
        "201 response example (application/json)",
    }
