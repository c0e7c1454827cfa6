import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from physicians.models import PhysicianProfile
from portal.ids import is_plain_id
from trips.models import Trip
from trips.views import render_trip_page, visible_trip_or_404

from .forms import ApplyForm, PostTripReportForm, ReviewForm
from .models import Application, ApplicationStatus, ChecklistItem, TripInvitation
from .pending import apply_url, trip_to_apply_forget, trip_to_apply_remember
from .selectors import (
    applications_for_physician,
    applications_for_trip,
    apply_specialties,
    invitations_open_for_physician,
)
from .services import (
    application_create,
    application_decide,
    application_withdraw,
    checklist_item_set_done,
    physician_invitations_set,
    post_trip_report_create,
    review_create,
    trip_invitation_create,
    trip_invitation_decline,
)


def _physician(request):
    physician = PhysicianProfile.objects.filter(user=request.user).select_related("primary_specialty").first()
    if physician is None:
        raise Http404
    return physician


def _error_text(error):
    return " ".join(error.messages)


@login_required
@require_POST
def apply(request, pk):
    physician = _physician(request)
    trip = visible_trip_or_404(request, pk)
    form = ApplyForm(request.POST, specialties=apply_specialties(physician=physician, trip=trip))
    if form.is_valid():
        try:
            application_create(physician=physician, trip=trip, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            trip_to_apply_forget(request=request)
            days = settings.APPLICATION_EXPIRY_DAYS
            messages.success(
                request,
                ngettext(
                    "Your application is on its way. The organization will answer within %(days)d day.",
                    "Your application is on its way. The organization will answer within %(days)d days.",
                    days,
                )
                % {"days": days},
            )
            return redirect("applications:mine")
    # The trip page again, the form showing why, with what the physician typed.
    return render_trip_page(request, trip, apply_form=form)


def apply_start(request, pk):
    """A visitor's "Sign up to apply" / "Log in to apply": the trip is remembered for after
    sign-up, email confirmation and the profile steps; someone signed in goes straight to the form."""
    trip = visible_trip_or_404(request, pk)
    if request.user.is_authenticated:
        return redirect(apply_url(trip))
    trip_to_apply_remember(request=request, trip=trip)
    return redirect("account_login" if request.GET.get("account") == "existing" else "account_signup")


@login_required
def mine(request):
    physician = _physician(request)
    page = Paginator(applications_for_physician(physician=physician), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/mine.html",
        {
            "page_obj": page,
            "applications": page.object_list,
            "physician": physician,
            "invitations": invitations_open_for_physician(physician=physician),
        },
    )


@login_required
@require_POST
def invite(request, pk):
    """An organization member invites a suggested physician to apply to the trip."""
    trip = get_object_or_404(Trip.objects.select_related("organization"), pk=pk)
    physician_id = request.POST.get("physician")
    physician = (
        PhysicianProfile.objects.select_related("user").filter(pk=physician_id).first()
        if is_plain_id(physician_id)
        else None
    )
    back = redirect("matching:suggested-volunteers", pk=trip.pk)
    if physician is None:
        messages.error(request, _("Choose a physician from the suggestions."))
        return back
    try:
        trip_invitation_create(
            trip=trip, physician=physician, invited_by=request.user, note=request.POST.get("note", "")
        )
    except PermissionDenied:
        raise Http404 from None  # as for the suggestions page: the trip's members only
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("%(name)s has been invited by email to apply.") % {"name": physician.display_name})
    return back


@login_required
@require_POST
def invitation_decline(request, pk):
    invitation = get_object_or_404(TripInvitation.objects.select_related("trip"), pk=pk, physician__user=request.user)
    try:
        trip_invitation_decline(invitation=invitation, by_user=request.user)
        messages.success(request, _("You have declined the invitation to %(trip)s.") % {"trip": invitation.trip.title})
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("applications:mine")


@login_required
@require_POST
def invitations_setting(request):
    physician = _physician(request)
    accepts = request.POST.get("accepts") == "on"
    physician_invitations_set(physician=physician, accepts=accepts)
    messages.success(
        request,
        _("Organizations can invite you to apply again.")
        if accepts
        else _("Organizations can no longer invite you to apply."),
    )
    return redirect("applications:mine")


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    """GET asks for confirmation, saying what withdrawing does; POST withdraws."""
    application = get_object_or_404(
        Application.objects.select_related("physician", "trip__organization"), pk=pk, physician__user=request.user
    )
    if request.method == "GET":
        if not application.is_active:
            return redirect("applications:mine")
        consequences = [
            _("%(organization)s is emailed that you withdrew.") % {"organization": application.trip.organization.name}
        ]
        if application.status == ApplicationStatus.ACCEPTED:
            consequences.append(_("Your place is given up and offered to someone else."))
        consequences.append(_("You can apply again while the trip takes applications."))
        return render(
            request,
            "confirm.html",
            {
                "title": _("Withdraw your application?"),
                "lead": _("This withdraws your application to %(trip)s.") % {"trip": application.trip.title},
                "consequences": consequences,
                "action": request.path,
                "hidden": {},
                "confirm_label": _("Withdraw my application"),
                "cancel_url": reverse("applications:mine"),
            },
        )
    try:
        application_withdraw(application=application, by_user=request.user)
        messages.success(request, _("You have withdrawn your application."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("applications:mine")


def _trip_for_member(request, pk):
    trip = get_object_or_404(Trip.objects.select_related("organization"), pk=pk)
    if not request.user.has_perm("trips.change_trip", trip):
        raise Http404
    return trip


@login_required
def inbox(request, pk):
    trip = _trip_for_member(request, pk)
    applications = applications_for_trip(trip=trip)
    needs = trip.specialty_needs.select_related("specialty")
    return render(
        request,
        "applications/inbox.html",
        {"trip": trip, "applications": applications, "needs": needs, "statuses": ApplicationStatus},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, pk):
    """POST decides; GET is the confirmation page a decline goes through first."""
    application = get_object_or_404(Application.objects.select_related("trip__organization", "physician"), pk=pk)
    if not request.user.has_perm("applications.change_application", application):
        raise Http404
    if request.method == "GET":
        if request.GET.get("decision") != ApplicationStatus.DECLINED or not application.is_active:
            return redirect("applications:inbox", pk=application.trip_id)
        consequences = [
            _("%(name)s is emailed the decision, with your note.") % {"name": application.physician.display_name}
        ]
        if application.status == ApplicationStatus.ACCEPTED:
            consequences.append(_("Their place is freed for another applicant."))
        return render(
            request,
            "confirm.html",
            {
                "title": _("Decline this application?"),
                "lead": _("This declines %(name)s's application to %(trip)s.")
                % {"name": application.physician.display_name, "trip": application.trip.title},
                "consequences": consequences,
                "action": request.path,
                "hidden": {"decision": ApplicationStatus.DECLINED},
                "note_label": _("Note to the applicant (optional)"),
                "confirm_label": _("Decline the application"),
                "cancel_url": reverse("applications:inbox", args=[application.trip_id]),
            },
        )
    decision = request.POST.get("decision")
    if decision not in (ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED, ApplicationStatus.WAITLISTED):
        messages.error(request, _("Choose accept, decline or waitlist."))
    else:
        try:
            application_decide(
                application=application,
                decision=decision,
                decided_by=request.user,
                note=request.POST.get("note", "")[:2000],
            )
            messages.success(request, _("Decision saved; an email to the applicant is on its way."))
        except ValidationError as error:
            messages.error(request, _error_text(error))
    return redirect("applications:inbox", pk=application.trip_id)


@login_required
def checklist(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("trip__organization", "physician"),
        pk=pk,
        physician__user=request.user,
        status=ApplicationStatus.ACCEPTED,
    )
    if request.method == "POST":
        # The button states the wanted state rather than "toggle", so a double-submitted
        # click (or one from a stale tab) leaves the item as the user meant.
        item_id, done = request.POST.get("item", ""), request.POST.get("done")
        if not is_plain_id(item_id):
            raise Http404
        if done not in ("0", "1"):
            return HttpResponseBadRequest(_("Say whether the item is done."), content_type="text/plain")
        try:
            checklist_item_set_done(application=application, item_id=int(item_id), done=done == "1", user=request.user)
        except ChecklistItem.DoesNotExist:
            raise Http404 from None
        # Back to the item just ticked, not the top of a long list.
        return redirect(reverse("applications:checklist", args=[application.pk]) + f"#item-{int(item_id)}")
    items = list(application.checklist_items.all())
    done = sum(item.done for item in items)
    return render(
        request,
        "applications/checklist.html",
        {"application": application, "items": items, "done": done, "total": len(items)},
    )


@login_required
def review(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("trip__organization", "physician"), pk=pk, physician__user=request.user
    )
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_create(application=application, by_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Your review helps the next volunteer choose well."))
            return redirect("applications:mine")
    return render(request, "applications/review.html", {"application": application, "form": form})


@login_required
def report(request, pk):
    trip = _trip_for_member(request, pk)
    if not rules.test_rule("applications.report_on_trip", request.user, trip):
        # Staff may read everything, but a report is the organization's own account of its
        # trip: administrators do not file one on its behalf (the service refuses too).
        raise PermissionDenied
    form = PostTripReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post_trip_report_create(trip=trip, by_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Report saved. It now shows on your organization's page."))
            return redirect("manage:dashboard", slug=trip.organization.slug)
    return render(request, "applications/report.html", {"trip": trip, "form": form})
