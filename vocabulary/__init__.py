"""The fixed vocabularies MissionMatch speaks: motivations, language proficiency,
training levels, languages and world regions.

Plain Python (no ORM) so the matching engine, the models and the forms all read
the same lists. Labels are marked for translation lazily, which needs no settings
until a label is rendered.
"""

from django.utils.translation import gettext_lazy as _


def N_(message):
    """Mark a plain string for translation without touching settings (the engine runs
    without Django configured). makemessages extracts it via `--keyword=N_`."""
    return message


# --- Motivations -----------------------------------------------------------
# Each physician weights every motivation 0-3. Keys are stored in the database:
# never rename one without a data migration.
TEACHING = "teaching"
CONTINUITY = "continuity"
UNDERSERVED = "underserved"
RENEWAL = "renewal"
FAITH = "faith"
GROWTH = "growth"
IMMERSION = "immersion"
ADVENTURE = "adventure"

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
MOTIVATION_KEYS = tuple(key for key, _label, _help in MOTIVATIONS)
MOTIVATION_LABELS = {key: label for key, label, _help in MOTIVATIONS}
MOTIVATION_CHOICES = tuple((key, label) for key, label, _help in MOTIVATIONS)
MOTIVATION_WEIGHT_MIN = 0
MOTIVATION_WEIGHT_MAX = 3

# --- Language proficiency ---------------------------------------------------
BASIC = 1
CONVERSATIONAL = 2
FLUENT = 3
# Plain names (marked for extraction) for the engine, which runs without settings;
# the *_CHOICES translate them lazily for forms and pages.
PROFICIENCY_NAMES = {BASIC: N_("Basic"), CONVERSATIONAL: N_("Conversational"), FLUENT: N_("Fluent")}
PROFICIENCY_CHOICES = tuple((level, _(name)) for level, name in PROFICIENCY_NAMES.items())
# Below this a volunteer cannot take a history without an interpreter.
USEFUL_PROFICIENCY = CONVERSATIONAL

# --- Training level (scope of practice) -------------------------------------
STUDENT = "student"
RESIDENT = "resident"
ATTENDING = "attending"
RETIRED = "retired"
TRAINING_LEVEL_CHOICES = (
    (STUDENT, _("Medical student")),
    (RESIDENT, _("Resident / registrar")),
    (ATTENDING, _("Attending / consultant")),
    (RETIRED, _("Retired physician")),
)

# --- Licence status (scope of practice) ---------------------------------------
# Only a full, active licence lets a physician practise without supervision; everyone
# else (students, residents on a training licence, physicians whose licence lapsed) is
# matched like a trainee: to supervised trips only.
LICENCE_ACTIVE = "active"
LICENCE_TRAINING = "training"
LICENCE_NONE = "none"
LICENCE_INACTIVE = "inactive"
LICENCE_STATUS_CHOICES = (
    (LICENCE_ACTIVE, _("Full, active licence")),
    (LICENCE_TRAINING, _("Training or provisional licence (residents)")),
    (LICENCE_NONE, _("No licence yet (students)")),
    (LICENCE_INACTIVE, _("Inactive or lapsed licence (for example, retired)")),
)
LICENCE_STATUS_KEYS = tuple(key for key, _label in LICENCE_STATUS_CHOICES)

# --- Languages --------------------------------------------------------------
# ISO 639 codes of languages commonly needed on medical missions.
LANGUAGES = (
    ("en", N_("English")),
    ("es", N_("Spanish")),
    ("fr", N_("French")),
    ("pt", N_("Portuguese")),
    ("ht", N_("Haitian Creole")),
    ("sw", N_("Swahili")),
    ("ar", N_("Arabic")),
    ("am", N_("Amharic")),
    ("hi", N_("Hindi")),
    ("bn", N_("Bengali")),
    ("ne", N_("Nepali")),
    ("tl", N_("Tagalog")),
    ("km", N_("Khmer")),
    ("vi", N_("Vietnamese")),
    ("qu", N_("Quechua")),
    ("quc", N_("K'iche'")),
    ("rw", N_("Kinyarwanda")),
    ("lg", N_("Luganda")),
    ("ha", N_("Hausa")),
    ("yo", N_("Yoruba")),
    ("so", N_("Somali")),
    ("mg", N_("Malagasy")),
    ("ur", N_("Urdu")),
    ("zh", N_("Chinese")),
)
LANGUAGE_NAMES = dict(LANGUAGES)
LANGUAGE_CHOICES = tuple((code, _(name)) for code, name in LANGUAGES)

# --- World regions -----------------------------------------------------------
# Physicians often prefer a region rather than a country. ISO 3166 alpha-2 codes.
REGIONS = {
    "central_america": (
        _("Central America and Mexico"),
        frozenset({"MX", "GT", "BZ", "SV", "HN", "NI", "CR", "PA"}),
    ),
    "caribbean": (
        _("Caribbean"),
        frozenset({"HT", "DO", "JM", "CU", "PR", "TT", "BS", "BB", "LC", "VC", "GD", "DM"}),
    ),
    "south_america": (
        _("South America"),
        frozenset({"CO", "VE", "EC", "PE", "BO", "BR", "PY", "UY", "AR", "CL", "GY", "SR"}),
    ),
    "east_africa": (
        _("East Africa"),
        frozenset({"KE", "UG", "TZ", "RW", "BI", "ET", "SO", "SS", "ER", "DJ", "MG", "MW", "MZ"}),
    ),
    "west_central_africa": (
        _("West and Central Africa"),
        frozenset(
            {"NG", "GH", "SL", "LR", "GN", "SN", "ML", "BF", "NE", "TG", "BJ", "CI", "CM", "CD", "CG", "TD", "CF", "GA"}
        ),
    ),
    "southern_africa": (
        _("Southern Africa"),
        frozenset({"ZA", "ZM", "ZW", "BW", "NA", "LS", "SZ", "AO"}),
    ),
    "middle_east_north_africa": (
        _("Middle East and North Africa"),
        frozenset({"EG", "MA", "DZ", "TN", "LY", "SD", "JO", "LB", "SY", "IQ", "YE", "PS"}),
    ),
    "south_asia": (
        _("South Asia"),
        frozenset({"IN", "PK", "BD", "NP", "LK", "BT", "AF"}),
    ),
    "southeast_asia": (
        _("Southeast Asia"),
        frozenset({"PH", "VN", "KH", "LA", "MM", "TH", "ID", "TL", "MY"}),
    ),
    "pacific": (
        _("Pacific Islands"),
        frozenset({"PG", "FJ", "SB", "VU", "WS", "TO", "KI"}),
    ),
}
REGION_CHOICES = tuple((key, label) for key, (label, _countries) in REGIONS.items())


def region_of(country_code):
    """The region key a country belongs to, or None when we do not group it."""
    for key, (_label, countries) in REGIONS.items():
        if country_code in countries:
            return key
    return None


def countries_in_regions(region_keys):
    """Every country code in any of the given regions."""
    codes = set()
    for key in region_keys:
        if key in REGIONS:
            codes |= REGIONS[key][1]
    return frozenset(codes)


# --- Organization evidence vocabularies ---------------------------------------
EDUCATION_LOCAL = "local_staff"
EDUCATION_MIXED = "mixed"
EDUCATION_VOLUNTEERS = "volunteers"
EDUCATION_NONE = "none"
EDUCATION_AUDIENCE_CHOICES = (
    (EDUCATION_LOCAL, _("Aimed at local staff")),
    (EDUCATION_MIXED, _("Both local staff and volunteers")),
    (EDUCATION_VOLUNTEERS, _("Aimed at visiting volunteers")),
    (EDUCATION_NONE, _("No education activities")),
)

TRAINING_NONE = "none"
TRAINING_OCCASIONAL = "occasional"
TRAINING_EACH_TRIP = "each_trip"
TRAINING_YEAR_ROUND = "year_round"
TRAINING_FREQUENCY_CHOICES = (
    (TRAINING_NONE, _("Never")),
    (TRAINING_OCCASIONAL, _("Occasionally")),
    (TRAINING_EACH_TRIP, _("On every trip")),
    (TRAINING_YEAR_ROUND, _("Year-round, between trips too")),
)


# --- Ethics scorecard (vetting) ------------------------------------------------------
# About a dozen items, grouped under the six principles of the Brocher Declaration.
# Admins judge each against evidence; plain names for the engine, translated in pages.
PRINCIPLES = (
    ("partnership", N_("Mutual partnership with the host")),
    ("host_needs", N_("Needs set by the host community")),
    ("sustainability", N_("Sustainability and local capacity")),
    ("host_laws", N_("Host-country laws and professional codes")),
    ("humility", N_("Humility and cultural respect")),
    ("accountability", N_("Accountability")),
)
SCORECARD_ITEMS = (
    # (key, principle, plain words)
    ("named_host_partner", "partnership", N_("Works with a named host partner institution")),
    ("written_agreement", "partnership", N_("A written agreement (MOU) with the host partner is on file")),
    ("host_defined_needs", "host_needs", N_("The host community defined the needs the trips address")),
    ("continuity_of_care", "sustainability", N_("Patients are handed to local providers for follow-up")),
    ("local_capacity_building", "sustainability", N_("Local staff are trained, on every trip or year-round")),
    ("volunteer_registration", "host_laws", N_("Volunteers are registered with the host medical authority")),
    ("medicines_declared", "host_laws", N_("Medicines and supplies are declared to the host authorities")),
    ("donations_policy", "host_laws", N_("Donations follow an appropriate-donations policy")),
    ("scope_of_practice", "host_laws", N_("Volunteers practise within their scope, supervised where needed")),
    ("cultural_preparation", "humility", N_("Volunteers are prepared for the culture before they practise")),
    ("outcome_reporting", "accountability", N_("Outcomes are reported after every trip")),
    ("itemised_costs", "accountability", N_("Costs are itemised, including the share that reaches the host")),
)
SCORECARD_ITEM_KEYS = tuple(key for key, _principle, _label in SCORECARD_ITEMS)
SCORECARD_ITEM_NAMES = {key: label for key, _principle, label in SCORECARD_ITEMS}
SCORECARD_ITEM_CHOICES = tuple((key, _(label)) for key, _principle, label in SCORECARD_ITEMS)

MET = "met"
PARTLY = "partly"
NOT_MET = "not_met"
UNKNOWN = "unknown"
SCORECARD_STATUS_CHOICES = (
    (MET, _("Met")),
    (PARTLY, _("Partly met")),
    (NOT_MET, _("Not met")),
    (UNKNOWN, _("Unknown")),
)
# How much each judgement is worth; unknown items are left out rather than counted as failures.
SCORECARD_STATUS_SCORE = {MET: 1.0, PARTLY: 0.5, NOT_MET: 0.0, UNKNOWN: None}


# --- The host partner's voice ---------------------------------------------------------
HOST_CONFIRMATION = "confirmation"
HOST_FEEDBACK = "feedback"
HOST_LINK_KIND_CHOICES = (
    (HOST_CONFIRMATION, _("Confirm the organization's claims")),
    (HOST_FEEDBACK, _("Feedback after a completed trip")),
)
# Claims the host partner confirms or disputes, in their own words.
HOST_CLAIMS = (
    ("community_needs", N_("The trips address needs our community itself identified")),
    ("follow_up_plan", N_("Patients are followed up by local staff after the volunteers leave")),
    ("local_staff", N_("Local staff take part in the work and are trained")),
)
HOST_CLAIM_KEYS = tuple(key for key, _label in HOST_CLAIMS)
HOST_CLAIM_NAMES = dict(HOST_CLAIMS)
CONFIRMED = "confirmed"
DISPUTED = "disputed"
HOST_VERDICT_CHOICES = ((CONFIRMED, _("Yes, this is true")), (DISPUTED, _("No, this is not right")))


# --- Credential documents ---------------------------------------------------------------
# Keys are stored in the database: never rename one without a data migration.
MEDICAL_LICENCE = "medical_licence"
GOOD_STANDING = "good_standing"
BOARD_CERTIFICATE = "board_certificate"
DIPLOMA = "diploma"
PASSPORT = "passport"
MALPRACTICE_COVER = "malpractice_cover"
EVACUATION_COVER = "evacuation_cover"
VACCINATION_RECORD = "vaccination_record"
CV = "cv"
CREDENTIAL_KIND_CHOICES = (
    (MEDICAL_LICENCE, _("Medical licence")),
    (GOOD_STANDING, _("Letter of good standing")),
    (BOARD_CERTIFICATE, _("Specialty board certificate")),
    (DIPLOMA, _("Diploma")),
    (PASSPORT, _("Passport identity page")),
    (MALPRACTICE_COVER, _("Malpractice cover")),
    (EVACUATION_COVER, _("Evacuation / travel medical cover")),
    (VACCINATION_RECORD, _("Vaccination record")),
    (CV, _("CV")),
)
