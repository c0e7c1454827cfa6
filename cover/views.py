"""An organization's cover calendars and cover rounds (members and admins only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations.models import Organization

from .forms import CoverCalendarForm, CoverPeriodFormSet, CoverProposalAcceptForm
from .models import CoverCalendar, CoverProposal, CoverRound
from .selectors import (
    cover_calendar_for_member,
    cover_calendars_of,
    cover_round_with_proposals,
    cover_rounds_of,
    cover_status,
    cover_statuses,
)
from .services import (
    cover_calendar_delete,
    cover_calendar_save,
    cover_proposal_accept,
    cover_proposal_dismiss,
    cover_proposal_invite,
    cover_round_request,
)


def _organization(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    if not request.user.has_perm("cover.change_calendar", organization):
        raise Http404
    return organization


def _calendar(organization, pk):
    try:
        return cover_calendar_for_member(organization=organization, pk=pk)
    except CoverCalendar.DoesNotExist:
        raise Http404 from None


def _form_errors(form, error):
    for field, texts in (error.message_dict if hasattr(error, "error_dict") else {None: error.messages}).items():
        form.add_error(field if field in form.fields else None, texts)


@login_required
def calendar_list(request, slug):
    organization = _organization(request, slug)
    return render(
        request,
        "cover/calendar_list.html",
        {"organization": organization, "statuses": cover_statuses(cover_calendars_of(organization))},
    )


@login_required
def calendar_edit(request, slug, pk=None):
    organization = _organization(request, slug)
    calendar = _calendar(organization, pk) if pk is not None else None
    initial = {"specialty": calendar.specialty, "minimum_stay_weeks": calendar.minimum_stay_weeks} if calendar else None
    periods_initial = (
        [{"start_date": p.start_date, "end_date": p.end_date} for p in calendar.periods.all()] if calendar else None
    )
    form = CoverCalendarForm(request.POST or None, initial=initial)
    periods = CoverPeriodFormSet(request.POST or None, initial=periods_initial, prefix="periods")
    if request.method == "POST" and form.is_valid() and periods.is_valid():
        try:
            saved = cover_calendar_save(
                organization=organization,
                calendar=calendar,
                specialty=form.cleaned_data["specialty"],
                minimum_stay_weeks=form.cleaned_data["minimum_stay_weeks"],
                periods=[
                    (row.cleaned_data["start_date"], row.cleaned_data["end_date"])
                    for row in periods.forms
                    if row.cleaned_data and not row.cleaned_data.get("DELETE")
                ],
                by_user=request.user,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, _("The cover calendar for %(specialty)s is saved.") % {"specialty": saved.specialty}
            )
            return redirect("cover:detail", slug=organization.slug, pk=saved.pk)
    return render(
        request,
        "cover/calendar_form.html",
        {"organization": organization, "calendar": calendar, "form": form, "periods": periods},
    )


@login_required
def calendar_detail(request, slug, pk):
    organization = _organization(request, slug)
    calendar = _calendar(organization, pk)
    return render(
        request,
        "cover/calendar_detail.html",
        {
            "organization": organization,
            "calendar": calendar,
            "status": cover_status(calendar),
            "rounds": cover_rounds_of(calendar)[:10],
        },
    )


@login_required
@require_POST
def calendar_delete(request, slug, pk):
    organization = _organization(request, slug)
    cover_calendar_delete(calendar=_calendar(organization, pk), by_user=request.user)
    messages.success(request, _("The cover calendar is deleted."))
    return redirect("cover:list", slug=organization.slug)


@login_required
@require_POST
def round_start(request, slug, pk):
    organization = _organization(request, slug)
    calendar = _calendar(organization, pk)
    try:
        cover_round = cover_round_request(calendar=calendar, requested_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cover:detail", slug=organization.slug, pk=calendar.pk)
    return redirect("cover:round", slug=organization.slug, pk=calendar.pk, round_pk=cover_round.pk)


@login_required
def round_detail(request, slug, pk, round_pk):
    organization = _organization(request, slug)
    calendar = _calendar(organization, pk)
    try:
        cover_round = cover_round_with_proposals(calendar=calendar, pk=round_pk)
    except CoverRound.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "cover/round_detail.html",
        {
            "organization": organization,
            "calendar": calendar,
            "cover_round": cover_round,
            "accept_form": CoverProposalAcceptForm(),
        },
    )


def _proposal(organization, calendar_pk, round_pk, pk):
    return get_object_or_404(
        CoverProposal.objects.select_related("trip", "physician__user", "cover_round__calendar__organization"),
        pk=pk,
        cover_round_id=round_pk,
        cover_round__calendar_id=calendar_pk,
        cover_round__calendar__organization=organization,
    )


@login_required
@require_POST
def proposal_answer(request, slug, pk, round_pk, proposal_pk, action):
    organization = _organization(request, slug)
    proposal = _proposal(organization, pk, round_pk, proposal_pk)
    back = redirect("cover:round", slug=organization.slug, pk=pk, round_pk=round_pk)
    try:
        if action == "accept":
            form = CoverProposalAcceptForm(request.POST)
            if not form.is_valid():
                for field, texts in form.errors.items():
                    messages.error(request, f"{form.fields[field].label}: {' '.join(texts)}")
                return back
            accepted = cover_proposal_accept(proposal=proposal, by_user=request.user, **form.cleaned_data)
            messages.success(
                request, _("A draft trip is ready for this stay: check it, open it, then invite the physician.")
            )
            return redirect("manage:trip-edit", slug=organization.slug, pk=accepted.trip_id)
        if action == "dismiss":
            cover_proposal_dismiss(proposal=proposal, by_user=request.user)
        elif action == "invite":
            cover_proposal_invite(proposal=proposal, by_user=request.user)
            messages.success(request, _("The physician is invited to apply."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return back
