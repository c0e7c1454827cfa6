"""The vocabularies (motivations, proficiency, training levels, regions, languages, specialties)
and country names (django-countries' own catalogues) read in the reader's language."""

import pytest
from django.utils import translation
from django_countries.fields import Country

import vocabulary
import vocabulary.choices
from physicians.models import Specialty


@pytest.mark.parametrize(
    ("language", "teaching", "east_africa", "french", "fluent", "mozambique"),
    [
        (
            "es",
            "Docencia y fortalecimiento de la capacidad local",
            "África Oriental",
            "Francés",
            "Fluido",
            "Mozambique",
        ),
        ("fr", "Enseigner et renforcer les capacités locales", "Afrique de l'Est", "Français", "Courant", "Mozambique"),
        ("pt", "Ensino e fortalecimento da capacidade local", "África Oriental", "Francês", "Fluente", "Moçambique"),
    ],
)
def test_labels_in_each_language(language, teaching, east_africa, french, fluent, mozambique):
    with translation.override(language):
        assert str(vocabulary.choices.MOTIVATION_LABELS[vocabulary.TEACHING]) == teaching
        assert str(dict(vocabulary.choices.REGION_CHOICES)["east_africa"]) == east_africa
        assert str(dict(vocabulary.choices.LANGUAGE_CHOICES)["fr"]) == french
        assert str(dict(vocabulary.choices.PROFICIENCY_CHOICES)[vocabulary.FLUENT]) == fluent
        assert str(Country("MZ").name) == mozambique


def test_a_common_specialty_reads_in_the_reader_s_language_and_a_new_one_as_written():
    with translation.override("fr"):
        assert str(Specialty(name="Pediatrics")) == "Pédiatrie"
        assert str(Specialty(name="Wilderness medicine")) == "Wilderness medicine"
