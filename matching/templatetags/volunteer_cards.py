"""The cards of "Suggested volunteers", written once here as format strings.

Twenty cards through the template engine (an include per card, a blocktranslate, a
form with its csrf token) cost more CPU than ranking 100,000 physicians; the same markup
from format strings costs a fraction (docs/benchmarks.md). Every value is escaped here
as the template's autoescaping did, and the translated texts use the template's msgids.
"""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from .match_cards import _explanation, _Texts

register = template.Library()

CARD = (
    '    <article class="card">\n'
    '      <h2 class="card-title">{name}</h2>\n'
    '      <p class="card-meta">{specialties} · {level} · {years}</p>\n'
    '      <div class="card-body">{explanation}</div>\n'
    "      {invitation}\n"
    "    </article>\n"
)
INVITE = (
    '<form method="post" action="{action}" class="stack invite-form">{csrf}\n'
    '          <input type="hidden" name="physician" value="{pk}">\n'
    '          <label for="invite-note-{pk}">{note_label}</label>\n'
    '          <textarea id="invite-note-{pk}" name="note" rows="2" maxlength="2000"></textarea>\n'
    '          <div class="form-actions"><button type="submit">{invite}</button></div>\n'
    "        </form>"
)
CSRF = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'


def _csrf_input(token):
    """As `{% csrf_token %}` renders it."""
    if not token or token == "NOTPROVIDED":
        return ""
    return CSRF.format(conditional_escape(token))


def _invitation(physician, texts):
    if not physician.accepts_invitations:
        return f'<p class="small muted">{texts["declines"]}</p>'
    if not texts["open"]:
        return ""
    return INVITE.format(
        action=texts["action"],
        csrf=texts["csrf"],
        pk=physician.pk,
        note_label=texts["note_label"],
        invite=texts["invite"] % {"name": conditional_escape(physician.display_name)},
    )


def _specialties(physician):
    names = [physician.primary_specialty] if physician.primary_specialty else []
    return ", ".join(conditional_escape(str(s)) for s in names + list(physician.other_specialties))


@register.simple_tag(takes_context=True)
def volunteer_cards(context, suggestions, trip, invitations_open, invitations_left):
    """The cards of a page of suggestions (`VolunteerMatchView`s): the physician, their
    specialties, training level and years in practice, the explanation and, while
    invitations can be sent, the invitation form."""
    explanation_texts = _Texts()
    texts = {
        "open": bool(invitations_open and invitations_left),
        "action": reverse("applications:invite", args=[trip.pk]),
        "csrf": _csrf_input(context.get("csrf_token")),
        "note_label": conditional_escape(gettext("Your note (optional, sent with the invitation)")),
        "declines": conditional_escape(gettext("This physician does not take invitations.")),
        # As blocktranslate renders it: the translation is trusted, the values escaped.
        "invite": gettext("Invite %(name)s to apply"),
    }
    cards = []
    for item in suggestions:
        physician = item.physician
        years = physician.years_in_practice
        cards.append(
            CARD.format(
                name=conditional_escape(physician.display_name),
                specialties=_specialties(physician),
                level=conditional_escape(str(physician.training_level_display)),
                years=ngettext("%(years)s year in practice", "%(years)s years in practice", years) % {"years": years},
                explanation=_explanation(item.match, explanation_texts),
                invitation=_invitation(physician, texts),
            )
        )
    return mark_safe("".join(cards))
