"""schemathesis against our generated OpenAPI schema on the live test server, as three
identities (anonymous, a physician's token, an organization member's token): no 5xx for any
generated input, and responses that match the schema (4xx included: they are documented).
Bounded so CI stays quick; the counts are recorded in docs/security.md."""

import json

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, settings
from knox.models import get_token_model
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from physicians.specialties import common_specialty
from tests.factories import MembershipFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory
from tests.hypothesis_profiles import examples

FUZZ_EXAMPLES = examples(12)
IDENTITIES = ("anonymous", "physician", "member")


def api_spec():
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


@pytest.fixture
def fuzz_tokens(transactional_db, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    settings.AXES_ENABLED = False  # generated passwords would lock the accounts out of the run
    organization = OrganizationFactory(verified=True, strong_evidence=True)
    TripFactory(open=True, organization=organization, needs={"family-medicine": 2}, languages=["es"])
    TripFactory(organization=organization)  # a draft: only the member reaches it
    physician = PhysicianProfileFactory(primary_specialty=common_specialty("family-medicine"))
    member = MembershipFactory(organization=organization).user
    tokens = {
        name: get_token_model().objects.create(user=user)[1]
        for name, user in (("physician", physician.user), ("member", member))
    }
    return {"anonymous": {}, **{name: {"Authorization": f"Token {token}"} for name, token in tokens.items()}}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("identity", IDENTITIES)
def test_api_never_fails_on_generated_input(live_server, fuzz_tokens, identity):
    schema = schemathesis.openapi.from_dict(api_spec())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 35
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case):
            case.call_and_validate(
                base_url=live_server.url,
                headers=fuzz_tokens[identity],
                checks=[not_a_server_error, response_schema_conformance],
            )

        fuzz()
