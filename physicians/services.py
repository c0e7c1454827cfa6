"""Writes of physician profiles: the profile pages and the API both go through here, so
both refuse the same things."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from matching.generation import volunteer_input_changed

from .models import AvailabilityWindow, MotivationWeight, PhysicianLanguage

# Bounds on the lists a profile keeps: matching reads every row of them for every trip, and
# nobody speaks twenty languages or plans twenty separate windows.
LANGUAGES_MAX = 20
AVAILABILITY_WINDOWS_MAX = 20


@transaction.atomic
def physician_profile_update(
    *,
    physician,
    values=None,
    other_specialties=None,
    languages=None,
    availability_windows=None,
    motivation_weights=None,
):
    """Save what the physician changed in their profile. `values` are the profile's own
    fields; each list given replaces the current one (None keeps it): `other_specialties`
    (Specialty rows), `languages` ({language, proficiency} dicts, each language once),
    `availability_windows` ({start_date, end_date} dicts). `motivation_weights` ({key: 0-3})
    update the motivations named and keep the others.

    Raises ValidationError with field messages: more than LANGUAGES_MAX languages or a language
    twice, more than AVAILABILITY_WINDOWS_MAX windows or one ending before it starts."""
    errors = {}
    if languages is not None:
        codes = [row["language"] for row in languages]
        if len(codes) > LANGUAGES_MAX:
            errors["languages"] = _("List at most %(max)d languages.") % {"max": LANGUAGES_MAX}
        elif len(codes) != len(set(codes)):
            errors["languages"] = _("List each language once.")
    if availability_windows is not None:
        if len(availability_windows) > AVAILABILITY_WINDOWS_MAX:
            errors["availability_windows"] = _("List at most %(max)d availability windows.") % {
                "max": AVAILABILITY_WINDOWS_MAX
            }
        elif any(row["end_date"] < row["start_date"] for row in availability_windows):
            errors["availability_windows"] = _("The end of a window cannot come before its start.")
    if errors:
        raise ValidationError(errors)

    if values:
        for field, value in values.items():
            setattr(physician, field, value)
        physician.save()
    if other_specialties is not None:
        physician.other_specialties.set(other_specialties)
    if languages is not None:
        PhysicianLanguage.objects.filter(physician=physician).delete()
        PhysicianLanguage.objects.bulk_create(
            [
                PhysicianLanguage(physician=physician, language=r["language"], proficiency=r["proficiency"])
                for r in languages
            ]
        )
    if availability_windows is not None:
        AvailabilityWindow.objects.filter(physician=physician).delete()
        AvailabilityWindow.objects.bulk_create(
            [
                AvailabilityWindow(physician=physician, start_date=r["start_date"], end_date=r["end_date"])
                for r in availability_windows
            ]
        )
    if motivation_weights is not None:
        current = dict(MotivationWeight.objects.filter(physician=physician).values_list("motivation", "weight"))
        physician_motivations_set(
            physician=physician, weights={**current, **motivation_weights}, statement=physician.motivation_statement
        )
    volunteer_input_changed(physician_ids=[physician.pk])  # what suggested volunteers and rounds read
    return physician


@transaction.atomic
def physician_motivations_set(*, physician, weights, statement):
    """Replace a physician's motivation weights (0-3 each) and their own statement."""
    MotivationWeight.objects.filter(physician=physician).delete()
    MotivationWeight.objects.bulk_create(
        [
            MotivationWeight(physician=physician, motivation=key, weight=weight)
            for key, weight in sorted(weights.items())
        ]
    )
    physician.motivation_statement = statement
    physician.save(update_fields=["motivation_statement", "updated_at"])
    volunteer_input_changed(physician_ids=[physician.pk])
