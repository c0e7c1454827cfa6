"""The vocabulary's codes (plain Python, read by the engine) and its translated choices (for
forms and models) describe the same things."""

import subprocess
import sys
from pathlib import Path

import pytest

import vocabulary
import vocabulary.choices


@pytest.mark.parametrize(
    ("codes", "choices"),
    [
        (vocabulary.MOTIVATION_KEYS, vocabulary.choices.MOTIVATION_CHOICES),
        (tuple(vocabulary.PROFICIENCY_NAMES), vocabulary.choices.PROFICIENCY_CHOICES),
        (vocabulary.TRAINING_LEVEL_KEYS, vocabulary.choices.TRAINING_LEVEL_CHOICES),
        (vocabulary.LICENCE_STATUS_KEYS, vocabulary.choices.LICENCE_STATUS_CHOICES),
        (tuple(vocabulary.LANGUAGE_NAMES), vocabulary.choices.LANGUAGE_CHOICES),
        (tuple(vocabulary.REGIONS), vocabulary.choices.REGION_CHOICES),
        (vocabulary.EDUCATION_AUDIENCE_KEYS, vocabulary.choices.EDUCATION_AUDIENCE_CHOICES),
        (vocabulary.TRAINING_FREQUENCY_KEYS, vocabulary.choices.TRAINING_FREQUENCY_CHOICES),
        (vocabulary.SCORECARD_ITEM_KEYS, vocabulary.choices.SCORECARD_ITEM_CHOICES),
        (vocabulary.SCORECARD_STATUS_KEYS, vocabulary.choices.SCORECARD_STATUS_CHOICES),
        (vocabulary.HOST_LINK_KINDS, vocabulary.choices.HOST_LINK_KIND_CHOICES),
        (vocabulary.HOST_VERDICTS, vocabulary.choices.HOST_VERDICT_CHOICES),
    ],
)
def test_every_code_has_one_choice_in_the_same_order(codes, choices):
    assert tuple(code for code, _label in choices) == tuple(codes)


def test_the_motivations_labels_and_explanations_cover_every_motivation():
    assert tuple(key for key, _label, _help in vocabulary.choices.MOTIVATIONS) == vocabulary.MOTIVATION_KEYS
    assert all(str(label) and str(help_text) for _key, label, help_text in vocabulary.choices.MOTIVATIONS)


REPOSITORY = Path(__file__).resolve().parents[2]


def test_the_engine_and_the_vocabulary_codes_load_without_django():
    """The engine runs without Django installed or configured: importing it (and the codes it
    reads) loads no Django module."""
    probe = (
        "import sys, matching.engine, vocabulary; "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'rest_framework'}); "
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False, cwd=REPOSITORY)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("training_level", "licence_status", "supervised"),
    [
        (vocabulary.STUDENT, vocabulary.LICENCE_NONE, True),
        (vocabulary.RESIDENT, vocabulary.LICENCE_TRAINING, True),
        (vocabulary.RESIDENT, vocabulary.LICENCE_ACTIVE, True),
        (vocabulary.ATTENDING, vocabulary.LICENCE_ACTIVE, False),
        (vocabulary.ATTENDING, vocabulary.LICENCE_INACTIVE, True),
        (vocabulary.RETIRED, vocabulary.LICENCE_ACTIVE, False),
        (vocabulary.RETIRED, vocabulary.LICENCE_INACTIVE, True),
    ],
)
def test_supervision_is_needed_by_trainees_and_anyone_without_an_active_licence(
    training_level, licence_status, supervised
):
    class Person:
        pass

    person = Person()
    person.training_level, person.licence_status = training_level, licence_status
    assert vocabulary.needs_supervision(person) is supervised
