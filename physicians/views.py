from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import vocabulary.choices
from applications.pending import apply_url, trip_to_apply
from matching.engine import leans_on_adventure_or_skills
from matching.selectors import volunteer_profile

from .forms import AvailabilityFormSet, LanguageFormSet, MotivationsForm, PlacesForm, PracticeForm
from .models import PhysicianProfile
from .services import physician_motivations_set, physician_profile_update

STEPS = (
    ("practice", gettext_lazy("Your practice")),
    ("languages", gettext_lazy("Languages and availability")),
    ("places", gettext_lazy("Places and budget")),
    ("motivations", gettext_lazy("Motivations")),
)
STEP_KEYS = [key for key, _label in STEPS]


def _own_profile(request):
    profile = PhysicianProfile.objects.with_related().filter(user=request.user).first()
    if profile is None:
        raise Http404  # organizations' accounts have no physician profile
    return profile


@login_required
def profile(request):
    physician = _own_profile(request)
    weights = {w.motivation: w.weight for w in physician.motivation_weights.all()}
    motivations = [(label, weights.get(key, 0)) for key, label, _help in vocabulary.choices.MOTIVATIONS]
    region_names = dict(vocabulary.choices.REGION_CHOICES)
    return render(
        request,
        "physicians/profile.html",
        {
            "physician": physician,
            "motivations": motivations,
            "regions": [region_names[r] for r in physician.preferred_regions if r in region_names],
            "steps": STEPS,
            # The same kind pointer the matches page shows, from the same engine rule.
            "leaning": leans_on_adventure_or_skills(volunteer_profile(physician)),
        },
    )


def _rows(formset, fields):
    """The formset's rows that are kept (filled in and not marked for deletion), as dicts."""
    return [
        {name: form.cleaned_data[name] for name in fields}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


@login_required
def profile_edit(request, step):
    if step not in STEP_KEYS:
        raise Http404
    physician = _own_profile(request)
    data = request.POST or None
    forms = {}
    if step == "practice":
        forms["form"] = PracticeForm(data, instance=physician)
    elif step == "languages":
        forms["languages"] = LanguageFormSet(data, instance=physician, prefix="languages")
        forms["availability"] = AvailabilityFormSet(data, instance=physician, prefix="availability")
    elif step == "places":
        forms["form"] = PlacesForm(data, instance=physician)
    else:
        weights = {w.motivation: w.weight for w in physician.motivation_weights.all()}
        forms["form"] = MotivationsForm(data, weights=weights, statement=physician.motivation_statement)

    if request.method == "POST" and all(f.is_valid() for f in forms.values()):
        if step == "motivations":
            form = forms["form"]
            physician_motivations_set(
                physician=physician, weights=form.weights(), statement=form.cleaned_data["statement"]
            )
        elif step == "languages":
            physician_profile_update(
                physician=physician,
                languages=_rows(forms["languages"], ("language", "proficiency")),
                availability_windows=_rows(forms["availability"], ("start_date", "end_date")),
            )
        else:
            form = forms["form"]
            values = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "other_specialties"}
            physician_profile_update(
                physician=physician, values=values, other_specialties=form.cleaned_data.get("other_specialties")
            )
        messages.success(request, _("Saved."))
        index = STEP_KEYS.index(step)
        if "add_row" in request.POST:
            return redirect("physicians:profile-edit", step=step)
        if index + 1 < len(STEP_KEYS):
            return redirect("physicians:profile-edit", step=STEP_KEYS[index + 1])
        trip = trip_to_apply(request=request)
        if trip is not None:
            messages.success(
                request, _("Your profile is complete. You can now apply to %(trip)s.") % {"trip": trip.title}
            )
            return redirect(apply_url(trip))
        messages.success(request, _("Your profile is complete. Here are the trips that fit you best."))
        return redirect("matching:mine")
    return render(
        request,
        "physicians/profile_step.html",
        {
            "step": step,
            "steps": STEPS,
            "step_label": dict(STEPS)[step],
            "physician": physician,
            "trip_to_apply": trip_to_apply(request=request),
            **forms,
        },
    )
