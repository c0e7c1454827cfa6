"""The host partner's private pages: no account, a single-use expiring link."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

import vocabulary.choices

from .models import HostPartnerLink
from .services import host_claims_submit, host_feedback_submit


class HostClaimsForm(forms.Form):
    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in vocabulary.HOST_CLAIMS:
            self.fields[f"{key}_verdict"] = forms.ChoiceField(
                label=_(label), choices=vocabulary.choices.HOST_VERDICT_CHOICES, widget=forms.RadioSelect
            )
            self.fields[f"{key}_comment"] = forms.CharField(
                label=_("In your own words (optional)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=4000,
            )

    def answers(self):
        return {
            key: (self.cleaned_data[f"{key}_verdict"], self.cleaned_data[f"{key}_comment"])
            for key in vocabulary.HOST_CLAIM_KEYS
        }


YES_NO = ((True, _("Yes")), (False, _("No")))


class HostFeedbackForm(forms.Form):
    follow_ups_handed_over = forms.TypedChoiceField(
        label=_("Were the trip's follow-ups handed over to your team?"),
        choices=YES_NO,
        coerce=lambda v: v == "True",
        widget=forms.RadioSelect,
    )
    local_staff_learned = forms.TypedChoiceField(
        label=_("Did your staff learn something useful?"),
        choices=YES_NO,
        coerce=lambda v: v == "True",
        widget=forms.RadioSelect,
    )
    would_host_again = forms.TypedChoiceField(
        label=_("Would you host this organization again?"),
        choices=YES_NO,
        coerce=lambda v: v == "True",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


def host_link(request, token):
    """The link's pages speak the contact's language (chosen when the organization named them),
    whatever the browser says."""
    link = HostPartnerLink.objects.select_related("partner__organization", "trip").filter(token=token).first()
    if link is None:
        raise Http404
    with translation.override(link.language):
        response = _host_link_page(request, link)
    response["Content-Language"] = link.language
    return response


def _host_link_page(request, link):
    organization = link.partner.organization
    closed_reason = None
    if link.used_at is not None:
        closed_reason = _("This link has already been used. Thank you — your answer is with us.")
    elif link.expires_at <= timezone.now():
        closed_reason = _("This link has expired. Ask the organization or our team for a new one.")
    if closed_reason:
        return render(request, "organizations/host_link_closed.html", {"reason": closed_reason}, status=410)

    is_confirmation = link.kind == vocabulary.HOST_CONFIRMATION
    form_class = HostClaimsForm if is_confirmation else HostFeedbackForm
    kwargs = {"organization": organization} if is_confirmation else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            if is_confirmation:
                host_claims_submit(link=link, answers=form.answers())
            else:
                host_feedback_submit(link=link, **form.cleaned_data)
        except ValidationError as error:
            return render(
                request, "organizations/host_link_closed.html", {"reason": " ".join(error.messages)}, status=410
            )
        return render(request, "organizations/host_link_thanks.html", {"organization": organization})
    return render(
        request,
        "organizations/host_link.html",
        {"form": form, "link": link, "organization": organization, "is_confirmation": is_confirmation},
    )
