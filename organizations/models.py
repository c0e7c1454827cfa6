from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

import vocabulary.choices


class VettingStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    NEEDS_INFORMATION = "needs_information", _("Needs information")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


# Everything the indices and watch-outs read (matching.selectors.organization_evidence).
EVIDENCE_RELATIONS = (
    "local_partners",
    "scorecard_items",
    "host_claim_responses",
    "host_feedback",
    "reviews",
    "reports",
)


class OrganizationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(vetting_status=VettingStatus.VERIFIED)

    def for_member(self, user):
        return self.filter(memberships__user=user)

    def visible_to(self, user):
        """The organizations `organizations.view_organization` (organizations/rules.py) lets this
        user see, as one filter: verified ones and their own; staff see every organization."""
        if user.is_authenticated and user.is_staff:
            return self
        if not user.is_authenticated:
            return self.verified()
        return self.filter(Q(vetting_status=VettingStatus.VERIFIED) | Q(memberships__user=user)).distinct()

    def with_evidence(self):
        """Everything the indices and watch-outs read, in one extra query per relation."""
        return self.prefetch_related(*EVIDENCE_RELATIONS)


class Organization(models.Model):
    """A medical-mission organization. Its evidence fields are the heart of vetting and
    matching: they describe whether care continues after volunteers leave."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    website = models.URLField(_("website"), blank=True)
    registration_country = CountryField(_("country of registration"))
    description = models.TextField(_("description"), blank=True)
    is_faith_based = models.BooleanField(
        _("faith-based"), default=False, help_text=_("Does the organization serve from a faith tradition?")
    )
    faith_tradition = models.CharField(_("faith tradition"), max_length=100, blank=True)
    countries_served = CountryField(_("countries served"), multiple=True, blank=True)
    vetting_status = models.CharField(
        _("vetting status"), max_length=20, choices=VettingStatus.choices, default=VettingStatus.PENDING, db_index=True
    )

    # --- Sustainability evidence -------------------------------------------------
    runs_year_round_facility = models.BooleanField(
        _("runs a year-round local hospital or clinic"),
        default=False,
        help_text=_("Patients can come back between trips: care does not stop when volunteers leave."),
    )
    year_round_facility_description = models.TextField(_("about the facility"), blank=True)
    has_follow_up_plan = models.BooleanField(
        _("has a continuity-of-care plan"),
        default=False,
        help_text=_("Who sees patients for follow-up after the volunteers leave? Surgery without follow-up can harm."),
    )
    follow_up_plan_description = models.TextField(_("about the follow-up plan"), blank=True)
    # Counts are None until the organization states them: "not stated" is scored with a low
    # prior (matching/engine/weights.py), a stated zero as zero.
    local_staff_employed = models.PositiveIntegerField(
        _("local staff employed"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Local nurses, doctors and health workers paid year-round. Leave empty to leave it unstated."),
    )
    local_staff_description = models.TextField(_("about local staff"), blank=True)
    hands_records_to_local_providers = models.BooleanField(
        _("hands medical records to local providers"),
        default=False,
        help_text=_("Records left behind let local clinicians continue treatment safely."),
    )
    records_handoff_description = models.TextField(_("about records handoff"), blank=True)
    years_active_in_community = models.PositiveSmallIntegerField(
        _("years active in the community"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Long presence builds trust and knowledge. Leave empty to leave it unstated."),
    )
    years_active_description = models.TextField(_("about the organization's history there"), blank=True)
    needs_assessment_with_local_leaders = models.BooleanField(
        _("community needs assessment with local leaders"),
        default=False,
        help_text=_("Trips should answer needs the community named, not what volunteers want to do."),
    )
    needs_assessment_description = models.TextField(_("about the needs assessment"), blank=True)
    publishes_fee_breakdown = models.BooleanField(
        _("publishes a fee breakdown"),
        default=False,
        help_text=_("Volunteers should see where their fees go."),
    )
    share_of_fees_to_local_care = models.PositiveSmallIntegerField(
        _("share of volunteer fees reaching local care (%)"),
        null=True,
        blank=True,
        help_text=_(
            "Volunteers pay to serve; they deserve to know how much of that money stays with the community's care."
        ),
    )
    fee_breakdown_description = models.TextField(_("about fees"), blank=True)

    # --- Local-education focus ---------------------------------------------------
    trains_local_staff = models.BooleanField(
        _("trains local staff"),
        default=False,
        help_text=_("Lasting benefit comes from training local providers, who stay when volunteers go."),
    )
    local_training_frequency = models.CharField(
        _("how often local staff are trained"),
        max_length=20,
        choices=vocabulary.choices.TRAINING_FREQUENCY_CHOICES,
        default=vocabulary.TRAINING_NONE,
        help_text=_("Skills grow with regular practice and follow-up; a single lecture per visit rarely lasts."),
    )
    local_training_description = models.TextField(_("who is trained, and how"), blank=True)
    has_local_curriculum = models.BooleanField(
        _("formal curriculum or CME for local providers"),
        default=False,
        help_text=_("A planned curriculum builds on itself from trip to trip instead of starting over each time."),
    )
    local_curriculum_description = models.TextField(_("about the curriculum"), blank=True)
    mentors_local_clinicians = models.BooleanField(
        _("mentors local clinicians"),
        default=False,
        help_text=_("Ongoing mentoring, also between trips, helps local clinicians take on cases themselves."),
    )
    mentorship_description = models.TextField(_("about mentorship"), blank=True)
    education_audience = models.CharField(
        _("education is aimed at"),
        max_length=20,
        choices=vocabulary.choices.EDUCATION_AUDIENCE_CHOICES,
        default=vocabulary.EDUCATION_NONE,
        help_text=_("Teaching visiting volunteers is fine, but it leaves nothing behind for the community."),
    )

    # --- Preparation support -----------------------------------------------------
    offers_cultural_orientation = models.BooleanField(
        _("cultural orientation"),
        default=False,
        help_text=_("Volunteers who understand local customs and beliefs communicate better and cause less offence."),
    )
    cultural_orientation_description = models.TextField(_("about cultural orientation"), blank=True)
    has_safety_protocol = models.BooleanField(
        _("safety and security protocol"),
        default=False,
        help_text=_(
            "A written plan for emergencies, unrest and accidents protects volunteers and the people they serve."
        ),
    )
    safety_protocol_description = models.TextField(_("about the safety protocol"), blank=True)
    offers_self_care_support = models.BooleanField(
        _("self-care, mental-health support and debrief"),
        default=False,
        help_text=_(
            "Mission work can be distressing; a debrief and someone to talk to help volunteers cope and return."
        ),
    )
    self_care_description = models.TextField(_("about self-care and debrief"), blank=True)
    offers_predeparture_briefing = models.BooleanField(
        _("pre-departure briefing on local conditions"),
        default=False,
        help_text=_("Knowing the common diseases, available drugs and equipment before arrival makes care safer."),
    )
    predeparture_briefing_description = models.TextField(_("about the briefing"), blank=True)
    offers_predeparture_training = models.BooleanField(
        _("pre-departure training"),
        default=False,
        help_text=_("Training in the cases, equipment and protocols on site before departure makes care safer."),
    )
    predeparture_training_description = models.TextField(_("about pre-departure training"), blank=True)
    provides_evacuation_insurance = models.BooleanField(
        _("medical evacuation insurance"),
        default=False,
        help_text=_("Serious illness or injury far from a hospital can need an evacuation few could pay for alone."),
    )
    evacuation_insurance_description = models.TextField(_("about evacuation cover"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vetting_status__in=VettingStatus.values), name="organization_vetting_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(share_of_fees_to_local_care__isnull=True) | Q(share_of_fees_to_local_care__lte=100),
                name="organization_fee_share_percent",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organizations:detail", kwargs={"slug": self.slug})

    @property
    def is_verified(self):
        return self.vetting_status == VettingStatus.VERIFIED


class LocalPartner(models.Model):
    """A host-country partner (clinic, hospital, ministry, community group)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="local_partners")
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    description = models.TextField(_("role in the partnership"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_language = models.CharField(
        _("contact's language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Their private links, the pages behind them and our emails to them are in this language."),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")


class OrganizationMembership(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="membership_unique_user_per_organization"),
            models.CheckConstraint(condition=Q(role__in=MembershipRole.values), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) at {self.organization}"


class VettingDecision(models.Model):
    """Every change of an organization's vetting status: who, when, from, to and why."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="vetting_decisions")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="vetting_decisions"
    )
    decided_at = models.DateTimeField(auto_now_add=True, db_index=True)
    from_status = models.CharField(max_length=20, choices=VettingStatus.choices)
    to_status = models.CharField(max_length=20, choices=VettingStatus.choices)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="vetting_decision_reason_required"),
            models.CheckConstraint(
                condition=Q(from_status__in=VettingStatus.values), name="vetting_decision_from_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(to_status__in=VettingStatus.values), name="vetting_decision_to_status_valid"
            ),
            # A decision records a change; "from pending to pending" would be noise in the history.
            models.CheckConstraint(condition=~Q(from_status=F("to_status")), name="vetting_decision_changes_status"),
        ]

    def __str__(self):
        return f"{self.organization}: {self.from_status} → {self.to_status}"


class ScorecardItem(models.Model):
    """One item of the ethics scorecard, judged by an admin against evidence."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="scorecard_items")
    item = models.CharField(_("item"), max_length=40, choices=vocabulary.choices.SCORECARD_ITEM_CHOICES)
    status = models.CharField(
        _("judgement"), max_length=10, choices=vocabulary.choices.SCORECARD_STATUS_CHOICES, default=vocabulary.UNKNOWN
    )
    evidence = models.TextField(_("evidence seen"), blank=True, help_text=_("What the judgement rests on."))
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    judged_at = models.DateTimeField(_("judged at"), auto_now=True)

    class Meta:
        ordering = ["organization", "item"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "item"], name="scorecard_item_once_per_organization"),
            models.CheckConstraint(condition=Q(item__in=vocabulary.SCORECARD_ITEM_KEYS), name="scorecard_item_known"),
            models.CheckConstraint(
                condition=Q(status__in=[k for k, _l in vocabulary.choices.SCORECARD_STATUS_CHOICES]),
                name="scorecard_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.organization}: {self.get_item_display()} — {self.get_status_display()}"

    @property
    def principle(self):
        return next(p for key, p, _label in vocabulary.SCORECARD_ITEMS if key == self.item)


class HostPartnerLink(models.Model):
    """A private, expiring link that lets a host partner's contact speak without an account.
    Used once: the first submission closes it."""

    partner = models.ForeignKey(LocalPartner, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=vocabulary.choices.HOST_LINK_KIND_CHOICES)
    trip = models.ForeignKey("trips.Trip", on_delete=models.CASCADE, null=True, blank=True, related_name="host_links")
    token = models.CharField(max_length=64, unique=True)
    email = models.EmailField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # The contact's language when the link was made: its email, its pages and the answers.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=vocabulary.HOST_CONFIRMATION) | Q(trip__isnull=False),
                name="host_feedback_link_names_a_trip",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.partner}"


class HostClaimResponse(models.Model):
    """The host partner's confirmation or dispute of one claim, in their own words."""

    link = models.ForeignKey(HostPartnerLink, on_delete=models.CASCADE, related_name="claim_responses")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="host_claim_responses")
    claim = models.CharField(max_length=30, choices=[(k, k) for k in vocabulary.HOST_CLAIM_KEYS])
    verdict = models.CharField(max_length=10, choices=vocabulary.choices.HOST_VERDICT_CHOICES)
    comment = models.TextField(blank=True)
    language = models.CharField(
        _("written in"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["link", "claim"], name="host_claim_once_per_link")]

    def __str__(self):
        return f"{self.organization}: {self.claim_name} — {self.get_verdict_display()}"

    @property
    def claim_name(self):
        """The claim in English, as marked for translation (pages translate it)."""
        return vocabulary.HOST_CLAIM_NAMES.get(self.claim, self.claim)


class HostFeedback(models.Model):
    """The host partner's view of a completed trip."""

    link = models.OneToOneField(HostPartnerLink, on_delete=models.CASCADE, related_name="feedback")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="host_feedback")
    trip = models.ForeignKey("trips.Trip", on_delete=models.CASCADE, related_name="host_feedback")
    follow_ups_handed_over = models.BooleanField(_("follow-ups were handed over to us"))
    local_staff_learned = models.BooleanField(_("our staff learned something useful"))
    would_host_again = models.BooleanField(_("we would host this organization again"))
    comment = models.TextField(_("anything else"), blank=True)
    language = models.CharField(
        _("written in"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.organization} on {self.trip}"


class OrganizationInvitation(models.Model):
    """An owner's invitation for someone to join the organization; accepted once, by the
    account with the invited email address, within INVITATION_DAYS."""

    INVITATION_DAYS = 14

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.EDITOR)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.email} → {self.organization}"
