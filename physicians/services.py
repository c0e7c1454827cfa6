"""Writes for physician profiles that touch more than one row."""

from django.db import transaction

from .models import MotivationWeight


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
