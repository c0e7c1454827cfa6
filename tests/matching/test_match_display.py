"""The explanation's display strings are exactly what the template's filters printed."""

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.formats import get_format

from matching.engine import weights
from matching.engine.types import FactorScore, Match
from matching.explanation_text import factor_label
from matching.templatetags.match_display import explained, fixed

SCORES = [i / 1000 for i in range(1001)] + [0.125, 0.005, 0.015, 0.045, 0.675, 1 / 3, 2 / 3, 0.0049999, 1e-7]
POINTS = [weight * score for weight in set(weights.FACTOR_WEIGHTS.values()) for score in SCORES]


@pytest.mark.parametrize("language", ["en", "de"])
def test_fixed_is_floatformat(language):
    with translation.override(language):
        separator = get_format("DECIMAL_SEPARATOR")
        for places, values in ((0, POINTS + [100.0, 87.5, 62.5]), (1, POINTS), (2, SCORES)):
            for value in values:
                assert fixed(value, places, separator) == floatformat(value, places), (value, places)
        assert fixed(-0.001, 2, separator) == floatformat(-0.001, 2)


OLD_FACTOR = Template(
    "{% load i18n %}{% for factor in match.factors %}"
    "{{ factor.score|stringformat:'.3f' }}|{{ factor.score|floatformat:2 }}|"
    "{% blocktranslate with points=factor.contribution|floatformat:1 weight=factor.weight|floatformat:0 %}"
    "{{ points }} of {{ weight }}{% endblocktranslate %};{% endfor %}{{ match.total|floatformat:0 }}"
)
NEW_FACTOR = Template(
    "{% load match_display %}{% with shown=match|explained %}{% for factor in shown.factors %}"
    "{{ factor.meter_value }}|{{ factor.score }}|{{ factor.points }};{% endfor %}{{ shown.total }}{% endwith %}"
)


def test_explained_renders_as_the_filters_did():
    scores = (0.125, 1.0, 0.6, 0.0, 0.9995, 0.5, 1 / 3)
    factors = tuple(
        FactorScore(key=key, weight=weight, score=score, contribution=weight * score)
        for (key, weight), score in zip(weights.FACTOR_WEIGHTS.items(), scores, strict=True)
    )
    match = Match(trip_id=1, volunteer_id=1, total=round(sum(f.contribution for f in factors), 1), factors=factors)
    context = Context({"match": match})
    assert NEW_FACTOR.render(context) == OLD_FACTOR.render(context)
    assert [line.label for line in explained(match).factors] == [factor_label(key) for key in weights.FACTOR_WEIGHTS]
