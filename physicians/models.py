from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

import vocabulary.choices


class Specialty(models.Model):
    """A medical specialty. Seeded by a data migration with the common ones."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("specialties")

    def __str__(self):
        # The common specialties' names are in the catalogues; one an admin added reads as written.
        return gettext(self.name)


class PhysicianProfileQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("user", "primary_specialty").prefetch_related(
            "other_specialties", "languages", "availability_windows", "motivation_weights"
        )


class PhysicianProfile(models.Model):
    """A volunteer physician. The licence number is private: only its owner and admins see it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="physician_profile")
    display_name = models.CharField(_("display name"), max_length=150)
    primary_specialty = models.ForeignKey(
        Specialty, on_delete=models.PROTECT, related_name="primary_physicians", null=True, blank=True
    )
    other_specialties = models.ManyToManyField(
        Specialty, related_name="secondary_physicians", blank=True, verbose_name=_("other specialties")
    )
    training_level = models.CharField(
        _("training level"),
        max_length=20,
        choices=vocabulary.choices.TRAINING_LEVEL_CHOICES,
        default=vocabulary.ATTENDING,
    )
    licence_status = models.CharField(
        _("licence status"),
        max_length=10,
        choices=vocabulary.choices.LICENCE_STATUS_CHOICES,
        default=vocabulary.LICENCE_ACTIVE,
        help_text=_("Without a full, active licence we match you only to trips that provide supervision."),
    )
    licence_jurisdiction = models.CharField(_("licence jurisdiction"), max_length=100, blank=True)
    licence_number = models.CharField(
        _("licence number"), max_length=50, blank=True, help_text=_("Private: only you and site administrators see it.")
    )
    board_certified = models.BooleanField(_("board certified"), default=False)
    board_certification = models.CharField(_("board certification"), max_length=200, blank=True)
    years_in_practice = models.PositiveSmallIntegerField(_("years in practice"), default=0)
    prior_mission_trips = models.PositiveSmallIntegerField(_("prior mission trips"), default=0)
    preferred_countries = CountryField(_("preferred countries"), multiple=True, blank=True)
    preferred_regions = models.JSONField(_("preferred regions"), default=list, blank=True)
    max_budget_usd = models.PositiveIntegerField(
        _("maximum personal budget (USD)"), null=True, blank=True, help_text=_("Leave empty if cost does not matter.")
    )
    never_over_budget = models.BooleanField(
        _("never show me trips over my budget"),
        default=False,
        help_text=_("Otherwise trips over your budget are still shown, ranked lower the further over they are."),
    )
    motivation_statement = models.TextField(_("in your own words: why do you want to go?"), blank=True)
    accepts_invitations = models.BooleanField(
        _("organizations may invite me to apply"),
        default=True,
        help_text=_("An organization whose trip fits you can email you an invitation to apply."),
    )
    # Set on both physicians when a couple link (matching.CoupleLink) is confirmed. Being a
    # one-to-one, it is the database's guarantee that a physician travels in at most one
    # confirmed couple: no one can be named as partner twice, and no one names two.
    couple_partner = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("travels as a couple with"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PhysicianProfileQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(training_level__in=[k for k, _l in vocabulary.choices.TRAINING_LEVEL_CHOICES]),
                name="physician_training_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(licence_status__in=vocabulary.LICENCE_STATUS_KEYS),
                name="physician_licence_status_valid",
            ),
            models.CheckConstraint(condition=~Q(couple_partner=F("pk")), name="physician_not_own_couple_partner"),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("physicians:profile")

    @property
    def needs_supervision(self):
        """The engine's own rule (vocabulary.needs_supervision), so the page's message and the
        matching never disagree."""
        return vocabulary.needs_supervision(self)

    def specialty_ids(self):
        """Primary first, then the others by id (uses the prefetch when present)."""
        others = sorted(s.id for s in self.other_specialties.all() if s.id != self.primary_specialty_id)
        return ([self.primary_specialty_id] if self.primary_specialty_id else []) + others


class PhysicianLanguage(models.Model):
    physician = models.ForeignKey(PhysicianProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=5, choices=vocabulary.choices.LANGUAGE_CHOICES)
    proficiency = models.PositiveSmallIntegerField(_("proficiency"), choices=vocabulary.choices.PROFICIENCY_CHOICES)

    class Meta:
        ordering = ["-proficiency", "language"]
        constraints = [
            models.UniqueConstraint(fields=["physician", "language"], name="physician_language_unique"),
            models.CheckConstraint(
                condition=Q(proficiency__gte=vocabulary.BASIC) & Q(proficiency__lte=vocabulary.FLUENT),
                name="physician_language_proficiency_range",
            ),
        ]

    def __str__(self):
        return f"{self.get_language_display()} ({self.get_proficiency_display()})"


class AvailabilityWindow(models.Model):
    physician = models.ForeignKey(PhysicianProfile, on_delete=models.CASCADE, related_name="availability_windows")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="availability_end_after_start"),
        ]
        indexes = [models.Index(fields=["start_date", "end_date"])]

    def __str__(self):
        return f"{self.start_date} – {self.end_date}"


class MotivationWeight(models.Model):
    """How much one motivation of the fixed vocabulary matters to a physician (0-3)."""

    physician = models.ForeignKey(PhysicianProfile, on_delete=models.CASCADE, related_name="motivation_weights")
    motivation = models.CharField(_("motivation"), max_length=20, choices=vocabulary.choices.MOTIVATION_CHOICES)
    weight = models.PositiveSmallIntegerField(_("weight"), default=0)

    class Meta:
        ordering = ["motivation"]
        constraints = [
            models.UniqueConstraint(fields=["physician", "motivation"], name="motivation_weight_unique"),
            models.CheckConstraint(
                condition=Q(weight__gte=vocabulary.MOTIVATION_WEIGHT_MIN)
                & Q(weight__lte=vocabulary.MOTIVATION_WEIGHT_MAX),
                name="motivation_weight_range",
            ),
            models.CheckConstraint(
                condition=Q(motivation__in=vocabulary.MOTIVATION_KEYS), name="motivation_weight_known_motivation"
            ),
        ]

    def __str__(self):
        return f"{self.get_motivation_display()}: {self.weight}"
