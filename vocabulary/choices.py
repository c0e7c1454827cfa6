"""The vocabularies' labels in the reader's language: the choices for model fields and forms,
and the motivations' names and explanations for pages.

Translated lazily (needs no settings until a label is rendered). The codes these label are in
`vocabulary` itself, which the matching engine reads without Django.
"""

from django.utils.translation import gettext_lazy as _

import vocabulary as v
from vocabulary import (
    ADVENTURE,
    ATTENDING,
    CONFIRMED,
    CONTINUITY,
    DISPUTED,
    EDUCATION_LOCAL,
    EDUCATION_MIXED,
    EDUCATION_NONE,
    EDUCATION_VOLUNTEERS,
    FAITH,
    GROWTH,
    HOST_CONFIRMATION,
    HOST_FEEDBACK,
    IMMERSION,
    LANGUAGES,
    LICENCE_ACTIVE,
    LICENCE_INACTIVE,
    LICENCE_NONE,
    LICENCE_TRAINING,
    MET,
    NOT_MET,
    PARTLY,
    PROFICIENCY_NAMES,
    REGIONS,
    RENEWAL,
    RESIDENT,
    RETIRED,
    SCORECARD_ITEMS,
    STUDENT,
    TEACHING,
    TRAINING_EACH_TRIP,
    TRAINING_NONE,
    TRAINING_OCCASIONAL,
    TRAINING_YEAR_ROUND,
    UNDERSERVED,
    UNKNOWN,
)

# --- Motivations -----------------------------------------------------------
MOTIVATIONS = (
    (
        TEACHING,
        _("Teaching and building local capacity"),
        _(
            "You want the skills to stay behind: training nurses, clinical officers and "
            "doctors who will keep caring for patients after you fly home."
        ),
    ),
    (
        CONTINUITY,
        _("Long-term partnership and continuity of care"),
        _(
            "You want to return to the same place over years, working with an organization "
            "whose local clinic follows up every patient you see."
        ),
    ),
    (
        UNDERSERVED,
        _("Serving the underserved"),
        _(
            "You want your time to go where the need is greatest, as the community itself "
            "has defined it, through a trusted local partner."
        ),
    ),
    (
        RENEWAL,
        _("Reconnecting with purpose or recovering from burnout"),
        _(
            "You hope medicine will feel meaningful again. Good organizations brief you "
            "before you leave and debrief you when you return."
        ),
    ),
    (
        FAITH,
        _("Faith-based service"),
        _("Your faith calls you to serve, and you would like to serve alongside people who share it."),
    ),
    (
        GROWTH,
        _("Professional growth and new skills"),
        _(
            "You want to learn: tropical medicine, low-resource practice, new procedures. "
            "This is only safe with supervision and inside your scope of practice."
        ),
    ),
    (
        IMMERSION,
        _("Cultural immersion"),
        _(
            "You want to understand the people you serve: their language, customs and "
            "health beliefs. Cultural orientation and shared language help most."
        ),
    ),
    (
        ADVENTURE,
        _("Adventure and travel"),
        _(
            "You are drawn to new places. That is human, but the trip exists for the "
            "patients: pick one whose care continues after you leave."
        ),
    ),
)
MOTIVATION_LABELS = {key: label for key, label, _help in MOTIVATIONS}
MOTIVATION_CHOICES = tuple((key, label) for key, label, _help in MOTIVATIONS)

# --- Language proficiency ---------------------------------------------------
PROFICIENCY_CHOICES = tuple((level, _(name)) for level, name in PROFICIENCY_NAMES.items())

# --- Training level and licence status (scope of practice) --------------------
TRAINING_LEVEL_CHOICES = (
    (STUDENT, _("Medical student")),
    (RESIDENT, _("Resident / registrar")),
    (ATTENDING, _("Attending / consultant")),
    (RETIRED, _("Retired physician")),
)
LICENCE_STATUS_CHOICES = (
    (LICENCE_ACTIVE, _("Full, active licence")),
    (LICENCE_TRAINING, _("Training or provisional licence (residents)")),
    (LICENCE_NONE, _("No licence yet (students)")),
    (LICENCE_INACTIVE, _("Inactive or lapsed licence (for example, retired)")),
)

# --- Languages and world regions ----------------------------------------------
LANGUAGE_CHOICES = tuple((code, _(name)) for code, name in LANGUAGES)
REGION_CHOICES = tuple((key, _(name)) for key, (name, _countries) in REGIONS.items())

# --- Organization evidence ------------------------------------------------------
EDUCATION_AUDIENCE_CHOICES = (
    (EDUCATION_LOCAL, _("Aimed at local staff")),
    (EDUCATION_MIXED, _("Both local staff and volunteers")),
    (EDUCATION_VOLUNTEERS, _("Aimed at visiting volunteers")),
    (EDUCATION_NONE, _("No education activities")),
)

TRAINING_FREQUENCY_CHOICES = (
    (TRAINING_NONE, _("Never")),
    (TRAINING_OCCASIONAL, _("Occasionally")),
    (TRAINING_EACH_TRIP, _("On every trip")),
    (TRAINING_YEAR_ROUND, _("Year-round, between trips too")),
)

# --- Ethics scorecard (vetting) ---------------------------------------------------
SCORECARD_ITEM_CHOICES = tuple((key, _(label)) for key, _principle, label in SCORECARD_ITEMS)
SCORECARD_STATUS_CHOICES = (
    (MET, _("Met")),
    (PARTLY, _("Partly met")),
    (NOT_MET, _("Not met")),
    (UNKNOWN, _("Unknown")),
)

# --- The host partner's voice -----------------------------------------------------
HOST_LINK_KIND_CHOICES = (
    (HOST_CONFIRMATION, _("Confirm the organization's claims")),
    (HOST_FEEDBACK, _("Feedback after a completed trip")),
)
HOST_VERDICT_CHOICES = (
    (CONFIRMED, _("Yes, this is true")),
    (DISPUTED, _("No, this is not right")),
)

CREDENTIAL_KIND_CHOICES = (
    (v.MEDICAL_LICENCE, _("Medical licence")),
    (v.GOOD_STANDING, _("Letter of good standing")),
    (v.BOARD_CERTIFICATE, _("Specialty board certificate")),
    (v.DIPLOMA, _("Diploma")),
    (v.PASSPORT, _("Passport identity page")),
    (v.MALPRACTICE_COVER, _("Malpractice cover")),
    (v.EVACUATION_COVER, _("Evacuation / travel medical cover")),
    (v.VACCINATION_RECORD, _("Vaccination record")),
    (v.CV, _("CV")),
)
