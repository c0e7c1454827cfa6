"""An organization's own pages: dashboard, profile and evidence, trips. Members only."""

import rules
from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from applications.models import ACTIVE_APPLICATION_STATUSES, ApplicationStatus
from trips.forms import NeedFormSet, TripForm
from trips.models import Trip, TripStatus
from trips.services import trip_change_status, trip_duplicate, trip_save

from .forms import LocalPartnerFormSet, OrganizationProfileForm
from .models import MembershipRole, Organization, VettingStatus
from .selectors import organization_host_answers
from .services import (
    LOCAL_PARTNER_FIELDS,
    invitation_accept,
    invitation_create,
    member_name,
    membership_remove,
    organization_change_vetting_status,
    organization_profile_update,
)

VETTING_EXPLAINED = {
    VettingStatus.PENDING: gettext_lazy(
        "Our team is reviewing your evidence. Until you are verified, nothing of yours is public and trips cannot open."
    ),
    VettingStatus.NEEDS_INFORMATION: gettext_lazy(
        "We need more information before we can verify you: see the note from our team, update your evidence, "
        "then resubmit."
    ),
    VettingStatus.VERIFIED: gettext_lazy("You are verified: your organization page and open trips are public."),
    VettingStatus.REJECTED: gettext_lazy("We could not verify your organization. Your page and trips are not public."),
    VettingStatus.SUSPENDED: gettext_lazy(
        "Your organization is suspended while we look into a concern. Your page and trips are hidden."
    ),
}


def _organization_for_member(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    if not request.user.has_perm("organizations.change_organization", organization):
        raise Http404
    return organization


@login_required
def dashboard(request, slug):
    organization = _organization_for_member(request, slug)
    trips = (
        Trip.objects.for_organization(organization)
        .annotate(pending=Count("applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED)))
        .select_related("report")
        .order_by("-start_date", "-id")
    )
    last_decision = organization.vetting_decisions.first()
    host_claims, host_feedback = organization_host_answers(organization=organization)
    return render(
        request,
        "manage/dashboard.html",
        {
            "organization": organization,
            "trips": trips,
            "vetting_explained": VETTING_EXPLAINED[organization.vetting_status],
            "last_decision": last_decision,
            "host_claims": host_claims,
            "host_feedback": host_feedback,
        },
    )


@login_required
def edit(request, slug):
    organization = _organization_for_member(request, slug)
    form = OrganizationProfileForm(request.POST or None, instance=organization)
    partners = LocalPartnerFormSet(request.POST or None, instance=organization, prefix="partners")
    if request.method == "POST" and form.is_valid() and partners.is_valid():
        organization_profile_update(
            organization=organization,
            values={name: form.cleaned_data[name] for name in OrganizationProfileForm.Meta.fields},
            local_partners=[
                {
                    "id": row.instance.pk,
                    "delete": bool(row.cleaned_data.get("DELETE")),
                    **{name: row.cleaned_data[name] for name in LOCAL_PARTNER_FIELDS if name in row.cleaned_data},
                }
                for row in partners.forms
                if row.cleaned_data and row.has_changed()
            ],
        )
        messages.success(request, _("Your profile and evidence are saved."))
        return redirect("manage:dashboard", slug=organization.slug)
    return render(request, "manage/edit.html", {"organization": organization, "form": form, "partners": partners})


@login_required
@require_POST
def resubmit(request, slug):
    organization = _organization_for_member(request, slug)
    try:
        organization_change_vetting_status(
            organization=organization,
            to_status=VettingStatus.PENDING,
            decided_by=request.user,
            reason="Organization updated its evidence and asked for review.",
        )
        messages.success(request, _("Thank you. Our team will review your evidence again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("manage:dashboard", slug=organization.slug)


def _add_service_errors(form, error):
    """A service's field messages on the form's fields, the others (places) above the form."""
    for field, messages_ in (error.message_dict if hasattr(error, "error_dict") else {None: error.messages}).items():
        form.add_error(field if field in form.fields else None, messages_)


def _trip_form_page(request, organization, trip=None):
    form = TripForm(request.POST or None, instance=trip)
    needs = NeedFormSet(request.POST or None, instance=trip or Trip(organization=organization), prefix="needs")
    if request.method == "POST" and form.is_valid() and needs.is_valid():
        try:
            saved = trip_save(
                organization=organization,
                trip=trip,
                values={name: form.cleaned_data[name] for name in TripForm.Meta.fields},
                needs=[
                    (row.cleaned_data["specialty"], row.cleaned_data["places"])
                    for row in needs.forms
                    if row.cleaned_data and not row.cleaned_data.get("DELETE")
                ],
                languages=form.cleaned_data.get("languages") or (),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Trip saved.")
                + (" " + _("Open it when you are ready for applications.") if saved.status == TripStatus.DRAFT else ""),
            )
            return redirect("manage:dashboard", slug=organization.slug)
    return render(
        request, "manage/trip_form.html", {"organization": organization, "form": form, "needs": needs, "trip": trip}
    )


@login_required
def trip_create(request, slug):
    return _trip_form_page(request, _organization_for_member(request, slug))


@login_required
def trip_edit(request, slug, pk):
    organization = _organization_for_member(request, slug)
    trip = get_object_or_404(Trip, pk=pk, organization=organization)
    return _trip_form_page(request, organization, trip)


@login_required
@require_http_methods(["GET", "POST"])
def trip_status(request, slug, pk):
    """POST changes the status; GET is the confirmation page cancelling goes through first."""
    organization = _organization_for_member(request, slug)
    trip = get_object_or_404(Trip, pk=pk, organization=organization)
    if request.method == "GET":
        if request.GET.get("status") != TripStatus.CANCELLED or trip.status in (
            TripStatus.COMPLETED,
            TripStatus.CANCELLED,
        ):
            return redirect("manage:dashboard", slug=organization.slug)
        return _trip_cancel_confirmation(request, organization, trip)
    to_status = request.POST.get("status")
    if to_status not in TripStatus.values:
        messages.error(request, _("Unknown status."))
    else:
        try:
            trip_change_status(trip=trip, to_status=to_status, changed_by=request.user)
            message = _("“%(trip)s” is now %(status)s.") % {
                "trip": trip.title,
                "status": TripStatus(to_status).label.lower(),
            }
            if to_status == TripStatus.CANCELLED:
                message += " " + _(
                    "Applications still waiting or accepted are declined, and an email to each applicant is on its way."
                )
            messages.success(request, message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("manage:dashboard", slug=organization.slug)


def _trip_cancel_confirmation(request, organization, trip):
    applicants = trip.applications.filter(status__in=ACTIVE_APPLICATION_STATUSES).count()
    consequences = [
        ngettext(
            "It declines %(n)d application still waiting or accepted, and emails the applicant.",
            "It declines %(n)d applications still waiting or accepted, and emails each applicant.",
            applicants,
        )
        % {"n": applicants}
        if applicants
        else _("No one has an application waiting or accepted, so no one is emailed."),
        _("The trip leaves the search and cannot be opened again."),
    ]
    return render(
        request,
        "confirm.html",
        {
            "title": _("Cancel this trip?"),
            "lead": _("This cancels “%(trip)s”.") % {"trip": trip.title},
            "consequences": consequences,
            "action": request.path,
            "hidden": {"status": TripStatus.CANCELLED},
            "confirm_label": ngettext(
                "Cancel the trip and email %(n)d applicant", "Cancel the trip and email %(n)d applicants", applicants
            )
            % {"n": applicants}
            if applicants
            else _("Cancel the trip"),
            "cancel_url": reverse("manage:dashboard", args=[organization.slug]),
        },
    )


@login_required
@require_POST
def trip_copy(request, slug, pk):
    organization = _organization_for_member(request, slug)
    trip = get_object_or_404(Trip, pk=pk, organization=organization)
    copy = trip_duplicate(trip=trip, created_by=request.user)
    messages.success(request, _("Copied as a new draft, one year later. Check the dates and places, then open it."))
    return redirect("manage:trip-edit", slug=organization.slug, pk=copy.pk)


@login_required
def members(request, slug):
    organization = _organization_for_member(request, slug)

    class InviteForm(django_forms.Form):
        email = django_forms.EmailField(label=_("Email address"))
        role = django_forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.EDITOR)

    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if not rules.test_rule("organizations.invite_member", request.user, organization):
            raise PermissionDenied
        if form.is_valid():
            try:
                invitation_create(organization=organization, invited_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Invitation sent."))
                return redirect("manage:members", slug=organization.slug)
    return render(
        request,
        "manage/members.html",
        {
            "organization": organization,
            "memberships": organization.memberships.select_related("user").order_by("role", "user__email"),
            "invitations": organization.invitations.filter(accepted_at__isnull=True),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, slug, pk):
    """GET: a confirmation page saying what removing the member does; POST: remove them."""
    organization = _organization_for_member(request, slug)
    membership = get_object_or_404(organization.memberships.select_related("user"), pk=pk)
    if not rules.test_rule("organizations.remove_member", request.user, organization):
        raise PermissionDenied
    name = member_name(membership.user)
    if request.method == "POST":
        try:
            membership_remove(organization=organization, membership=membership, removed_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s is no longer a member of %(org)s.") % {"name": name, "org": organization.name}
            )
        return redirect("manage:members", slug=organization.slug)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Remove %(name)s?") % {"name": name},
            "lead": _("This removes %(name)s from %(org)s; they lose access to its trips and applications.")
            % {"name": name, "org": organization.name},
            "consequences": [
                _("We email %(name)s to tell them.") % {"name": name},
                _("To give them access again, invite them again."),
            ],
            "action": request.path,
            "hidden": {},
            "confirm_label": _("Remove %(name)s") % {"name": name},
            "cancel_url": reverse("manage:members", args=[organization.slug]),
        },
    )


@login_required
def accept_invitation(request, token):
    if request.method == "POST":
        try:
            invitation = invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("home")
        messages.success(request, _("Welcome to %(org)s.") % {"org": invitation.organization.name})
        return redirect("manage:dashboard", slug=invitation.organization.slug)
    return render(request, "manage/accept_invitation.html", {"token": token})
