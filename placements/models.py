from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from academy.models import Locality, TimeStampedModel
from providers.models import CareSetting, ClientGroup, Provider, Site


class PostcodeDistrict(models.Model):
    """Approximate centre of a postcode district (outward code), from data/uk-postcode-districts.csv."""

    code = models.CharField(max_length=4, primary_key=True)
    area = models.CharField(max_length=2, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.code


class PlacementOpportunity(TimeStampedModel):
    """Work-experience places a provider offers to academy learners (a placement, not a paid job)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="placement_opportunities")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="placement_opportunities")
    title = models.CharField(max_length=200, help_text="E.g. Care assistant shadowing, day shifts.")
    setting = models.ForeignKey(CareSetting, on_delete=models.PROTECT, related_name="+")
    client_groups = models.ManyToManyField(ClientGroup, blank=True, related_name="+")
    description = models.TextField(blank=True)
    places = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1, "Offer at least one place.")]
    )
    works_days = models.BooleanField("day shifts", default=True)
    works_nights = models.BooleanField("night shifts", default=False)
    sleep_ins = models.BooleanField("sleep-ins", default=False)
    works_weekends = models.BooleanField("weekend shifts", default=False)
    driving_required = models.BooleanField("needs a driver with a car", default=False)
    available_from = models.DateField()
    available_until = models.DateField()
    is_open = models.BooleanField(default=True)

    class Meta:
        ordering = ["available_from", "title"]
        verbose_name_plural = "placement opportunities"
        constraints = [
            models.CheckConstraint(name="opportunity_places_positive", condition=Q(places__gte=1)),
            models.CheckConstraint(
                name="opportunity_dates_in_order", condition=Q(available_until__gte=F("available_from")),
                violation_error_message="“Available until” cannot be before “available from”.",
            ),
        ]

    def __str__(self):
        return f"{self.title} – {self.provider.name}"


class Placement(TimeStampedModel):
    """A learner's work placement: confirmed by academy staff, then accepted by the provider."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed by the academy, waiting for the provider"
        ACCEPTED = "accepted", "Accepted by the provider"
        DECLINED = "declined", "Declined by the provider"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    application = models.ForeignKey("learners.Application", on_delete=models.CASCADE, related_name="placements")
    opportunity = models.ForeignKey(PlacementOpportunity, on_delete=models.PROTECT, related_name="placements")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="placements")
    start_date = models.DateField()
    end_date = models.DateField()
    supervisor_name = models.CharField(max_length=200, blank=True)
    supervisor_phone = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CONFIRMED, db_index=True)
    match_score = models.PositiveSmallIntegerField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField()
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=255, blank=True)
    # When the placement began for the pipeline: accepted by the provider and its start date reached
    # (placements.starts). Only then is the learner's stage "On placement".
    started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(name="placement_dates_in_order", condition=Q(end_date__gte=F("start_date")),
                                   violation_error_message="The placement cannot end before it starts."),
        ]

    def __str__(self):
        return f"{self.application.learner} at {self.provider} from {self.start_date:%d %b %Y}"

    @property
    def learner(self):
        return self.application.learner

    @property
    def is_under_way(self) -> bool:
        """Accepted by the provider, running or finished: attendance and feedback can be recorded."""
        return self.status in (self.Status.ACCEPTED, self.Status.COMPLETED)


# Every status move a placement may make; anything else is refused by placements.services.placement_transition.
# The provider accepts or declines a confirmed placement; an accepted one is completed.
PLACEMENT_TRANSITIONS: dict[str, set[str]] = {
    Placement.Status.CONFIRMED: {Placement.Status.ACCEPTED, Placement.Status.DECLINED},
    Placement.Status.ACCEPTED: {Placement.Status.COMPLETED},
    Placement.Status.DECLINED: set(),
    Placement.Status.COMPLETED: set(),
    Placement.Status.CANCELLED: set(),
}


class PlacementAttendance(models.Model):
    """One placement day: did the learner attend."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField()
    attended = models.BooleanField()
    note = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["placement", "day"], name="one_attendance_per_placement_day")]

    def __str__(self):
        return f"{self.placement_id} {self.day}: {'attended' if self.attended else 'absent'}"


ONE_TO_FIVE = [MinValueValidator(1, "Choose a score from 1 to 5."), MaxValueValidator(5, "Choose a score from 1 to 5.")]
SCORE_1_TO_5 = Q(values__gte=1, values__lte=5, reliability__gte=1, reliability__lte=5,
                 potential__gte=1, potential__lte=5)


class ProviderFeedback(TimeStampedModel):
    """What the provider thought of the learner on placement (1 = poor, 5 = excellent)."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="provider_feedback")
    values = models.PositiveSmallIntegerField("shows the values of care", validators=ONE_TO_FIVE)
    reliability = models.PositiveSmallIntegerField("reliable and on time", validators=ONE_TO_FIVE)
    potential = models.PositiveSmallIntegerField("potential as a care worker", validators=ONE_TO_FIVE)
    comments = models.TextField(blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.CheckConstraint(name="provider_feedback_scores_1_to_5", condition=SCORE_1_TO_5)]

    def __str__(self):
        return f"Provider feedback on placement {self.placement_id}"


class LearnerFeedback(TimeStampedModel):
    """What the learner thought of the placement."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="learner_feedback")
    rating = models.PositiveSmallIntegerField("how good was the placement (1 to 5)", validators=ONE_TO_FIVE)
    would_work_there = models.BooleanField("I would like to work there", default=False)
    comments = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(name="learner_feedback_rating_1_to_5", condition=Q(rating__gte=1, rating__lte=5))
        ]

    def __str__(self):
        return f"Learner feedback on placement {self.placement_id}"


class InterviewSlot(TimeStampedModel):
    """A time a provider offers for an interview on one vacancy. Slots at one site never overlap, except
    that a time a learner cancelled is offered again as a new slot beside the withdrawn one."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="interview_slots")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="interview_slots")
    vacancy = models.ForeignKey("vacancies.Vacancy", on_delete=models.CASCADE, related_name="interview_slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    interviewer = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(name="slot_ends_after_start", condition=Q(ends_at__gt=F("starts_at")),
                                   violation_error_message="The slot must end after it starts."),
        ]
        indexes = [models.Index(fields=["site", "starts_at"])]

    def __str__(self):
        return f"{self.vacancy.role_title}, {self.starts_at:%a %d %b %Y %H:%M}"


class Interview(TimeStampedModel):
    """A learner booked into a slot, and what came of it. One learner per slot."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Not yet recorded"
        OFFER = "offer", "Offered the job"
        NO_OFFER = "no_offer", "No offer"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CANCELLED = "cancelled", "Cancelled by the academy"

    class BookedVia(models.TextChoices):
        STAFF = "staff", "Booked by academy staff"
        SELF = "self", "Booked by the learner"
        EVENT = "event", "Called after a meet-the-employer event"

    slot = models.OneToOneField(InterviewSlot, on_delete=models.PROTECT, related_name="interview")
    application = models.ForeignKey("learners.Application", on_delete=models.CASCADE, related_name="interviews")
    vacancy = models.ForeignKey("vacancies.Vacancy", on_delete=models.PROTECT, related_name="interviews")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="interviews")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    booked_via = models.CharField(max_length=10, choices=BookedVia.choices, default=BookedVia.STAFF)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING, db_index=True)
    outcome_reason = models.TextField(blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A job the learner cannot do at all (placements.matching.EXCLUSION_RULES) is booked only with staff's
    # reason; such an interview does not keep the guaranteed-interview promise.
    unsuitable_because = models.CharField(max_length=255, blank=True,
                                          help_text="Why the job does not suit the learner, as it was booked.")
    unsuitable_reason = models.TextField("reason for booking it anyway", blank=True)
    # Feedback to the candidate after "no offer": the provider's reason, in plain words staff may edit,
    # shown on the learner's timeline only once staff have released it.
    learner_feedback = models.TextField("feedback for the learner", blank=True)
    feedback_shown_at = models.DateTimeField(null=True, blank=True)
    feedback_shown_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["slot__starts_at"]
        constraints = [
            models.CheckConstraint(
                name="unsuitable_booking_needs_reason",
                condition=Q(unsuitable_because="") | ~Q(unsuitable_reason=""),
                violation_error_message="This job does not suit the learner: say why it is booked anyway.",
            ),
            models.CheckConstraint(
                name="no_offer_needs_reason", condition=~Q(outcome="no_offer") | ~Q(outcome_reason=""),
                violation_error_message="Say why there was no offer: the learner and the academy learn from it.",
            ),
        ]

    def __str__(self):
        return f"{self.application.learner} – {self.vacancy} ({self.get_outcome_display()})"

    @property
    def fits_learner(self) -> bool:
        """The job suited the learner when booked: only then does it count as their guaranteed interview."""
        return not self.unsuitable_because

    @property
    def cancelled_by_learner(self) -> bool:
        """Withdrawn by the learner themselves (placements.services.interview_cancel_by_learner)."""
        return (self.outcome == self.Outcome.WITHDRAWN and self.outcome_recorded_by_id is not None
                and self.outcome_recorded_by_id == self.application.learner.user_id)

    @property
    def outcome_to_record(self) -> bool:
        return self.outcome == self.Outcome.PENDING

    @property
    def cancelled_by_academy(self) -> bool:
        """Cancelled or moved by staff (placements.interview_changes), with the reason the learner was told."""
        return self.outcome == self.Outcome.CANCELLED

    @property
    def staff_may_change(self) -> bool:
        """For showing the move and cancel links; the service decides (it checks the time again)."""
        return self.outcome == self.Outcome.PENDING and self.slot.starts_at > timezone.now()

    @property
    def is_no_offer(self) -> bool:
        """Ended without an offer: staff write the feedback the learner sees (placements.outcomes)."""
        return self.outcome == self.Outcome.NO_OFFER

    @property
    def is_to_come(self) -> bool:
        """Still ahead: worth a calendar entry (also when cancelled, so a calendar can drop it)."""
        return self.slot.starts_at > timezone.now()

    @property
    def learner_may_cancel(self) -> bool:
        """For showing the cancel link; the service decides (it checks again, at the moment of cancelling)."""
        return (self.booked_via == self.BookedVia.SELF and self.outcome == self.Outcome.PENDING
                and self.slot.starts_at > timezone.now())


class HowFound(models.TextChoices):
    """How a learner found a job: through the portal, or gained outside its vacancies and interviews."""

    ACADEMY_VACANCY = "academy_vacancy", "An academy vacancy"
    EVENT = "event", "A meet-the-employer event"
    OWN_SEARCH = "own_search", "Their own search"
    OTHER = "other", "Other"


class JobOffer(TimeStampedModel):
    """A job offered to a learner, accepted or declined with the learner's reason.

    Most offers follow a portal interview (`interview` set). Staff also record offers gained outside
    the portal's vacancies and interviews: then the employer is a provider on the portal or a named
    employer that is not, with the role, setting and hours. Either way the offer belongs to an
    application and counts in every figure alike.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for the learner's answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    class DeclineReason(models.TextChoices):
        SLEEP_INS = "sleep_ins", "Sleep-ins"
        NIGHTS = "nights", "Night shifts"
        CHILDCARE = "childcare", "Childcare"
        HOURS = "hours", "Hours or shift pattern"
        TRAVEL = "travel", "Travel"
        PAY = "pay", "Pay"
        OTHER_JOB = "other_job", "Took another job"
        OTHER = "other", "Other"

    interview = models.OneToOneField(Interview, null=True, blank=True, on_delete=models.CASCADE, related_name="offer")
    application = models.ForeignKey("learners.Application", on_delete=models.CASCADE, related_name="job_offers")
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="job_offers")
    employer_name = models.CharField("employer (if not a provider on the portal)", max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    setting = models.ForeignKey(CareSetting, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    how_found = models.CharField(max_length=20, choices=HowFound.choices, default=HowFound.ACADEMY_VACANCY)
    # The day the offer was made (set from the date whoever records it enters), not the moment it was typed.
    offered_at = models.DateTimeField()
    proposed_start_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reasons = models.JSONField(default=list, blank=True)
    decline_note = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-offered_at"]
        constraints = [
            models.CheckConstraint(
                name="offer_names_its_employer",
                condition=Q(interview__isnull=False) | Q(provider__isnull=False) | ~Q(employer_name=""),
                violation_error_message="Choose the provider, or name the employer if it is not on the portal.",
            ),
        ]

    def __str__(self):
        return f"Offer: {self.role_title} at {self.employer_label} ({self.get_status_display()})"

    @property
    def employer_label(self) -> str:
        if self.provider_id:
            return self.provider.name
        if self.interview_id:
            return self.interview.provider.name
        return self.employer_name

    @property
    def role_title(self) -> str:
        if self.role:
            return self.role
        return self.interview.vacancy.role_title if self.interview_id else "Job"

    @property
    def is_external(self) -> bool:
        """Gained outside the portal's own vacancies and interviews."""
        return self.interview_id is None

    @property
    def awaits_answer(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def is_declined(self) -> bool:
        return self.status == self.Status.DECLINED

    def decline_reason_labels(self) -> list[str]:
        return [self.DeclineReason(code).label for code in self.decline_reasons if code in self.DeclineReason.values]


# Every status move a job offer may make (the learner's answer, once); anything else is refused by
# placements.services.job_offer_transition.
JOB_OFFER_TRANSITIONS: dict[str, set[str]] = {
    JobOffer.Status.OPEN: {JobOffer.Status.ACCEPTED, JobOffer.Status.DECLINED},
    JobOffer.Status.ACCEPTED: set(),
    JobOffer.Status.DECLINED: set(),
}


class JobStart(TimeStampedModel):
    """A learner starting work: the record 3, 6 and 12-month follow-ups hang on.

    Every start has an offer; a start gained outside the portal has no vacancy, and no provider when
    the employer is not on the portal (then `employer_name` names it).
    """

    offer = models.OneToOneField(JobOffer, on_delete=models.PROTECT, related_name="job_start")
    application = models.ForeignKey("learners.Application", on_delete=models.PROTECT, related_name="job_starts")
    learner = models.ForeignKey("learners.Learner", on_delete=models.PROTECT, related_name="job_starts")
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="job_starts")
    vacancy = models.ForeignKey("vacancies.Vacancy", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="job_starts")
    employer_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    offer_made_at = models.DateTimeField()
    started_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "started_on"], name="one_job_start_per_learner_per_day",
                                    violation_error_message="This learner already has a job start on that date."),
            models.CheckConstraint(name="job_start_names_its_employer",
                                   condition=Q(provider__isnull=False) | ~Q(employer_name="")),
        ]

    def __str__(self):
        return f"{self.learner} started at {self.employer_label} on {self.started_on:%d %b %Y}"

    @property
    def employer_label(self) -> str:
        return self.provider.name if self.provider_id else self.employer_name

    @property
    def role_title(self) -> str:
        if self.role:
            return self.role
        return self.vacancy.role_title if self.vacancy_id else "Job"

    @property
    def days_offer_to_start(self) -> int:
        return (self.started_on - self.offer_made_at.date()).days


class RecruitmentEvent(TimeStampedModel):
    """A meet-the-employer or speed-interview event: short meetings between providers and learners."""

    class Kind(models.TextChoices):
        MEET_THE_EMPLOYER = "meet_employer", "Meet the employer"
        SPEED_INTERVIEWS = "speed_interviews", "Speed interviews"
        JOB_FAIR = "job_fair", "Job fair"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MEET_THE_EMPLOYER)
    date = models.DateField()
    venue = models.CharField(max_length=200)
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="+")
    cohort = models.ForeignKey("courses.Cohort", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    providers = models.ManyToManyField(Provider, blank=True, related_name="recruitment_events")
    meeting_minutes = models.PositiveSmallIntegerField(default=10)

    class Meta:
        ordering = ["-date", "name"]
        constraints = [
            models.CheckConstraint(
                name="event_meeting_length_sensible", condition=Q(meeting_minutes__gte=3, meeting_minutes__lte=60)
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.date:%d %b %Y})"


class EventMeeting(TimeStampedModel):
    """A short meeting at an event; the provider flags whether to call the learner for a formal interview."""

    event = models.ForeignKey(RecruitmentEvent, on_delete=models.CASCADE, related_name="meetings")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="event_meetings")
    application = models.ForeignKey("learners.Application", on_delete=models.CASCADE, related_name="event_meetings")
    starts_at = models.TimeField(null=True, blank=True)
    call_for_interview = models.BooleanField(default=False)
    provider_notes = models.TextField(blank=True)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    flagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "provider", "application"], name="one_meeting_per_provider_learner_event"
            ),
        ]

    def __str__(self):
        return f"{self.application.learner} meets {self.provider} at {self.event}"
