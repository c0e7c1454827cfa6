"""The OpenAPI document states the error answers of every operation, in DRF's shape, and the
API's real errors fit it."""

import pytest
from drf_spectacular.generators import SchemaGenerator

ERROR_CODES = ("400", "401", "403", "404", "429")


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_every_operation_documents_its_error_answers(schema):
    undocumented = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for code in ERROR_CODES:
                content = operation["responses"].get(code, {}).get("content", {})
                if "application/json" not in content:
                    undocumented.append((method, path, code))
    assert undocumented == []


def test_the_detail_shape_is_the_one_drf_answers(schema):
    operation = schema["paths"]["/api/v1/applications/"]["get"]
    for code in ("401", "403", "404", "429"):
        body = operation["responses"][code]["content"]["application/json"]["schema"]
        assert body["required"] == ["detail"] and body["properties"]["detail"]["type"] == "string"


@pytest.mark.django_db
def test_real_errors_fit_the_documented_shapes(client, physician):
    assert set(client.get("/api/v1/applications/").json()) == {"detail"}  # 401
    client.force_login(physician.user)
    assert set(client.get("/api/v1/applications/999999/").json()) == {"detail"}  # 404
    assert set(client.post("/api/v1/trips/", {}).json()) == {"detail"}  # 403
    assert isinstance(client.post("/api/v1/saved-searches/", {"name": "x"}).json()["query"], list)  # 400
