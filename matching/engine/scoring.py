"""Scoring one volunteer against one trip, and ranking in both directions.

Hard constraints exclude; everything else is a weighted factor with plain-words reasons
and watch-outs. Pure functions of their inputs (and `today`), so the same input always
gives the same output.
"""

from functools import lru_cache

from matching import vocabulary

from . import weights as w
from .indices import local_education_index, sustainability_index
from .types import Exclusion, FactorScore, Match

# --- Hard constraints -------------------------------------------------------------

EXCLUSION_MESSAGES = {
    "organization_not_verified": "The organization has not been verified by our team.",
    "trip_not_open": "The trip is not open for applications.",
    "deadline_passed": "The application deadline has passed.",
    "no_places_for_specialty": "No place is left for any of your specialties.",
    "no_date_overlap": "The trip falls outside all of your availability windows.",
    "outside_scope_of_practice": "The trip does not accept volunteers at your training level without supervision.",
}


def _open_specialties(volunteer, offer):
    """The volunteer's specialties with places left on the trip, primary first."""
    open_ids = {sid for sid, left in offer.open_places if left > 0}
    matched = [sid for sid in volunteer.specialty_ids if sid in open_ids]
    matched.sort(key=lambda sid: (sid != volunteer.primary_specialty_id, sid))
    return tuple(matched)


def _covered_days(volunteer, offer):
    """Trip days inside any availability window (windows may overlap each other)."""
    covered = set()
    for window in volunteer.availability:
        start, end = max(window.start, offer.start), min(window.end, offer.end)
        if start <= end:
            covered.update(range(start.toordinal(), end.toordinal() + 1))
    return len(covered)


def _outside_scope(volunteer, offer):
    if offer.accepted_training_levels and volunteer.training_level not in offer.accepted_training_levels:
        return True
    return volunteer.training_level in (vocabulary.STUDENT, vocabulary.RESIDENT) and not offer.supervision_provided


def hard_constraints(volunteer, offer, today):
    """Codes of the hard constraints this pair fails (empty tuple: may be ranked)."""
    codes = []
    if not offer.organization.is_verified:
        codes.append("organization_not_verified")
    if not offer.is_open:
        codes.append("trip_not_open")
    if today > offer.application_deadline:
        codes.append("deadline_passed")
    if not _open_specialties(volunteer, offer):
        codes.append("no_places_for_specialty")
    if _covered_days(volunteer, offer) == 0:
        codes.append("no_date_overlap")
    if _outside_scope(volunteer, offer):
        codes.append("outside_scope_of_practice")
    return tuple(codes)


# --- Evidence checks for motivation fit (0..1 each) ---------------------------------


def _best_language(volunteer, offer):
    """(proficiency, code) of the volunteer's best trip language, or (0, None)."""
    best = (0, None)
    for skill in volunteer.languages:
        if skill.code in offer.languages and (skill.proficiency, skill.code) > best:
            best = (skill.proficiency, skill.code)
    return best


@lru_cache(maxsize=65536)
def _organization_checks(org):
    """Checks that depend only on the organization, computed once per organization."""
    return {
        "trains_local_staff": float(org.trains_local_staff),
        "local_curriculum": float(org.has_local_curriculum),
        "mentorship": float(org.mentors_local_clinicians),
        "year_round_facility": float(org.runs_year_round_facility),
        "records_handoff": float(org.hands_records_to_local_providers),
        "years_active": min(1.0, org.years_active_in_community / w.YEARS_ACTIVE_FULL),
        "needs_assessment": float(org.needs_assessment_with_local_leaders),
        "local_partner": float(bool(org.local_partner_names)),
        "fee_transparency": (0.6 + 0.4 * (org.share_of_fees_to_local_care is not None)) if org.publishes_fee_breakdown else 0.0,
        "self_care_support": float(org.offers_self_care_support),
        "predeparture_briefing": float(org.offers_predeparture_briefing),
        "faith_based": float(org.is_faith_based),
        "cultural_orientation": float(org.offers_cultural_orientation),
        "safety_protocol": float(org.has_safety_protocol),
        "evacuation_insurance": float(org.provides_evacuation_insurance),
    }


def evidence_checks(volunteer, offer):
    """Every named check of weights.MOTIVATION_EVIDENCE for this pair."""
    org = offer.organization
    checks = dict(_organization_checks(org))
    # Teaching that targets volunteers rather than local staff does not build local capacity.
    if org.education_audience == vocabulary.EDUCATION_VOLUNTEERS:
        checks["trains_local_staff"] *= 0.3
        checks["local_curriculum"] *= 0.3
    checks["follow_up_plan"] = 1.0 if (org.has_follow_up_plan or offer.has_continuity_plan) else 0.0
    checks["supervision"] = float(offer.supervision_provided)
    proficiency, _code = _best_language(volunteer, offer)
    checks["language_match"] = (
        1.0 if proficiency >= vocabulary.USEFUL_PROFICIENCY else (w.LANGUAGE_BASIC if proficiency else 0.0)
    )
    return checks


# --- Reasons ----------------------------------------------------------------------


def _language_name(code):
    return vocabulary.LANGUAGE_NAMES.get(code, code)


def _money(amount):
    return f"${amount:,}"


def _evidence_reason(check, volunteer, offer):
    """Why a satisfied check matters, in the volunteer's terms."""
    org = offer.organization
    if check == "year_round_facility":
        return f"Runs a year-round clinic in {offer.place} — your patients are followed up"
    if check == "follow_up_plan":
        return "Has a plan for following up every patient after the volunteers leave"
    if check == "records_handoff":
        return "Leaves medical records with local providers"
    if check == "years_active":
        return f"Has worked in this community for {org.years_active_in_community} years"
    if check == "trains_local_staff":
        return "Trains local health workers; you want to teach"
    if check == "local_curriculum":
        return "Runs a curriculum for local providers you can teach in"
    if check == "mentorship":
        if volunteer.weight(vocabulary.GROWTH) > volunteer.weight(vocabulary.TEACHING):
            return "Clinicians mentor each other on site — room for you to grow"
        return "Mentors local clinicians over the long term"
    if check == "needs_assessment":
        return "The community chose what this trip works on, with its own leaders"
    if check == "local_partner":
        return f"Works through a local partner: {org.local_partner_names[0]}"
    if check == "fee_transparency":
        if org.share_of_fees_to_local_care is not None:
            return f"Publishes where fees go: {org.share_of_fees_to_local_care}% reaches local care"
        return "Publishes where volunteer fees go"
    if check == "self_care_support":
        return "Offers self-care support and a debrief when you come home"
    if check == "predeparture_briefing":
        return "Briefs you on local conditions before you leave"
    if check == "faith_based":
        return "A faith-based organization, as you wished"
    if check == "supervision":
        return "Supervision is provided — a safe way to learn new skills"
    if check == "cultural_orientation":
        return "Offers a cultural orientation before you start"
    if check == "language_match":
        _p, code = _best_language(volunteer, offer)
        return f"You speak {_language_name(code)}, a language of the trip"
    if check == "safety_protocol":
        return "Has a safety and security protocol"
    if check == "evacuation_insurance":
        return "Medical evacuation cover is provided"
    raise KeyError(check)


def _watch_outs(volunteer, offer, coverage, over_budget, language_gap):
    org = offer.organization
    notes = []
    if not (org.has_follow_up_plan or offer.has_continuity_plan):
        notes.append("No plan for following up patients after the volunteers leave")
    if not org.local_partner_names:
        notes.append("No local partner organization is named")
    if org.education_audience == vocabulary.EDUCATION_VOLUNTEERS:
        notes.append("Teaching is aimed at visiting volunteers, not at local staff")
    if not org.has_safety_protocol:
        notes.append("No safety and security protocol")
    if not org.publishes_fee_breakdown:
        notes.append("Does not publish where volunteer fees go")
    if coverage < 1.0:
        notes.append(f"Your availability covers {round(coverage * 100)}% of the trip's days")
    if over_budget > 0:
        notes.append(f"Costs {_money(over_budget)} more than your budget")
    if language_gap:
        notes.append(language_gap)
    return tuple(notes)


# --- Evaluation ---------------------------------------------------------------------


def _factor(key, score):
    weight = w.FACTOR_WEIGHTS[key]
    score = max(0.0, min(1.0, score))
    return FactorScore(key=key, label=w.FACTOR_LABELS[key], weight=weight, score=score, contribution=weight * score)


def _motivation_fit(volunteer, checks):
    """(fit 0..1, {check: strength}) — strength drives which reasons we show."""
    total_weight = 0
    weighted = 0.0
    strengths = {}
    for motivation, evidence in w.MOTIVATION_EVIDENCE.items():
        weight = volunteer.weight(motivation)
        if weight <= 0:
            continue
        total_weight += weight
        satisfaction = 0.0
        for check, share in evidence:
            value = checks[check]
            satisfaction += share * value
            if value > 0:
                strengths[check] = strengths.get(check, 0.0) + weight * share * value
        weighted += weight * satisfaction
    if total_weight == 0:
        return w.NEUTRAL, strengths
    return weighted / total_weight, strengths


def evaluate(volunteer, offer, *, today, _side="volunteer"):
    """Score one pair: a Match, or an Exclusion naming every hard constraint it fails."""
    codes = hard_constraints(volunteer, offer, today)
    if codes:
        return Exclusion(
            trip_id=offer.id,
            volunteer_id=volunteer.id,
            codes=codes,
            reasons=tuple(EXCLUSION_MESSAGES[c] for c in codes),
        )
    org = offer.organization
    specialties = _open_specialties(volunteer, offer)
    places = dict(offer.open_places)
    names = dict(offer.specialty_names)
    checks = evidence_checks(volunteer, offer)
    fit, strengths = _motivation_fit(volunteer, checks)
    sustainability, education = sustainability_index(org), local_education_index(org)

    specialty_score = w.SPECIALTY_PRIMARY if specialties[0] == volunteer.primary_specialty_id else w.SPECIALTY_SECONDARY

    proficiency, language_code = _best_language(volunteer, offer)
    language_gap = ""
    if not offer.languages:
        language_score = 1.0
    elif proficiency >= vocabulary.USEFUL_PROFICIENCY:
        language_score = w.LANGUAGE_USEFUL
    elif proficiency:
        language_score = w.LANGUAGE_BASIC
        language_gap = f"Your {_language_name(language_code)} is basic: plan to work with an interpreter"
    else:
        language_score = 0.0
        wanted = ", ".join(sorted(_language_name(c) for c in offer.languages))
        language_gap = f"You do not list {wanted}: you would need an interpreter"

    trip_days = (offer.end - offer.start).days + 1
    coverage = _covered_days(volunteer, offer) / trip_days

    country_preferred = offer.country in volunteer.preferred_countries
    region_preferred = any(offer.country in vocabulary.REGIONS.get(r, ("", frozenset()))[1] for r in volunteer.preferred_regions)
    if not volunteer.preferred_countries and not volunteer.preferred_regions:
        region_score = w.NEUTRAL
    elif country_preferred:
        region_score = w.REGION_COUNTRY
    elif region_preferred:
        region_score = w.REGION_REGION
    else:
        region_score = 0.0

    over_budget = 0
    if volunteer.max_budget_usd is None:
        cost_score = w.NEUTRAL
    elif offer.cost_usd <= volunteer.max_budget_usd:
        cost_score = 1.0
    else:
        cost_score = 0.0
        over_budget = offer.cost_usd - volunteer.max_budget_usd

    factors = (
        _factor("motivation_fit", fit),
        _factor("organization_quality", (sustainability + education) / 200),
        _factor("specialty", specialty_score),
        _factor("language", language_score),
        _factor("dates", coverage),
        _factor("region", region_score),
        _factor("cost", cost_score),
    )
    total = round(sum(f.contribution for f in factors), 1)

    if _side == "trip":
        reasons = _trip_side_reasons(volunteer, offer, specialties, names, places, proficiency, language_code, coverage, checks)
    else:
        reasons = [(-s, _evidence_reason(c, volunteer, offer)) for c, s in strengths.items()]
        reasons.sort()
        reasons = [text for _s, text in reasons[: w.MAX_REASONS - 1]]
        primary = specialties[0]
        practical = [f"Needs your specialty: {names.get(primary, 'your specialty')} ({places.get(primary, 0)} left)"]
        if coverage == 1.0:
            practical.append("Fits inside your availability")
        if country_preferred or region_preferred:
            practical.append("In a country you said you prefer")
        if volunteer.max_budget_usd is not None and not over_budget:
            practical.append(f"Within your budget ({_money(offer.cost_usd)} of {_money(volunteer.max_budget_usd)})")
        reasons = tuple(reasons + practical)[: w.MAX_REASONS + 2]
    return Match(
        trip_id=offer.id,
        volunteer_id=volunteer.id,
        total=total,
        factors=factors,
        reasons=tuple(reasons),
        watch_outs=_watch_outs(volunteer, offer, coverage, over_budget, language_gap),
        specialty_ids=specialties,
        sustainability_index=sustainability,
        local_education_index=education,
    )


MOTIVATION_TRIP_REASONS = {
    vocabulary.TEACHING: ("trains_local_staff", "Wants to teach — your trip trains local staff"),
    vocabulary.CONTINUITY: ("follow_up_plan", "Wants long-term partnership — your patients are followed up"),
    vocabulary.UNDERSERVED: ("needs_assessment", "Wants to serve where the community named the need"),
    vocabulary.FAITH: ("faith_based", "Wants to serve from faith, as your organization does"),
    vocabulary.GROWTH: ("supervision", "Wants to learn — your trip provides supervision"),
    vocabulary.IMMERSION: ("cultural_orientation", "Wants to understand the culture — you offer orientation"),
}


def _trip_side_reasons(volunteer, offer, specialties, names, places, proficiency, language_code, coverage, checks):
    reasons = []
    primary = specialties[0]
    reasons.append(f"Practises {names.get(primary, 'a needed specialty')}, which you need ({places.get(primary, 0)} left)")
    if language_code and proficiency >= vocabulary.USEFUL_PROFICIENCY:
        level = vocabulary.PROFICIENCY_NAMES[proficiency]
        reasons.append(f"{level} in {_language_name(language_code)}")
    if coverage == 1.0:
        reasons.append("Available for every day of the trip")
    motivated = sorted(
        ((volunteer.weight(m), m) for m in MOTIVATION_TRIP_REASONS if volunteer.weight(m) >= 2),
        key=lambda pair: (-pair[0], pair[1]),
    )
    for _weight, motivation in motivated:
        check, text = MOTIVATION_TRIP_REASONS[motivation]
        if checks.get(check, 0) > 0:
            reasons.append(text)
    if volunteer.years_in_practice:
        reasons.append(f"{volunteer.years_in_practice} years in practice")
    if volunteer.prior_mission_trips:
        reasons.append(f"Has been on {volunteer.prior_mission_trips} mission trips before")
    return tuple(reasons[: w.MAX_REASONS + 2])


def rank_trips_for_volunteer(volunteer, offers, *, today, limit=None):
    """Matches for one volunteer, best first; ties by (start date, trip id)."""
    starts = {offer.id: offer.start for offer in offers}
    matches = [m for m in (evaluate(volunteer, o, today=today) for o in offers) if isinstance(m, Match)]
    matches.sort(key=lambda m: (-m.total, starts[m.trip_id], m.trip_id))
    return matches[:limit] if limit is not None else matches


def rank_volunteers_for_trip(offer, volunteers, *, today, limit=None):
    """Matches for one trip, best volunteer first; ties by volunteer id."""
    matches = [
        m for m in (evaluate(v, offer, today=today, _side="trip") for v in volunteers) if isinstance(m, Match)
    ]
    matches.sort(key=lambda m: (-m.total, m.volunteer_id))
    return matches[:limit] if limit is not None else matches
