"""Waitlist pages: the physician's open offers (accept or decline), a trip's waitlist settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations.rules import is_member_of
from trips.models import Trip

from .forms import WaitlistSettingsForm
from .models import OfferStatus, WaitlistOffer, WaitlistSettings
from .services import waitlist_offer_accept, waitlist_offer_decline


@login_required
def my_offers(request):
    offers = WaitlistOffer.objects.filter(
        application__physician__user=request.user, status=OfferStatus.OPEN, expires_at__gt=timezone.now()
    ).select_related("trip", "specialty")
    return render(request, "waitlist/my_offers.html", {"offers": offers})


@login_required
@require_POST
def answer(request, pk):
    offer = get_object_or_404(WaitlistOffer, pk=pk, application__physician__user=request.user)
    try:
        if request.POST.get("answer") == "accept":
            waitlist_offer_accept(offer=offer, by_user=request.user)
            messages.success(request, _("The place is yours. Your preparation checklist is ready."))
        elif request.POST.get("answer") == "decline":
            waitlist_offer_decline(offer=offer, by_user=request.user)
            messages.success(request, _("You let the place go; it is offered to the next volunteer."))
        else:
            messages.error(request, _("Accept or decline the offer."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("waitlist:mine")


@login_required
def trip_settings(request, pk):
    trip = get_object_or_404(Trip.objects.select_related("organization"), pk=pk)
    if not is_member_of(request.user, trip.organization_id):
        raise Http404
    instance = WaitlistSettings.objects.filter(trip=trip).first() or WaitlistSettings(trip=trip)
    form = WaitlistSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Waitlist settings saved."))
        return redirect("waitlist:trip-settings", pk=trip.pk)
    return render(request, "waitlist/trip_settings.html", {"trip": trip, "form": form})
