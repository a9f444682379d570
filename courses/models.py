from django.conf import settings
from django.db import models
from django.db.models import F, Q

from academy.models import Locality, TimeStampedModel
from learners.models import SkillLevel


class Programme(TimeStampedModel):
    """A course the academy runs again and again, as cohorts."""

    class Kind(models.TextChoices):
        SBWA = "sbwa", "Sector-based work academy"
        BITE_SIZE = "bite_size", "Bite-size pre-employment course"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship"
        CPD = "cpd", "CPD course"

    # What each kind of programme is, in plain words for someone new to care (the kinds are sector terms).
    KIND_EXPLAINED = {
        Kind.SBWA: "A free course of a few weeks with a work placement and a guaranteed job interview "
                   "(a sector-based work academy, run with Jobcentre Plus)",
        Kind.BITE_SIZE: "A short free course to find out whether care is for you",
        Kind.APPRENTICESHIP: "A paid job with training, leading to a qualification",
        Kind.CPD: "A course for people already working in care (continuing professional development)",
    }

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.TextField(help_text="What the course covers and who it is for, in plain English.")
    duration_weeks = models.PositiveSmallIntegerField()
    # A guaranteed interview for every completer; false e.g. for personal-assistant academies.
    guaranteed_interview = models.BooleanField(default=True)
    # The two checks an applicant passes before working in care. People already in care work (CPD) were
    # screened and DBS-checked when their employer took them on, so their course need not repeat either.
    requires_values_screening = models.BooleanField(
        "applicants need a values screening", default=True,
        help_text="Untick for people already working in care: staff then accept applicants without a screening.",
    )
    requires_dbs = models.BooleanField(
        "learners need a DBS check", default=True,
        help_text="Untick when learners already hold a DBS check through their employer: "
                  "nobody on this programme is then shown as blocked on DBS.",
    )
    # Inactive: hidden from the public course list; its cohorts and their history stay.
    is_active = models.BooleanField("shown on the public course list", default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(name="programme_duration_positive", condition=Q(duration_weeks__gte=1))]

    def __str__(self):
        return self.name

    @property
    def kind_explained(self) -> str:
        return self.KIND_EXPLAINED.get(self.kind, self.get_kind_display())

    # Kinds for people already working in care: by default neither screened again nor DBS-checked again.
    KINDS_FOR_PEOPLE_IN_CARE_WORK = frozenset({Kind.CPD})

    @classmethod
    def default_requirements(cls, kind: str) -> dict[str, bool]:
        """What a new programme of this kind asks of its applicants, until staff say otherwise."""
        new_to_care = kind not in cls.KINDS_FOR_PEOPLE_IN_CARE_WORK
        return {"requires_values_screening": new_to_care, "requires_dbs": new_to_care}

    @staticmethod
    def dbs_required_q(prefix: str = "") -> Q:
        """Rows (reached through `prefix`, e.g. "cohort__programme__") whose programme needs a DBS check:
        the one filter every DBS list and count uses."""
        return Q(**{f"{prefix}requires_dbs": True})


class Cohort(TimeStampedModel):
    """One run of a programme, with its dates, venue and places."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=200)
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="cohorts")
    venue = models.CharField(max_length=200, help_text="Community venues count: a library, a church hall, a college.")
    start_date = models.DateField()
    end_date = models.DateField()
    capacity = models.PositiveSmallIntegerField()
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="cohorts_tutored"
    )
    guaranteed_interview = models.BooleanField(default=True)
    # Screening configuration: which questions to ask and the English and maths level needed to join.
    question_bank = models.ForeignKey(
        "learners.QuestionBank", null=True, blank=True, on_delete=models.SET_NULL, related_name="cohorts"
    )
    minimum_skill_level = models.CharField(
        "minimum English and maths level", max_length=10, choices=SkillLevel.choices, default=SkillLevel.ENTRY_3,
        help_text="Applicants below this level are referred to a college for support and invited to reapply.",
    )
    is_open_for_applications = models.BooleanField(default=True)

    class Meta:
        ordering = ["start_date", "name"]
        constraints = [
            models.CheckConstraint(name="cohort_ends_after_start", condition=Q(end_date__gte=F("start_date"))),
            models.CheckConstraint(name="cohort_capacity_positive", condition=Q(capacity__gte=1)),
        ]
        indexes = [models.Index(fields=["locality", "start_date"])]

    def __str__(self):
        return f"{self.name} ({self.start_date:%d %b %Y})"


class CohortSession(TimeStampedModel):
    """One taught session (a day or half-day) of a cohort; attendance is recorded against it."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    title = models.CharField(max_length=200, help_text="For example: Dementia awareness, Safeguarding.")

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "date", "title"], name="one_session_per_title_per_day"),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d %b %Y})"


class Attendance(TimeStampedModel):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        LATE = "late", "Late"
        AUTHORISED_ABSENCE = "authorised", "Absent with a reason"
        ABSENT = "absent", "Absent"

    # Present and late count as attended; both kinds of absence count as missed.
    ATTENDED = (Status.PRESENT, Status.LATE)

    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="attendance")
    application = models.ForeignKey("learners.Application", on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["session__date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "application"], name="one_attendance_per_session_per_learner"),
        ]

    def __str__(self):
        return f"{self.application.learner} at {self.session}: {self.get_status_display()}"


class QualificationAward(TimeStampedModel):
    """A qualification or certificate a learner gained on the course (for the personnel file)."""

    application = models.ForeignKey("learners.Application", on_delete=models.CASCADE, related_name="qualifications")
    title = models.CharField(max_length=200, help_text="For example: Care Certificate, First Aid at Work.")
    level = models.CharField(max_length=50, blank=True, help_text="For example: Level 2, or leave empty.")
    awarding_body = models.CharField(max_length=200, blank=True)
    awarded_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-awarded_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["application", "title"], name="one_award_per_title_per_application"),
        ]

    def __str__(self):
        return f"{self.title} ({self.application.learner})"


class CourseOutcome(TimeStampedModel):
    """Whether a learner finished a cohort's course: completed, or did not complete and why, on what date.

    A fact apart from the job outcome: interviews, offers and starts may come before or after it and
    neither hides the other. One per application per cohort: a learner moved to a later cohort keeps
    the application (not a fresh one) and has "moved to another cohort" here, linked to the later
    cohort, and a second outcome there when that course ends.
    """

    class Result(models.TextChoices):
        COMPLETED = "completed", "Completed the course"
        NOT_COMPLETED = "not_completed", "Did not complete"

    class Reason(models.TextChoices):
        WITHDREW = "withdrew", "Withdrew"
        MOVED_COHORT = "moved_cohort", "Moved to another cohort"
        FOUND_WORK = "found_work", "Found work before the end"
        HEALTH_OR_CARING = "health_or_caring", "Health or caring responsibilities"
        OTHER = "other", "Other"

    application = models.ForeignKey("learners.Application", on_delete=models.CASCADE, related_name="course_outcomes")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="course_outcomes")
    result = models.CharField(max_length=15, choices=Result.choices)
    reason = models.CharField("reason for not completing", max_length=20, choices=Reason.choices, blank=True)
    note = models.CharField(max_length=255, blank=True)
    on = models.DateField("date")
    moved_to = models.ForeignKey(Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="moved_in")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "cohort"], name="one_course_outcome_per_cohort",
                                    violation_error_message="This learner's outcome on this cohort is already recorded."),
            models.CheckConstraint(
                name="course_outcome_reason_only_when_not_completed",
                condition=Q(result="completed", reason="") | (Q(result="not_completed") & ~Q(reason="")),
                violation_error_message="Give a reason when a learner did not complete, and none when they did.",
            ),
            models.CheckConstraint(
                name="course_outcome_move_names_the_cohort",
                condition=Q(reason="moved_cohort", moved_to__isnull=False) | (~Q(reason="moved_cohort")
                                                                              & Q(moved_to__isnull=True)),
                violation_error_message="Choose the cohort the learner moves to.",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "result"])]

    def __str__(self):
        return f"{self.application_id} on {self.cohort_id}: {self.get_result_display()} ({self.on})"


class Payer(models.TextChoices):
    """Who paid for something given to a learner: a bursary, or support such as travel or childcare."""

    ACADEMY = "academy", "The academy"
    JOBCENTRE_PLUS = "jobcentre_plus", "Jobcentre Plus"
    EMPLOYER = "employer", "An employer"


class BursaryPayment(TimeStampedModel):
    """A bursary paid to a learner for attending the course (see courses.selectors.AttendanceSummary).

    Paid against eligibility: attendance at or above ACADEMY_BURSARY_ATTENDANCE_THRESHOLD, or, below it,
    with the reason staff paid anyway written down (courses.services.bursary_payment_record).
    """

    application = models.ForeignKey("learners.Application", on_delete=models.CASCADE, related_name="bursary_payments")
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    paid_on = models.DateField("date paid")
    paid_by = models.CharField("who paid", max_length=20, choices=Payer.choices, default=Payer.ACADEMY)
    employer = models.ForeignKey(
        "providers.Provider", null=True, blank=True, on_delete=models.PROTECT, related_name="bursaries_paid",
        help_text="The employer that paid, when an employer did (optional).",
    )
    note = models.CharField(max_length=255, blank=True)
    # Attendance when the payment was recorded, kept so the decision can be read later as it was made.
    attendance_rate = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    paid_below_threshold_because = models.CharField(
        "reason for paying below the attendance threshold", max_length=255, blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="bursary_payment_positive", condition=Q(amount__gt=0),
                                   violation_error_message="The amount paid must be more than £0."),
            models.CheckConstraint(
                name="bursary_payment_employer_only_when_employer_paid",
                condition=Q(employer__isnull=True) | Q(paid_by="employer"),
                violation_error_message="Name an employer only when an employer paid.",
            ),
        ]
        indexes = [models.Index(fields=["application", "paid_on"])]

    def __str__(self):
        return f"£{self.amount} bursary paid on {self.paid_on:%d %b %Y} by {self.get_paid_by_display().lower()}"
