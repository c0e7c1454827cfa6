"""schemathesis against our generated OpenAPI schema on the live test server: no 5xx for
any generated input, and responses that match the schema. Bounded so CI stays quick."""

import json

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from physicians.specialties import common_specialty
from tests.factories import MembershipFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory
from tests.hypothesis_profiles import examples

FUZZ_EXAMPLES = examples(12)


def api_spec():
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


@pytest.fixture
def fuzz_world(transactional_db, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    organization = OrganizationFactory(verified=True, strong_evidence=True)
    TripFactory(open=True, organization=organization, needs={"family-medicine": 2}, languages=["es"])
    physician = PhysicianProfileFactory(primary_specialty=common_specialty("family-medicine"))
    MembershipFactory(organization=organization, user=physician.user)  # one token reaches both roles' endpoints
    return Token.objects.create(user=physician.user).key


@pytest.mark.django_db(transaction=True)
def test_api_never_fails_on_generated_input(live_server, fuzz_world):
    schema = schemathesis.openapi.from_dict(api_spec())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case):
            case.call_and_validate(
                base_url=live_server.url,
                headers={"Authorization": f"Token {fuzz_world}"},
                checks=[not_a_server_error, response_schema_conformance],
            )

        fuzz()
