"""Writes that carry rules for organizations: vetting and membership."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import MembershipRole, Organization, OrganizationMembership, VettingDecision, VettingStatus

# Which vetting status may follow which. A rejected organization may re-apply
# (back to pending); a verified one can be suspended or asked for more information.
ALLOWED_VETTING_TRANSITIONS = {
    VettingStatus.PENDING: {VettingStatus.VERIFIED, VettingStatus.NEEDS_INFORMATION, VettingStatus.REJECTED},
    VettingStatus.NEEDS_INFORMATION: {VettingStatus.PENDING, VettingStatus.VERIFIED, VettingStatus.REJECTED},
    VettingStatus.VERIFIED: {VettingStatus.SUSPENDED, VettingStatus.NEEDS_INFORMATION},
    VettingStatus.SUSPENDED: {VettingStatus.VERIFIED, VettingStatus.REJECTED},
    VettingStatus.REJECTED: {VettingStatus.PENDING},
}


def vetting_transition_allowed(*, from_status, to_status):
    return to_status in ALLOWED_VETTING_TRANSITIONS.get(from_status, set())


@transaction.atomic
def organization_change_vetting_status(*, organization, to_status, decided_by, reason):
    """Move an organization to a new vetting status and record the decision.

    Raises ValidationError for a refused transition or a missing reason; the row is
    locked so two admins deciding at once cannot both apply a stale transition.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason: it is kept in the organization's vetting history.")})
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    from_status = locked.vetting_status
    if not vetting_transition_allowed(from_status=from_status, to_status=to_status):
        raise ValidationError(
            _("An organization that is %(from)s cannot become %(to)s.")
            % {
                "from": VettingStatus(from_status).label.lower(),
                "to": VettingStatus(to_status).label.lower(),
            }
        )
    locked.vetting_status = to_status
    locked.save(update_fields=["vetting_status", "updated_at"])
    decision = VettingDecision.objects.create(
        organization=locked, decided_by=decided_by, from_status=from_status, to_status=to_status, reason=reason
    )
    organization.vetting_status = to_status
    return decision


@transaction.atomic
def organization_create(*, owner, name, registration_country, slug=None, **fields):
    """Create an organization (pending vetting) with its creator as owner."""
    from django.utils.text import slugify

    base = slugify(slug or name)[:180] or "organization"
    candidate, n = base, 2
    while Organization.objects.filter(slug=candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    organization = Organization.objects.create(
        name=name, slug=candidate, registration_country=registration_country, **fields
    )
    OrganizationMembership.objects.create(organization=organization, user=owner, role=MembershipRole.OWNER)
    return organization

