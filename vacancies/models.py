from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from academy.models import TimeStampedModel
from providers.models import CareSetting, ClientGroup, Provider, Site


class Vacancy(TimeStampedModel):
    """A job a provider is recruiting for, with a realistic job preview (the good and the hard parts)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        FILLED = "filled", "Filled"

    class PayPeriod(models.TextChoices):
        HOURLY = "hourly", "per hour"
        ANNUAL = "annual", "per year"

    class Contract(models.TextChoices):
        PERMANENT = "permanent", "Permanent"
        FIXED_TERM = "fixed_term", "Fixed term"
        BANK = "bank", "Bank (as and when)"
        ZERO_HOURS = "zero_hours", "Zero hours"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="vacancies")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="vacancies")
    role_title = models.CharField(max_length=200)
    setting = models.ForeignKey(CareSetting, on_delete=models.PROTECT, related_name="vacancies")
    client_groups = models.ManyToManyField(ClientGroup, blank=True, related_name="vacancies")
    summary = models.TextField(help_text="What the job is, in a few plain sentences.")
    hours_per_week = models.DecimalField(
        max_digits=4, decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"), "Hours must be more than 0."),
                    MaxValueValidator(60, "Hours must be no more than 60 a week.")],
    )
    works_days = models.BooleanField("day shifts", default=True)
    works_nights = models.BooleanField("night shifts", default=False)
    sleep_ins = models.BooleanField("sleep-ins", default=False)
    works_weekends = models.BooleanField("weekend shifts", default=False)
    shift_notes = models.CharField(max_length=255, blank=True, help_text="E.g. 7am–2pm, alternate weekends.")
    pay_amount = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"), "Pay must be more than £0.")]
    )
    pay_period = models.CharField(max_length=10, choices=PayPeriod.choices, default=PayPeriod.HOURLY)
    contract = models.CharField(max_length=20, choices=Contract.choices, default=Contract.PERMANENT)
    driving_required = models.BooleanField("needs a driver with a car", default=False)
    closing_date = models.DateField()
    good_parts = models.TextField("the good parts of the job", help_text="What people who do this job enjoy.")
    hard_parts = models.TextField(
        "the hard parts of the job", help_text="Be honest: early starts, personal care, lone working, sleep-ins."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The guide's keyword search runs over this one lower-cased copy of the role, summary, provider,
    # site and setting names (kept in step by vacancies.search): matching five columns of four joined
    # tables case-insensitively cost ten times as much on every search.
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        ordering = ["closing_date", "role_title"]
        verbose_name_plural = "vacancies"
        constraints = [
            models.CheckConstraint(name="vacancy_pay_positive", condition=Q(pay_amount__gt=0),
                                   violation_error_message="Pay must be more than £0."),
            models.CheckConstraint(
                name="vacancy_hours_in_range", condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=60),
                violation_error_message="Hours must be more than 0 and no more than 60 a week.",
            ),
        ]
        indexes = [models.Index(fields=["status", "closing_date"])]

    def __str__(self):
        return f"{self.role_title} – {self.provider.name}"

    @property
    def locality(self):
        return self.site.locality

    @property
    def shift_pattern(self) -> list[str]:
        parts = []
        if self.works_days:
            parts.append("days")
        if self.works_nights:
            parts.append("nights")
        if self.sleep_ins:
            parts.append("sleep-ins")
        if self.works_weekends:
            parts.append("weekends")
        return parts


# Every status move a vacancy may make; anything else is refused by vacancies.services.vacancy_transition.
VACANCY_TRANSITIONS: dict[str, set[str]] = {
    Vacancy.Status.DRAFT: {Vacancy.Status.OPEN, Vacancy.Status.CLOSED},
    Vacancy.Status.OPEN: {Vacancy.Status.CLOSED, Vacancy.Status.FILLED},
    Vacancy.Status.CLOSED: {Vacancy.Status.OPEN, Vacancy.Status.FILLED},
    Vacancy.Status.FILLED: set(),
}


class RingFence(TimeStampedModel):
    """Interview places a provider keeps for one cohort: how the guaranteed-interview promise is kept."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="ring_fences")
    cohort = models.ForeignKey("courses.Cohort", on_delete=models.CASCADE, related_name="ring_fences")
    places = models.PositiveSmallIntegerField(
        help_text="How many learners from the cohort you will interview.",
        validators=[MinValueValidator(1, "Ring-fence at least one interview place.")],
    )
    note = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["cohort__start_date", "vacancy__role_title"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "cohort"], name="one_ring_fence_per_vacancy_per_cohort",
                violation_error_message="This vacancy already has interview places ring-fenced for that cohort.",
            ),
            models.CheckConstraint(name="ring_fence_places_positive", condition=Q(places__gte=1),
                                   violation_error_message="Ring-fence at least one interview place."),
        ]

    def __str__(self):
        return f"{self.places} interview place(s) on {self.vacancy} for {self.cohort}"
