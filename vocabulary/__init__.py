"""The fixed vocabularies MissionMatch speaks, as codes: motivations, language proficiency,
training levels, licence statuses, languages, world regions, evidence and the ethics scorecard.

Plain Python that imports nothing (not even Django), so the matching engine, the models and
the forms all read the same codes. Names here are plain strings marked for extraction; the
translated labels and choices for forms and pages are in `vocabulary.choices`.
"""


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

MOTIVATION_KEYS = (TEACHING, CONTINUITY, UNDERSERVED, RENEWAL, FAITH, GROWTH, IMMERSION, ADVENTURE)
MOTIVATION_WEIGHT_MIN = 0
MOTIVATION_WEIGHT_MAX = 3

# --- Language proficiency ---------------------------------------------------
BASIC = 1
CONVERSATIONAL = 2
FLUENT = 3
# Plain names (marked for extraction) for the engine, which runs without settings;
# vocabulary.choices translates them lazily for forms and pages.
PROFICIENCY_NAMES = {BASIC: N_("Basic"), CONVERSATIONAL: N_("Conversational"), FLUENT: N_("Fluent")}
# Below this a volunteer cannot take a history without an interpreter.
USEFUL_PROFICIENCY = CONVERSATIONAL

# --- Training level (scope of practice) -------------------------------------
STUDENT = "student"
RESIDENT = "resident"
ATTENDING = "attending"
RETIRED = "retired"
TRAINING_LEVEL_KEYS = (STUDENT, RESIDENT, ATTENDING, RETIRED)
# Students and residents practise only under supervision, whatever their licence.
TRAINEE_LEVELS = frozenset({STUDENT, RESIDENT})

# --- Licence status (scope of practice) ---------------------------------------
# Only a full, active licence lets a physician practise without supervision; everyone
# else (students, residents on a training licence, physicians whose licence lapsed) is
# matched like a trainee: to supervised trips only.
LICENCE_ACTIVE = "active"
LICENCE_TRAINING = "training"
LICENCE_NONE = "none"
LICENCE_INACTIVE = "inactive"
LICENCE_STATUS_KEYS = (LICENCE_ACTIVE, LICENCE_TRAINING, LICENCE_NONE, LICENCE_INACTIVE)


def needs_supervision(physician):
    """Whether a physician may practise only under supervision: a student or resident, or anyone
    without a full, active licence. Reads `training_level` and `licence_status`, so a model
    instance and the engine's volunteer profile can both be asked."""
    return physician.training_level in TRAINEE_LEVELS or physician.licence_status != LICENCE_ACTIVE


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

# --- World regions -----------------------------------------------------------
# Physicians often prefer a region rather than a country. ISO 3166 alpha-2 codes.
REGIONS = {
    "central_america": (
        N_("Central America and Mexico"),
        frozenset({"MX", "GT", "BZ", "SV", "HN", "NI", "CR", "PA"}),
    ),
    "caribbean": (
        N_("Caribbean"),
        frozenset({"HT", "DO", "JM", "CU", "PR", "TT", "BS", "BB", "LC", "VC", "GD", "DM"}),
    ),
    "south_america": (
        N_("South America"),
        frozenset({"CO", "VE", "EC", "PE", "BO", "BR", "PY", "UY", "AR", "CL", "GY", "SR"}),
    ),
    "east_africa": (
        N_("East Africa"),
        frozenset({"KE", "UG", "TZ", "RW", "BI", "ET", "SO", "SS", "ER", "DJ", "MG", "MW", "MZ"}),
    ),
    "west_central_africa": (
        N_("West and Central Africa"),
        frozenset(
            {"NG", "GH", "SL", "LR", "GN", "SN", "ML", "BF", "NE", "TG", "BJ", "CI", "CM", "CD", "CG", "TD", "CF", "GA"}
        ),
    ),
    "southern_africa": (
        N_("Southern Africa"),
        frozenset({"ZA", "ZM", "ZW", "BW", "NA", "LS", "SZ", "AO"}),
    ),
    "middle_east_north_africa": (
        N_("Middle East and North Africa"),
        frozenset({"EG", "MA", "DZ", "TN", "LY", "SD", "JO", "LB", "SY", "IQ", "YE", "PS"}),
    ),
    "south_asia": (
        N_("South Asia"),
        frozenset({"IN", "PK", "BD", "NP", "LK", "BT", "AF"}),
    ),
    "southeast_asia": (
        N_("Southeast Asia"),
        frozenset({"PH", "VN", "KH", "LA", "MM", "TH", "ID", "TL", "MY"}),
    ),
    "pacific": (
        N_("Pacific Islands"),
        frozenset({"PG", "FJ", "SB", "VU", "WS", "TO", "KI"}),
    ),
}


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
EDUCATION_AUDIENCE_KEYS = (EDUCATION_LOCAL, EDUCATION_MIXED, EDUCATION_VOLUNTEERS, EDUCATION_NONE)

TRAINING_NONE = "none"
TRAINING_OCCASIONAL = "occasional"
TRAINING_EACH_TRIP = "each_trip"
TRAINING_YEAR_ROUND = "year_round"
TRAINING_FREQUENCY_KEYS = (TRAINING_NONE, TRAINING_OCCASIONAL, TRAINING_EACH_TRIP, TRAINING_YEAR_ROUND)


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

MET = "met"
PARTLY = "partly"
NOT_MET = "not_met"
UNKNOWN = "unknown"
SCORECARD_STATUS_KEYS = (MET, PARTLY, NOT_MET, UNKNOWN)
# How much each judgement is worth; unknown items are left out rather than counted as failures.
SCORECARD_STATUS_SCORE = {MET: 1.0, PARTLY: 0.5, NOT_MET: 0.0, UNKNOWN: None}


# --- The host partner's voice ---------------------------------------------------------
HOST_CONFIRMATION = "confirmation"
HOST_FEEDBACK = "feedback"
HOST_LINK_KINDS = (HOST_CONFIRMATION, HOST_FEEDBACK)
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
HOST_VERDICTS = (CONFIRMED, DISPUTED)


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
CREDENTIAL_KIND_KEYS = (
    MEDICAL_LICENCE,
    GOOD_STANDING,
    BOARD_CERTIFICATE,
    DIPLOMA,
    PASSPORT,
    MALPRACTICE_COVER,
    EVACUATION_COVER,
    VACCINATION_RECORD,
    CV,
)
