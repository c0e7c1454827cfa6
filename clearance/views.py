"""Clearance pages: an accepted application's clearance (both sides; the coordinator records
registration and sign-off), and the physician's emergency contact and fitness statement."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from applications.models import Application
from physicians.models import PhysicianProfile

from .forms import ReadinessForm, RegistrationForm
from .models import VolunteerReadiness
from .selectors import clearance_for_application
from .services import clearance_registration_record, clearance_sign_off


@login_required
def application_clearance(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("trip__organization", "physician__user", "specialty"), pk=pk
    )
    if not request.user.has_perm("clearance.view_clearance", application):
        raise Http404
    can_record = rules.has_perm("clearance.record_clearance", request.user, application)
    state = clearance_for_application(application=application)
    record = state.record
    form = RegistrationForm(
        initial={
            "status": record.registration_status,
            "reference": record.registration_reference,
            "submitted_on": record.registration_submitted_on,
            "decided_on": record.registration_decided_on,
            "valid_until": record.registration_valid_until,
        }
    )
    if request.method == "POST":
        if not can_record:
            # Admins see clearance but the organization records it; the applicant reads only.
            raise PermissionDenied
        if "sign_off" in request.POST:
            clearance_sign_off(application=application, by_user=request.user, signed=request.POST["sign_off"] == "1")
            messages.success(request, _("Sign-off saved."))
            return redirect("clearance:application", pk=application.pk)
        form = RegistrationForm(request.POST)
        if form.is_valid():
            try:
                clearance_registration_record(application=application, by_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Registration saved."))
                return redirect("clearance:application", pk=application.pk)
    readiness = VolunteerReadiness.objects.filter(physician_id=application.physician_id).first()
    return render(
        request,
        "clearance/application_clearance.html",
        {"application": application, "state": state, "form": form, "can_record": can_record, "readiness": readiness},
    )


@login_required
def my_readiness(request):
    physician = PhysicianProfile.objects.filter(user=request.user).first()
    if physician is None:
        raise Http404
    instance = VolunteerReadiness.objects.filter(physician=physician).first()
    form = ReadinessForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        readiness = form.save(commit=False)
        readiness.physician = physician
        readiness.save()
        messages.success(request, _("Saved. Organizations see this only once they accept you."))
        return redirect("clearance:readiness")
    return render(request, "clearance/readiness.html", {"form": form})
