"""What the academy records to show its impact: surveys, follow-ups, support spend and evidence.

Pipeline figures (applications, enrolments, job starts) are not stored here: they are read from
learners.StageTransition, which logs every stage change.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value

from academy.models import Locality, TimeStampedModel
from courses.models import Payer
from learners.models import Application

# (field, statement, reverse-scored)
RESILIENCE_ITEMS = [
    ("item_1", "When something goes wrong, I usually find a way back fairly quickly.", False),
    ("item_2", "A bad day at work or at home can knock me off course for a long time.", True),
    ("item_3", "I believe I can cope with the pressure of a new job.", False),
    ("item_4", "When plans fall through I find it hard to pick myself up again.", True),
    ("item_5", "I can usually see a way through a difficult situation.", False),
    ("item_6", "Setbacks tend to stay with me for days.", True),
]


class WellbeingSurvey(TimeStampedModel):
    """A six-item resilience check taken at the start and at the end of the course.

    Built in the style of the Brief Resilience Scale: each statement is rated 1 (strongly disagree)
    to 5 (strongly agree); items 2, 4 and 6 are worded negatively and reverse-scored, so the score
    runs from 6 (low resilience) to 30 (high resilience). The wording is the academy's own.
    """

    class Moment(models.TextChoices):
        START = "start", "Start of the course"
        END = "end", "End of the course"


    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="wellbeing_surveys")
    moment = models.CharField(max_length=5, choices=Moment.choices)
    taken_on = models.DateField()
    item_1 = models.PositiveSmallIntegerField(RESILIENCE_ITEMS[0][1])
    item_2 = models.PositiveSmallIntegerField(RESILIENCE_ITEMS[1][1])
    item_3 = models.PositiveSmallIntegerField(RESILIENCE_ITEMS[2][1])
    item_4 = models.PositiveSmallIntegerField(RESILIENCE_ITEMS[3][1])
    item_5 = models.PositiveSmallIntegerField(RESILIENCE_ITEMS[4][1])
    item_6 = models.PositiveSmallIntegerField(RESILIENCE_ITEMS[5][1])
    # Who typed the answers in: the learner online, or a staff member from a paper copy.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The score lives in the database, so averages and changes are plain aggregates.
    score = models.GeneratedField(
        expression=F("item_1") + (Value(6) - F("item_2")) + F("item_3") + (Value(6) - F("item_4"))
        + F("item_5") + (Value(6) - F("item_6")),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["application", "moment"]
        constraints = [
            models.UniqueConstraint(fields=["application", "moment"], name="one_wellbeing_survey_per_moment"),
            *[
                models.CheckConstraint(name=f"wellbeing_{name}_1_to_5",
                                       condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}))
                for name, _, _ in RESILIENCE_ITEMS
            ],
        ]

    def __str__(self):
        return f"Resilience check ({self.get_moment_display().lower()}) for application {self.application_id}"


class SatisfactionSurvey(TimeStampedModel):
    """How satisfied a learner or a provider was with the academy (1 = very unhappy, 5 = very happy)."""

    class Respondent(models.TextChoices):
        LEARNER = "learner", "Learner"
        PROVIDER = "provider", "Care provider"

    respondent = models.CharField(max_length=10, choices=Respondent.choices)
    # Learners answer about their own application; providers about the academy, optionally a cohort.
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="satisfaction_surveys"
    )
    provider = models.ForeignKey(
        "providers.Provider", null=True, blank=True, on_delete=models.CASCADE, related_name="satisfaction_surveys"
    )
    cohort = models.ForeignKey(
        "courses.Cohort", null=True, blank=True, on_delete=models.SET_NULL, related_name="satisfaction_surveys"
    )
    score = models.PositiveSmallIntegerField("how satisfied (1 to 5)")
    comment = models.TextField(blank=True)
    recorded_on = models.DateField()

    class Meta:
        ordering = ["-recorded_on"]
        constraints = [
            models.CheckConstraint(name="satisfaction_score_1_to_5", condition=Q(score__gte=1, score__lte=5)),
            models.CheckConstraint(
                name="satisfaction_respondent_matches",
                condition=Q(respondent="learner", application__isnull=False)
                | Q(respondent="provider", provider__isnull=False),
            ),
            # A learner rates their course once; a provider rates its work with a cohort once (answers
            # about the academy in general, with no cohort, may be given again as time goes on).
            models.UniqueConstraint(fields=["application"], condition=Q(respondent="learner"),
                                    name="one_learner_satisfaction_per_application"),
            models.UniqueConstraint(fields=["provider", "cohort"],
                                    condition=Q(respondent="provider", cohort__isnull=False),
                                    name="one_provider_satisfaction_per_cohort"),
        ]
        indexes = [models.Index(fields=["respondent", "recorded_on"])]

    def __str__(self):
        return f"{self.get_respondent_display()} satisfaction {self.score}/5 on {self.recorded_on:%d %b %Y}"


# The follow-ups after a job start, in calendar months: the one list the choices below, the survey
# windows (impact.selectors.surveys), the reminders and the figures read.
FOLLOW_UP_MONTHS = [3, 6, 12]


class LeavingReason(TimeStampedModel):
    """A reason a learner left the job they started (pay, shifts, travel...): a list staff can extend."""

    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True, help_text="Only active reasons are offered in new follow-ups.")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


# Steps on from the first care job a follow-up records: (field, label). Booleans, so figures are plain counts.
PROGRESSION = [
    ("promoted", "A promotion"),
    ("qualification_started", "Started a qualification"),
    ("qualification_gained", "Gained a qualification"),
    ("moved_to_nursing_or_nhs", "Moved into nursing or another NHS role"),
]


class RetentionFollowUp(TimeStampedModel):
    """A check 3, 6 or 12 months after a job start: still in work, still with the same employer, and
    if not, why they left; and any progression (a promotion, a qualification, a move into the NHS)."""

    class Month(models.IntegerChoices):
        THREE = 3, "3 months"
        SIX = 6, "6 months"
        TWELVE = 12, "12 months"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="retention_follow_ups")
    month = models.PositiveSmallIntegerField(choices=Month.choices)
    in_work = models.BooleanField("in work in care")
    same_employer = models.BooleanField("with the same employer")
    # Why they left the job they started (empty while still with the same employer).
    leaving_reason = models.ForeignKey(LeavingReason, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="follow_ups")
    promoted = models.BooleanField(PROGRESSION[0][1], default=False)
    qualification_started = models.BooleanField(PROGRESSION[1][1], default=False)
    qualification_gained = models.BooleanField(PROGRESSION[2][1], default=False)
    moved_to_nursing_or_nhs = models.BooleanField(PROGRESSION[3][1], default=False)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["application", "month"]
        constraints = [
            models.UniqueConstraint(fields=["application", "month"], name="one_follow_up_per_month"),
            models.CheckConstraint(name="follow_up_month_3_6_12", condition=Q(month__in=FOLLOW_UP_MONTHS)),
            models.CheckConstraint(name="same_employer_needs_work", condition=Q(in_work=True) | Q(same_employer=False)),
        ]

    def __str__(self):
        return f"{self.get_month_display()} follow-up for application {self.application_id}"


class SupportSpend(TimeStampedModel):
    """Money spent to remove a barrier for a learner: travel, childcare, interview clothes, lunch."""

    class Category(models.TextChoices):
        TRAVEL = "travel", "Travel"
        CHILDCARE = "childcare", "Childcare"
        CLOTHING = "clothing", "Clothing for interviews or work"
        LUNCH = "lunch", "Lunch"
        OTHER = "other", "Other"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="support_spends")
    category = models.CharField(max_length=10, choices=Category.choices)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    spent_on = models.DateField()
    paid_by = models.CharField("who paid", max_length=20, choices=Payer.choices, default=Payer.ACADEMY)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-spent_on"]
        constraints = [models.CheckConstraint(name="support_spend_not_negative", condition=Q(amount__gte=0))]
        indexes = [models.Index(fields=["application", "spent_on"])]

    def __str__(self):
        return f"£{self.amount} {self.get_category_display().lower()} on {self.spent_on:%d %b %Y}"


class ProgrammeEvidence(TimeStampedModel):
    """Where a programme stands on the NESTA standards of evidence, the claim, and what backs it."""

    class Level(models.IntegerChoices):
        ONE = 1, "Level 1: we can give an account of impact"
        TWO = 2, "Level 2: we gather data that shows change"
        THREE = 3, "Level 3: we can show we cause the impact (comparison group)"
        FOUR = 4, "Level 4: we can explain why and how, independently validated"

    programme = models.ForeignKey("courses.Programme", on_delete=models.CASCADE, related_name="evidence")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    claim = models.TextField(help_text="The impact the programme claims, in one or two sentences.")
    data_behind = models.TextField(help_text="The data and method behind the claim (surveys, comparison group...).")
    reviewed_at = models.DateField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["programme", "-reviewed_at"]
        verbose_name_plural = "programme evidence"
        constraints = [models.CheckConstraint(name="nesta_level_1_to_4", condition=Q(level__gte=1, level__lte=4))]

    def __str__(self):
        return f"{self.programme}: NESTA level {self.level} ({self.reviewed_at:%b %Y})"


class ImpactReport(TimeStampedModel):
    """A printable impact report (PDF) for a period and, optionally, one locality.

    Reports are for boards and funders, so they always carry partner-safe (suppressed) figures,
    whoever asked for them.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="impact_reports"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to="impact/reports/", blank=True)
    error = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="report_period_in_order", condition=Q(period_end__gte=F("period_start"))),
        ]

    def __str__(self):
        where = self.locality.name if self.locality_id else "all localities"
        return f"Impact report {self.period_start:%d %b %Y}–{self.period_end:%d %b %Y}, {where}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY
