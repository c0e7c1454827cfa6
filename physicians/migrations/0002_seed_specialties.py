from django.db import migrations
from django.utils.text import slugify

COMMON_SPECIALTIES = [
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
]


def seed(apps, schema_editor):
    Specialty = apps.get_model("physicians", "Specialty")
    for name in COMMON_SPECIALTIES:
        Specialty.objects.get_or_create(slug=slugify(name), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("physicians", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
