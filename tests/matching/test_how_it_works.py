"""The how-we-score page explains the scorecard blend and the motivation safeguard with
the numbers the engine really uses."""

import html

import pytest
from django.urls import reverse

import vocabulary
from matching.engine import weights

pytestmark = pytest.mark.django_db


def page(client):
    response = client.get(reverse("matching:how-it-works"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_scorecard_blend_is_explained_with_the_engines_numbers(client):
    body = page(client)
    blend = round(100 * weights.SCORECARD_BLEND)
    assert f"the scorecard makes {blend}% of the organization-quality part" in body
    assert f"({weights.FACTOR_WEIGHTS['organization_quality']} points of the match)" in body
    assert f"the declared indices the other {100 - blend}%" in body
    assert f"with half of them judged, it makes {round(50 * weights.SCORECARD_BLEND)}%" in body
    assert f"judges {len(vocabulary.SCORECARD_ITEM_KEYS)} items against evidence" in body
    assert "Partly met: worth 50%" in body and "Unknown: left out, never counted as a failure" in body
    full = round((1 - weights.SCORECARD_BLEND) * 50 + weights.SCORECARD_BLEND * 80)
    assert f"rates {full} out of 100 once the whole scorecard is judged" in body
    assert f"counts for {round(100 * weights.OUTCOME_BLEND)}% of the index" in body


def test_the_motivation_safeguard_is_explained_with_the_engines_numbers(client):
    body = page(client)
    assert f"the two together reach {weights.LEANING_THRESHOLD}" in body
    assert f"It weighs {weights.SAFEGUARD_WEIGHT} on the same 0–{vocabulary.MOTIVATION_WEIGHT_MAX} scale" in body
    for share in (round(100 * s) for _check, s in weights.SAFEGUARD_EVIDENCE):
        assert f"({share}%)" in body
    assert "supervision for volunteers (50%)" in body
    assert reverse("matching:preparing-well") in body


def test_the_page_follows_the_weights_module_not_a_copy(client, monkeypatch):
    monkeypatch.setattr(weights, "SCORECARD_BLEND", 0.45)
    monkeypatch.setattr(weights, "SAFEGUARD_WEIGHT", 3)
    monkeypatch.setattr(weights, "LEANING_THRESHOLD", 5)
    monkeypatch.setattr(weights, "SAFEGUARD_EVIDENCE", (("supervision", 0.7), ("follow_up_plan", 0.3)))
    body = page(client)
    assert "the scorecard makes 45% of the organization-quality part" in body and "the other 55%" in body
    assert "It weighs 3 on the same" in body and "the two together reach 5" in body
    assert "supervision for volunteers (70%)" in body and "a plan to follow patients up (30%)" in body
    assert "training of local staff" not in body


def test_issue_18s_rules_are_explained_with_the_engines_numbers(client):
    body = page(client)
    assert "sustainability (40%), local-education (40%) and preparation (20%) indices" in body
    assert "a trip 25% over your budget keeps half of them, one 50% over a quarter" in body
    assert "never to show trips over your budget" in body
    points = weights.PREPARATION_POINTS
    assert f"a cultural orientation earns {points['offers_cultural_orientation']} points" in body
    assert f"pre-departure training {points['offers_predeparture_training']}" in body
    assert f"less than {weights.EVIDENCE_FLOOR} out of 100" in body
    assert f"lose {weights.EVIDENCE_FLOOR_PENALTY} points of the match" in body
    assert f"scored as if it had {weights.YEARS_ACTIVE_NOT_STATED} years" in body
    assert "loses up to 2 points, in full at 2 waiting applicants a place" in body
    assert "counts for 15% of the continuity motivation" in body
    assert "no cultural orientation, no briefing on local conditions" in body


def test_the_quality_figures_follow_the_weights_module(client, monkeypatch):
    monkeypatch.setattr(weights, "QUALITY_SHARES", {"sustainability": 0.5, "education": 0.3, "preparation": 0.2})
    monkeypatch.setattr(weights, "COST_HALF_OVER", 0.1)
    body = page(client)
    assert "sustainability (50%), local-education (30%)" in body
    assert "a trip 10% over your budget keeps half of them, one 20% over a quarter" in body
