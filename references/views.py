"""Reference pages: the physician's referees (and whether each answered), the organization's
requests and answers per application, and the referee's private single-use link."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from applications.models import Application
from physicians.models import PhysicianProfile

from .forms import RefereesForm, ReferenceAnswerForm
from .selectors import referees_for_physician, reference_requests_for_application
from .services import referees_set, reference_answer, reference_request_open, reference_requests_send


@login_required
def my_referees(request):
    physician = PhysicianProfile.objects.filter(user=request.user).first()
    if physician is None:
        raise Http404
    current = referees_for_physician(physician=physician)
    form = RefereesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            referees_set(physician=physician, referees=form.referees())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Referees saved."))
            return redirect("references:mine")
    # Whether each referee answered, never what they said.
    asked = (
        Application.objects.filter(physician=physician, reference_requests__isnull=False)
        .select_related("trip")
        .distinct()
    )
    statuses = [
        (
            application,
            reference_requests_for_application(application=application).only(
                "answered_at", "expires_at", "referee__name", "referee__position"
            ),
        )
        for application in asked
    ]
    return render(request, "references/mine.html", {"form": form, "statuses": statuses})


@login_required
def application_references(request, pk):
    application = get_object_or_404(Application.objects.select_related("trip__organization", "physician"), pk=pk)
    if not rules.has_perm("references.see_status", request.user, application):
        raise Http404
    can_request = rules.has_perm("references.request_references", request.user, application)
    if request.method == "POST":
        if not can_request:
            raise PermissionDenied
        try:
            sent = reference_requests_send(application=application, by_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)d reference request(s) sent.") % {"n": len(sent)})
        return redirect("references:application", pk=application.pk)
    return render(
        request,
        "references/application.html",
        {
            "application": application,
            "requests": reference_requests_for_application(application=application),
            "can_read_answers": rules.has_perm("references.read_answers", request.user, application),
            "can_request": can_request,
        },
    )


@never_cache
def answer(request, token):
    """The referee's page: no account; the link is single-use and expires."""
    reference = reference_request_open(token=token)
    if reference is None:
        return render(request, "references/closed.html", status=410)
    form = ReferenceAnswerForm(request.POST or None, instance=reference)
    if request.method == "POST" and form.is_valid():
        try:
            reference_answer(token=token, answers={f: form.cleaned_data[f] for f in ReferenceAnswerForm.Meta.fields})
        except ValidationError:
            return render(request, "references/closed.html", status=410)
        return render(request, "references/thanks.html")
    return render(request, "references/answer.html", {"form": form, "reference": reference})
