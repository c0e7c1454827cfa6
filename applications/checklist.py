"""The preparation checklist: standard steps in our own words, plus the organization's own."""

from django.utils.translation import gettext as _

from .models import ChecklistItem


def standard_items(trip):
    """(topic, title, detail) of the steps every volunteer takes."""
    country = trip.country.name
    return [
        (
            "registration",
            _("Permission to practise in %(country)s") % {"country": country},
            _(
                "Apply to the host country's medical authority for a temporary licence or registration; "
                "it can take weeks."
            ),
        ),
        (
            "cover",
            _("Malpractice and medical-evacuation cover"),
            _(
                "Check that your cover is valid in the host country and includes evacuation to a hospital "
                "that can treat you."
            ),
        ),
        (
            "vaccinations",
            _("Vaccinations and prophylaxis"),
            _(
                "See a travel clinic six to eight weeks before you leave: vaccines, malaria prophylaxis, "
                "and post-exposure prophylaxis for needle-stick injuries."
            ),
        ),
        (
            "visa",
            _("Visa and entry"),
            _("Check the visa rules for volunteers and that your passport is valid for six months after return."),
        ),
        (
            "orientation",
            _("Cultural orientation"),
            _(
                "Learn greetings and basic phrases, local customs around illness, and how consent and modesty "
                "are handled."
            ),
        ),
        (
            "briefing",
            _("Briefing on local conditions"),
            _("Find out which drugs, tests and referrals exist locally, so your plans fit what patients can get."),
        ),
        (
            "safety",
            _("Safety protocol"),
            _("Read the organization's security rules: transport, curfews, and who to call."),
        ),
        (
            "self_care",
            _("Self-care and debrief plan"),
            _("Plan rest during the trip and a debrief after it: hard cases stay with people."),
        ),
        (
            "contacts",
            _("Emergency contacts"),
            _("Leave your itinerary and the in-country contacts with someone at home."),
        ),
    ]


def organization_items(trip):
    """(topic, title, detail) of the organization's own steps, by the topic of the standard step each replaces."""
    org = trip.organization
    items = []
    if trip.host_registration_requirements:
        items.append(
            ("registration", _("Host-country registration for this trip"), trip.host_registration_requirements)
        )
    if org.offers_cultural_orientation:
        items.append(
            (
                "orientation",
                _("Attend %(org)s's cultural orientation") % {"org": org.name},
                org.cultural_orientation_description,
            )
        )
    if org.offers_predeparture_briefing:
        items.append(
            (
                "briefing",
                _("Join %(org)s's pre-departure briefing") % {"org": org.name},
                org.predeparture_briefing_description,
            )
        )
    if org.has_safety_protocol:
        items.append(
            ("safety", _("Read %(org)s's safety protocol") % {"org": org.name}, org.safety_protocol_description)
        )
    if org.offers_self_care_support:
        items.append(("self_care", _("Book your debrief with %(org)s") % {"org": org.name}, org.self_care_description))
    return items


def checklist_create_for(*, application):
    """Create the checklist once, when an application is accepted (idempotent)."""
    if application.checklist_items.exists():
        return
    trip = application.trip
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(application=application, position=i, title=t, detail=d or "")
            for i, (t, d) in enumerate(checklist_items(trip), 1)
        ]
    )


def checklist_items(trip):
    """(title, detail) of each step: the organization's own first; a standard step on a topic
    the organization covers (registration, orientation, briefing, safety, self-care) is left
    out, so no step appears twice; an organization step without a description takes ours."""
    standard = {topic: (title, detail) for topic, title, detail in standard_items(trip)}
    own = organization_items(trip)
    covered = {topic for topic, _title, _detail in own}
    return [(title, detail or standard[topic][1]) for topic, title, detail in own] + [
        (title, detail) for topic, (title, detail) in standard.items() if topic not in covered
    ]
