"""The account's API tokens page: what is signed in through the API, and signing it out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from .forms import ApiTokenRevokeForm
from .selectors import api_tokens_active_for_user
from .services import api_token_revoke, api_tokens_revoke_all


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request):
    """Only one's own tokens are listed or revoked: every query is scoped to request.user, so
    another account's token key is a 404, as an unknown one is."""
    form = ApiTokenRevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "account/api_tokens.html", _context(request, form), status=400)
        if form.cleaned_data["everywhere"]:
            count = api_tokens_revoke_all(user=request.user)
            messages.success(
                request,
                ngettext(
                    "Signed out everywhere: %(count)d API token revoked.",
                    "Signed out everywhere: %(count)d API tokens revoked.",
                    count,
                )
                % {"count": count},
            )
        elif api_token_revoke(user=request.user, token_key=form.cleaned_data["token_key"]):
            messages.success(request, _("That API token is revoked: it no longer works."))
        else:
            raise Http404
        return redirect("accounts:api-tokens")
    return render(request, "account/api_tokens.html", _context(request, form))


def _context(request, form):
    return {"tokens": api_tokens_active_for_user(user=request.user), "form": form}
