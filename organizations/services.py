"""Writes that carry rules for organizations: vetting and membership."""

import secrets
from datetime import timedelta

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

import vocabulary
from matching.generation import engine_input_changed
from notifications.services import email_enqueue, recipient_language
from trips.models import Trip, TripStatus

from .models import (
    HostClaimResponse,
    HostFeedback,
    HostPartnerLink,
    LocalPartner,
    MembershipRole,
    Organization,
    OrganizationInvitation,
    OrganizationMembership,
    VettingDecision,
    VettingStatus,
)

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
    engine_input_changed(organization_ids=[locked.pk])
    decision = VettingDecision.objects.create(
        organization=locked, decided_by=decided_by, from_status=from_status, to_status=to_status, reason=reason
    )
    organization.vetting_status = to_status
    _vetting_decision_email_owners(decision)
    return decision


# Members describe everything about their organization except these: admins decide the
# vetting status (organization_change_vetting_status), and links to it rely on the slug.
MEMBER_READ_ONLY_FIELDS = frozenset({"id", "slug", "vetting_status", "created_at", "updated_at"})
LOCAL_PARTNER_FIELDS = ("name", "country", "description", "contact_name", "contact_email", "contact_language")
LOCAL_PARTNERS_MAX = 20


@transaction.atomic
def organization_profile_update(*, organization, values, local_partners=()):
    """Save what a member changed in the organization's profile and evidence; its page and the
    API both call this. `values` are the organization's own fields (never its vetting status
    or slug). `local_partners` are changes to its partners, each a dict of LOCAL_PARTNER_FIELDS
    with `id` (an existing partner's, or None for a new one) and `delete` (True to remove it);
    partners not named stay as they are. Raises ValidationError on a read-only field, on more
    than LOCAL_PARTNERS_MAX partners, or on a partner of another organization."""
    refused = sorted(set(values) & MEMBER_READ_ONLY_FIELDS)
    if refused:
        raise ValidationError({field: _("Members cannot change this.") for field in refused})
    changes = [row for row in local_partners if row.get("id") is not None or not row.get("delete")]
    _local_partner_changes_check(organization=organization, changes=changes)
    for field, value in values.items():
        setattr(organization, field, value)
    organization.save()
    for row in changes:
        fields = {name: row[name] for name in LOCAL_PARTNER_FIELDS if name in row}
        if row.get("id") is None:
            LocalPartner.objects.create(organization=organization, **fields)
        elif row.get("delete"):
            LocalPartner.objects.filter(pk=row["id"], organization=organization).delete()
        else:
            LocalPartner.objects.filter(pk=row["id"], organization=organization).update(**fields)
    engine_input_changed(organization_ids=[organization.pk])  # the evidence the engine scores
    return organization


def _local_partner_changes_check(*, organization, changes):
    ids = [row["id"] for row in changes if row.get("id") is not None]
    if not changes:
        return
    current = set(LocalPartner.objects.filter(organization=organization).values_list("pk", flat=True))
    if len(ids) != len(set(ids)) or set(ids) - current:
        raise ValidationError({"local_partners": _("Name each of your own local partners once.")})
    removed = sum(1 for row in changes if row.get("id") is not None and row.get("delete"))
    added = sum(1 for row in changes if row.get("id") is None)
    if len(current) - removed + added > LOCAL_PARTNERS_MAX:
        raise ValidationError(
            {"local_partners": _("List at most %(max)d local partners.") % {"max": LOCAL_PARTNERS_MAX}}
        )


def _vetting_decision_email_owners(decision):
    """Tell the organization's owners what was decided and why, in the same transaction as the decision."""
    organization = decision.organization
    owners = organization.memberships.filter(role=MembershipRole.OWNER).values_list("user__email", "user__language")
    for email, language in owners:
        with translation.override(language):
            email_enqueue(
                to=email,
                subject=_("%(organization)s on MissionMatch: %(status)s")
                % {"organization": organization.name, "status": VettingStatus(decision.to_status).label.lower()},
                template="emails/vetting_decision.txt",
                context={"decision": decision, "organization": organization},
            )


@transaction.atomic
def organization_create(*, owner, name, registration_country, slug=None, **fields):
    """Create an organization (pending vetting) with its creator as owner."""
    base = slugify(slug or name)[:180] or "organization"
    candidate, n = base, 2
    while Organization.objects.filter(slug=candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    organization = Organization.objects.create(
        name=name, slug=candidate, registration_country=registration_country, **fields
    )
    OrganizationMembership.objects.create(organization=organization, user=owner, role=MembershipRole.OWNER)
    return organization


# --- The host partner's voice -------------------------------------------------------

HOST_LINK_DAYS_VALID = 21


def host_link_create(*, partner, kind, trip=None, created_by=None, now=None):
    """Create a private, expiring link for a host partner's contact and email it to them."""
    if not partner.contact_email:
        raise ValidationError(_("Add the host partner contact's email address first."))
    if kind == vocabulary.HOST_FEEDBACK and trip is None:
        raise ValidationError(_("Feedback links are for one of the organization's own trips."))
    # A link speaks for one organization only: it may never name another's trip.
    if trip is not None and trip.organization_id != partner.organization_id:
        raise ValidationError(_("A host partner's link can only be about the organization's own trips."))
    now = now or timezone.now()
    with transaction.atomic():
        link = HostPartnerLink.objects.create(
            partner=partner,
            kind=kind,
            trip=trip,
            token=secrets.token_urlsafe(32),
            email=partner.contact_email,
            language=partner.contact_language,
            created_by=created_by,
            expires_at=now + timedelta(days=HOST_LINK_DAYS_VALID),
        )
        with translation.override(link.language):
            email_enqueue(
                to=link.email,
                subject=(
                    _("Please tell us about %(org)s's work with you") % {"org": partner.organization.name}
                    if kind == vocabulary.HOST_CONFIRMATION
                    else _("How did the %(trip)s trip go?") % {"trip": trip.title}
                ),
                template="emails/host_link.txt",
                context={"link": link, "url": reverse("organizations:host-link", kwargs={"token": link.token})},
            )
    return link


def _lock_usable_link(link, now):
    now = now or timezone.now()
    locked = HostPartnerLink.objects.select_for_update().select_related("partner").get(pk=link.pk)
    if locked.used_at is not None:
        raise ValidationError(_("This link has already been used. Thank you — your answer is with us."))
    if locked.expires_at <= now:
        raise ValidationError(_("This link has expired. Ask the organization or our team for a new one."))
    locked.used_at = now
    locked.save(update_fields=["used_at"])
    return locked


@transaction.atomic
def host_claims_submit(*, link, answers, now=None):
    """Record the host partner's confirmations and disputes ({claim: (verdict, comment)}).
    The link is single use and belongs to one organization: answers go to that one only."""
    locked = _lock_usable_link(link, now)
    if locked.kind != vocabulary.HOST_CONFIRMATION:
        raise ValidationError(_("This link is for trip feedback."))
    unknown = set(answers) - set(vocabulary.HOST_CLAIM_KEYS)
    if unknown or not answers:
        raise ValidationError(_("Answer each question."))
    responses = HostClaimResponse.objects.bulk_create(
        [
            HostClaimResponse(
                link=locked,
                organization_id=locked.partner.organization_id,
                claim=claim,
                verdict=verdict,
                comment=comment,
                language=locked.language,
            )
            for claim, (verdict, comment) in sorted(answers.items())
        ]
    )
    engine_input_changed(organization_ids=[locked.partner.organization_id])
    return responses


@transaction.atomic
def host_feedback_submit(*, link, follow_ups_handed_over, local_staff_learned, would_host_again, comment="", now=None):
    """Record the host partner's view of a completed trip (single use)."""
    locked = _lock_usable_link(link, now)
    if locked.kind != vocabulary.HOST_FEEDBACK:
        raise ValidationError(_("This link is for confirming the organization's claims."))
    feedback = HostFeedback.objects.create(
        link=locked,
        organization_id=locked.partner.organization_id,
        trip_id=locked.trip_id,
        follow_ups_handed_over=follow_ups_handed_over,
        local_staff_learned=local_staff_learned,
        would_host_again=would_host_again,
        comment=comment,
        language=locked.language,
    )
    engine_input_changed(organization_ids=[locked.partner.organization_id])
    return feedback


def host_feedback_request_for_completed_trips(*, created_by=None):
    """Ask host partners about every completed trip not yet asked about (idempotent)."""
    created = 0
    asked = Trip.objects.filter(host_links__kind=vocabulary.HOST_FEEDBACK)
    for trip in Trip.objects.filter(status=TripStatus.COMPLETED).exclude(pk__in=asked).select_related("organization"):
        for partner in LocalPartner.objects.filter(organization=trip.organization).exclude(contact_email=""):
            host_link_create(partner=partner, kind=vocabulary.HOST_FEEDBACK, trip=trip, created_by=created_by)
            created += 1
    return created


# --- Members ----------------------------------------------------------------------------


def invitation_create(*, organization, email, role, invited_by):
    """An owner invites someone by email; the link in the email adds them once accepted."""
    if not rules.test_rule("organizations.invite_member", invited_by, organization):
        raise ValidationError(_("Only owners can invite members."))
    if organization.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    with transaction.atomic():
        invitation = OrganizationInvitation.objects.create(
            organization=organization,
            email=email.strip().lower(),
            role=role,
            token=secrets.token_urlsafe(32),
            invited_by=invited_by,
        )
        with translation.override(recipient_language(invitation.email)):
            email_enqueue(
                to=invitation.email,
                subject=_("Join %(org)s on MissionMatch") % {"org": organization.name},
                template="emails/invitation.txt",
                context={"invitation": invitation, "url": reverse("manage:accept-invitation", args=[invitation.token])},
            )
    return invitation


def member_name(user):
    """How a member is named to others: the name they gave, or their email address (never a
    username they did not choose)."""
    return user.get_full_name() or user.email


def membership_remove(*, organization, membership, removed_by):
    """An owner removes a member from the organization, who loses access to its trips and
    applications and is told by email. The organization always keeps an owner, so the last
    owner cannot be removed (nor remove themselves)."""
    if not rules.test_rule("organizations.remove_member", removed_by, organization):
        raise PermissionDenied(_("Only owners can remove members."))
    if membership.organization_id != organization.pk:
        raise ValidationError(_("This person is not a member of %(org)s.") % {"org": organization.name})
    with transaction.atomic():
        # Lock the owners so two owners removing each other cannot leave none.
        owners = list(
            OrganizationMembership.objects.select_for_update()
            .filter(organization=organization, role=MembershipRole.OWNER)
            .values_list("pk", flat=True)
        )
        if membership.role == MembershipRole.OWNER and set(owners) <= {membership.pk}:
            raise ValidationError(
                _("%(name)s is the last owner of %(org)s and cannot be removed. Make someone else an owner first.")
                % {"name": member_name(membership.user), "org": organization.name}
            )
        user = membership.user
        membership.delete()
        with translation.override(user.language):
            email_enqueue(
                to=user.email,
                subject=_("You are no longer a member of %(org)s on MissionMatch") % {"org": organization.name},
                template="emails/membership_removed.txt",
                context={"organization": organization, "removed_by": member_name(removed_by)},
            )


@transaction.atomic
def invitation_accept(*, token, user, now=None):
    """Add the signed-in user as a member if the invitation is theirs, unused and not expired."""
    now = now or timezone.now()
    invitation = (
        OrganizationInvitation.objects.select_for_update().select_related("organization").filter(token=token).first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation does not exist."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.created_at + timedelta(days=OrganizationInvitation.INVITATION_DAYS) < now:
        raise ValidationError(_("This invitation has expired; ask for a new one."))
    if (user.email or "").lower() != invitation.email:
        raise ValidationError(_("This invitation was sent to another email address. Log in with that account."))
    OrganizationMembership.objects.get_or_create(
        organization=invitation.organization, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    return invitation
