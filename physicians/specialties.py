"""The common specialties every MissionMatch database starts with."""

from django.utils.text import slugify
from django.utils.translation import gettext_noop

from .models import Specialty

# Stored in English; pages show them in the reader's language (Specialty.__str__).
COMMON_SPECIALTIES = (
    gettext_noop("Family medicine"),
    gettext_noop("Internal medicine"),
    gettext_noop("Pediatrics"),
    gettext_noop("General surgery"),
    gettext_noop("Obstetrics and gynecology"),
    gettext_noop("Emergency medicine"),
    gettext_noop("Anesthesiology"),
    gettext_noop("Orthopedic surgery"),
    gettext_noop("Ophthalmology"),
    gettext_noop("Infectious disease"),
    gettext_noop("Psychiatry"),
    gettext_noop("Cardiology"),
    gettext_noop("Radiology"),
    gettext_noop("Urology"),
    gettext_noop("Otolaryngology (ENT)"),
    gettext_noop("Dermatology"),
    gettext_noop("Plastic and reconstructive surgery"),
    gettext_noop("Neonatology"),
    gettext_noop("Pathology"),
    gettext_noop("Dentistry and oral surgery"),
)


def ensure_common_specialties():
    """Create any missing common specialty (idempotent); returns them by slug."""
    existing = {s.slug: s for s in Specialty.objects.all()}
    missing = [Specialty(name=name, slug=slugify(name)) for name in COMMON_SPECIALTIES if slugify(name) not in existing]
    if missing:
        Specialty.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {s.slug: s for s in Specialty.objects.all()}
    return existing


def common_specialty(slug):
    """One common specialty by slug, creating the common set if a test database was flushed."""
    specialty = Specialty.objects.filter(slug=slug).first()
    return specialty or ensure_common_specialties()[slug]
