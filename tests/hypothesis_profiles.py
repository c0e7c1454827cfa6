"""Hypothesis profiles: `ci` (the default of `make test`, at least the counts the tests ask for) and
`dev` (HYPOTHESIS_PROFILE=dev, a tenth of them, for a quick local loop)."""

import os

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
DEV_SHARE = 10

settings.register_profile("ci", deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(PROFILE)


def examples(count):
    """The number of examples a test asks for under `ci`; a tenth of it (at least 3) under `dev`."""
    return count if PROFILE == "ci" else max(3, count // DEV_SHARE)
