from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .services import ORGANIZATION, PHYSICIAN, account_role_setup


class RoleSignupForm(forms.Form):
    """Extra sign-up fields (allauth's ACCOUNT_SIGNUP_FORM_CLASS): who is joining."""

    role = forms.ChoiceField(
        label=_("I am joining as"),
        choices=(
            (PHYSICIAN, _("A physician who wants to volunteer")),
            (ORGANIZATION, _("An organization that runs medical missions")),
        ),
        widget=forms.RadioSelect,
    )
    display_name = forms.CharField(
        label=_("Your name as organizations will see it"),
        max_length=150,
        required=False,
        help_text=_("Physicians only, e.g. Dr. Ana López."),
    )
    organization_name = forms.CharField(label=_("Organization name"), max_length=200, required=False)
    registration_country = CountryField(blank=True).formfield(
        label=_("Country where the organization is registered"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role == PHYSICIAN and not cleaned.get("display_name"):
            self.add_error("display_name", _("Tell us the name organizations should see."))
        if role == ORGANIZATION:
            if not cleaned.get("organization_name"):
                self.add_error("organization_name", _("Give your organization's name."))
            if not cleaned.get("registration_country"):
                self.add_error("registration_country", _("Choose the country of registration."))
        return cleaned

    def signup(self, request, user):
        account_role_setup(
            user=user,
            **{
                k: self.cleaned_data.get(k)
                for k in ("role", "display_name", "organization_name", "registration_country")
            },
        )


class ApiTokenRevokeForm(forms.Form):
    """Revoke one API token (by the key prefix shown on the page), or all of them."""

    token_key = forms.CharField(max_length=25, required=False, widget=forms.HiddenInput)
    everywhere = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("everywhere") and not cleaned.get("token_key"):
            raise forms.ValidationError(_("Choose a token to revoke, or sign out everywhere."))
        return cleaned
