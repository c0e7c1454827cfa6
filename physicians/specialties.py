"""The common specialties every MissionMatch database starts with."""

from django.utils.text import slugify

from .models import Specialty

COMMON_SPECIALTIES = (
    "Family medicine",
    "Internal medicine",
    "Pediatrics",
    "General surgery",
    "Obstetrics and gynecology",
    "Emergency medicine",
    "Anesthesiology",
    "Orthopedic surgery",
    "Ophthalmology",
    "Infectious disease",
    "Psychiatry",
    "Cardiology",
    "Radiology",
    "Urology",
    "Otolaryngology (ENT)",
    "Dermatology",
    "Plastic and reconstructive surgery",
    "Neonatology",
    "Pathology",
    "Dentistry and oral surgery",
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
