import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from academy.conditions import q_holds, q_prefixed
from academy.models import Locality, TimeStampedModel
from academy.uploads import private_upload_path
from providers.models import CareSetting, ClientGroup


class Learner(TimeStampedModel):
    """A person on their way into care work: the record the whole pipeline hangs on."""

    class Situation(models.TextChoices):
        UNEMPLOYED = "unemployed", "Unemployed"
        # "Economically inactive" in labour-market statistics; said in plain words to the person choosing.
        ECONOMICALLY_INACTIVE = "inactive", "Not working, and not looking for work until now (for example because of health)"
        CAREER_CHANGER = "career_changer", "Employed, looking for a career change"
        CARER_RETURNING = "carer_returning", "Returning after caring for family"
        STUDENT = "student", "In education"
        OTHER = "other", "Other"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="learner"
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    # Optional: someone taken on by phone or at a drop-in may have no address (they get letters or texts)
    # and then has no sign-in account.
    email = models.EmailField(blank=True)
    # What the learner likes to be called, if not their first name (theirs to change from their page).
    preferred_name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True, help_text="Street address, without the postcode.")
    date_of_birth = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=10)
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="learners")
    situation = models.CharField(max_length=20, choices=Situation.choices, default=Situation.UNEMPLOYED)
    preferred_settings = models.ManyToManyField(CareSetting, blank=True, related_name="+")
    preferred_client_groups = models.ManyToManyField(ClientGroup, blank=True, related_name="+")
    cannot_work_nights = models.BooleanField(default=False)
    cannot_work_sleep_ins = models.BooleanField(default=False)
    cannot_work_weekends = models.BooleanField(default=False)
    drives = models.BooleanField("has a driving licence and a car", default=False)
    needs_childcare_support = models.BooleanField(default=False)
    needs_travel_support = models.BooleanField(default=False)
    needs_interview_clothing = models.BooleanField(default=False)
    other_barriers = models.TextField("anything else that makes it hard to take part", blank=True)

    class ContactPreference(models.TextChoices):
        EMAIL = "email", "Email"
        TEXT = "text", "Text message"
        LETTER = "letter", "Letter"

    # How the academy's messages reach them. Choosing email needs an email address and a text a phone
    # (learners.validators.validate_contact_preference, where it is chosen); a message still finds
    # another way when the choice cannot be met (notifications.services.channel_for).
    contact_preference = models.CharField(max_length=10, choices=ContactPreference.choices,
                                          default=ContactPreference.EMAIL)
    # Set when staff erase the learner on request: personal fields are blanked, counts stay true.
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["locality", "last_name"])]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @classmethod
    def contact_preference_for(cls, *, email: str, phone: str) -> str:
        """How to reach someone who has not chosen yet: by email if they have an address, else by text
        if they have a phone, else by letter."""
        if email:
            return cls.ContactPreference.EMAIL
        return cls.ContactPreference.TEXT if phone else cls.ContactPreference.LETTER


class Stage(models.TextChoices):
    """Where an application is in the pipeline, from applying to starting work."""

    APPLIED = "applied", "Applied"
    ACCEPTED = "accepted", "Accepted onto the course"
    REFERRED = "referred", "Referred for English and maths support"
    NOT_PROGRESSED = "not_progressed", "Not progressed (values)"
    ENROLLED = "enrolled", "Enrolled"
    PLACED = "placed", "On placement"
    COMPLETED = "completed", "Completed the course"
    INTERVIEWED = "interviewed", "Interviewed"
    OFFERED = "offered", "Offered a job"
    STARTED_WORK = "started_work", "Started work"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Every move the pipeline allows. Anything else is refused by learners.services.applications.application_transition.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Stage.APPLIED: {Stage.ACCEPTED, Stage.REFERRED, Stage.NOT_PROGRESSED, Stage.WITHDRAWN},
    Stage.ACCEPTED: {Stage.ENROLLED, Stage.WITHDRAWN},
    Stage.REFERRED: {Stage.WITHDRAWN},  # they come back through a new, linked application
    Stage.NOT_PROGRESSED: set(),
    # Straight to "offered": a job gained outside the portal's interviews (placements.outcomes).
    Stage.ENROLLED: {Stage.PLACED, Stage.COMPLETED, Stage.INTERVIEWED, Stage.OFFERED, Stage.WITHDRAWN},
    Stage.PLACED: {Stage.COMPLETED, Stage.INTERVIEWED, Stage.OFFERED, Stage.WITHDRAWN},
    Stage.COMPLETED: {Stage.PLACED, Stage.INTERVIEWED, Stage.OFFERED, Stage.WITHDRAWN},
    Stage.INTERVIEWED: {Stage.OFFERED, Stage.COMPLETED, Stage.WITHDRAWN},
    Stage.OFFERED: {Stage.STARTED_WORK, Stage.INTERVIEWED, Stage.WITHDRAWN},
    Stage.STARTED_WORK: set(),
    Stage.WITHDRAWN: set(),
}


class ApplicationSource(TimeStampedModel):
    """How an applicant heard of the academy, or who referred them: the list the apply forms offer,
    kept by staff, and what the dashboard reports recruitment routes by (retention differs a lot by
    route). Retired entries stay for the applications that named them but are no longer offered."""

    name = models.CharField(max_length=100, unique=True)
    is_referral = models.BooleanField(
        "an agency referral", default=False,
        help_text="Referrals (for example from Jobcentre Plus) record the organisation and the work coach.")
    asks_for_detail = models.BooleanField(
        "asks the applicant to say more", default=False,
        help_text="For “Other”: the form asks “please say” and needs an answer.")
    is_active = models.BooleanField("offered on the forms", default=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first on the forms.")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Application(TimeStampedModel):
    """A learner's application to one cohort; its stage is the learner's place in the pipeline."""

    class HowTaken(models.TextChoices):
        ONLINE = "online", "Online, by the applicant"
        PHONE = "phone", "By phone"
        DROP_IN = "drop_in", "At a drop-in"
        REFERRAL = "referral", "Referral from Jobcentre Plus or another agency"

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="applications")
    cohort = models.ForeignKey("courses.Cohort", on_delete=models.PROTECT, related_name="applications")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.APPLIED, db_index=True)
    submitted_at = models.DateTimeField()
    # A learner referred for English and maths support who comes back applies again; the new
    # application points at the first so the return can be counted.
    previous_application = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reapplication"
    )
    motivation = models.TextField("why you want to work in care", blank=True)
    source = models.ForeignKey(ApplicationSource, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="applications", verbose_name="how they heard about the academy")
    source_other = models.CharField("how they heard about the academy, in their words", max_length=200, blank=True)
    how_taken = models.CharField(max_length=20, choices=HowTaken.choices, default=HowTaken.ONLINE)
    # The staff member who took it on the phone, at a drop-in or from a referral.
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    referral_organisation = models.CharField(
        "referring organisation", max_length=200, blank=True,
        help_text="For example “Blackpool Jobcentre Plus” or the agency's name.")
    work_coach_name = models.CharField("work coach or referrer", max_length=200, blank=True)
    work_coach_contact = models.CharField("work coach's email or phone", max_length=200, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "cohort"], name="one_application_per_learner_per_cohort"),
            models.CheckConstraint(
                name="referral_names_organisation_and_work_coach",
                condition=~Q(how_taken="referral") | (~Q(referral_organisation="") & ~Q(work_coach_name="")),
            ),
        ]
        indexes = [models.Index(fields=["cohort", "stage"])]

    def __str__(self):
        return f"{self.learner} → {self.cohort} ({self.get_stage_display()})"

    @property
    def awaits_screening(self) -> bool:
        """Waiting at 'applied' for the values screening its programme asks for."""
        return self.stage == Stage.APPLIED and self.cohort.programme.requires_values_screening

    @property
    def awaits_acceptance_without_screening(self) -> bool:
        """Waiting at 'applied' on a programme that asks for no values screening (people already in care
        work): staff accept them directly (learners.services.screening.application_accept_without_screening)."""
        return self.stage == Stage.APPLIED and not self.cohort.programme.requires_values_screening

    @property
    def ready_to_enrol(self) -> bool:
        """Accepted at screening: enrolment is the next step (learners.services.application_enrol)."""
        return self.stage == Stage.ACCEPTED

    @property
    def was_on_the_course(self) -> bool:
        """Enrolled, now or before moving on (placement, completion, a job): a course outcome and a job
        found outside the portal can be recorded (courses.outcomes, placements.outcomes)."""
        return self.stage in (Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED, Stage.INTERVIEWED, Stage.OFFERED,
                              Stage.STARTED_WORK)


class StageTransition(models.Model):
    """One move of an application between stages: who, when. Time-in-stage figures come from these."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices, db_index=True)
    at = models.DateTimeField(db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        # (to_stage, at): the changes to one stage within dates (the follow-ups due read "started work" ones).
        indexes = [models.Index(fields=["application", "to_stage"]), models.Index(fields=["to_stage", "at"])]

    def __str__(self):
        return f"{self.application_id}: {self.from_stage or 'new'} → {self.to_stage} at {self.at:%Y-%m-%d %H:%M}"


# --- Enquiries: people who showed interest before applying -------------------------------------


class Enquiry(TimeStampedModel):
    """Someone who expressed interest at a fair, a jobcentre or online: the top of the funnel."""

    class Source(models.TextChoices):
        JOB_FAIR = "job_fair", "Job fair or recruitment event"
        JOBCENTRE = "jobcentre", "Jobcentre Plus"
        SOCIAL_MEDIA = "social_media", "Social media"
        COMMUNITY = "community", "Community venue or outreach"
        COLLEGE = "college", "College or school"
        PROVIDER = "provider", "A care provider"
        WORD_OF_MOUTH = "word_of_mouth", "Friends or family"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    enquired_on = models.DateField()
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="enquiries")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when the person goes on to apply, so the funnel can count conversions.
    learner = models.ForeignKey(Learner, null=True, blank=True, on_delete=models.SET_NULL, related_name="enquiries")

    class Meta:
        ordering = ["-enquired_on", "name"]
        verbose_name_plural = "enquiries"
        constraints = [
            models.CheckConstraint(
                name="enquiry_has_a_contact", condition=~Q(email="") | ~Q(phone=""),
            ),
        ]
        indexes = [models.Index(fields=["locality", "enquired_on"])]

    def __str__(self):
        return f"{self.name} ({self.get_source_display()}, {self.enquired_on:%d %b %Y})"


# --- Values-based screening --------------------------------------------------------------------


class AcademyValue(TimeStampedModel):
    """One of the academy's values (e.g. compassion), with what it looks like in practice."""

    name = models.CharField(max_length=100, unique=True)
    descriptor = models.TextField(help_text="What this value looks like in what a person says and does.")
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True, help_text="Only active values are scored in new screenings.")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class QuestionBank(TimeStampedModel):
    """A reusable set of screening questions; a cohort picks one, the next cohort can reuse it."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    case_study = models.TextField(
        blank=True, help_text="The values case study applicants respond to, in plain English."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ScreeningQuestion(TimeStampedModel):
    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    value = models.ForeignKey(
        AcademyValue, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions",
        help_text="The value this question draws out, if any.",
    )
    text = models.TextField()
    guidance = models.TextField(blank=True, help_text="What a good answer shows, for the panel.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["bank", "order", "pk"]

    def __str__(self):
        return self.text[:80]


class SkillLevel(models.TextChoices):
    """English and maths levels, lowest first (the order matters: see SKILL_LEVEL_ORDER)."""

    ENTRY_1 = "entry_1", "Entry 1"
    ENTRY_2 = "entry_2", "Entry 2"
    ENTRY_3 = "entry_3", "Entry 3"
    LEVEL_1 = "level_1", "Level 1"
    LEVEL_2 = "level_2", "Level 2"


SKILL_LEVEL_ORDER = {level: i for i, level in enumerate(SkillLevel.values)}


def skill_level_at_least(level: str, minimum: str) -> bool:
    return SKILL_LEVEL_ORDER[level] >= SKILL_LEVEL_ORDER[minimum]


class ValuesScreening(TimeStampedModel):
    """Staff's values-based screening of one application: scores, levels, profile and panel interview."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Not decided yet"
        ACCEPTED = "accepted", "Accepted onto the cohort"
        REFERRED = "referred", "Referred for English and maths support"
        NOT_PROGRESSED = "not_progressed", "Not progressed because of values"

    class Profile(models.TextChoices):
        NOT_DONE = "", "Not done yet"
        STRONG = "strong", "Strong fit for care work"
        GOOD = "good", "Good fit, some areas to develop"
        DEVELOPING = "developing", "Needs support to develop"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="screening")
    question_bank = models.ForeignKey(QuestionBank, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="screenings")
    literacy_level = models.CharField(max_length=10, choices=SkillLevel.choices, blank=True)
    numeracy_level = models.CharField(max_length=10, choices=SkillLevel.choices, blank=True)
    profiling_result = models.CharField(max_length=20, choices=Profile.choices, blank=True)
    profiling_notes = models.TextField(blank=True)
    interview_on = models.DateField(null=True, blank=True)
    interview_notes = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_reason = models.TextField(blank=True)
    referred_to_college = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="screening_decision_has_a_time",
                condition=Q(outcome="pending") | Q(decided_at__isnull=False),
            ),
            models.CheckConstraint(
                name="screening_referral_names_a_college",
                condition=~Q(outcome="referred") | ~Q(referred_to_college=""),
            ),
        ]

    def __str__(self):
        return f"Screening of {self.application.learner} ({self.get_outcome_display()})"


class ValueScore(TimeStampedModel):
    """A value scored 1-4 from the case study and interview, with the evidence for the score."""

    class Score(models.IntegerChoices):
        NOT_SHOWN = 1, "1 – not shown"
        PARTLY_SHOWN = 2, "2 – partly shown"
        SHOWN = 3, "3 – clearly shown"
        STRONGLY_SHOWN = 4, "4 – strongly shown"

    screening = models.ForeignKey(ValuesScreening, on_delete=models.CASCADE, related_name="scores")
    value = models.ForeignKey(AcademyValue, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(choices=Score.choices)
    evidence = models.TextField(help_text="What the person said or did that supports this score.")

    class Meta:
        ordering = ["value__order", "value__name"]
        constraints = [
            models.UniqueConstraint(fields=["screening", "value"], name="one_score_per_value_per_screening"),
            models.CheckConstraint(name="value_score_1_to_4", condition=Q(score__gte=1, score__lte=4)),
        ]

    def __str__(self):
        return f"{self.value}: {self.score}"


class PanelMember(TimeStampedModel):
    """Someone on the interview panel: staff, a provider, or a person who uses services."""

    class Role(models.TextChoices):
        ACADEMY_STAFF = "academy_staff", "Academy staff"
        PROVIDER = "provider", "Care provider representative"
        PERSON_USING_SERVICES = "expert_by_experience", "Person who uses services"
        TUTOR = "tutor", "College tutor"
        OTHER = "other", "Other"

    screening = models.ForeignKey(ValuesScreening, on_delete=models.CASCADE, related_name="panel")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=30, choices=Role.choices)
    provider = models.ForeignKey("providers.Provider", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


# --- Consent -----------------------------------------------------------------------------------


class ConsentRecord(TimeStampedModel):
    """An explicit consent, with the exact words the learner agreed to and when; withdrawable."""

    class Purpose(models.TextChoices):
        PERSONNEL_FILE = "personnel_file", (
            "Prepare a portable personnel file and share it with an employer who offers a job"
        )

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="consents")
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="consents")
    purpose = models.CharField(max_length=30, choices=Purpose.choices, default=Purpose.PERSONNEL_FILE)
    wording = models.TextField(help_text="The exact words the learner agreed to.")
    given_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    # Given online by the learner, or on a signed paper form that staff recorded on the learner's behalf
    # (then given_at is the day it was signed and wording_version names the form's wording).
    on_paper = models.BooleanField("signed on a paper form", default=False)
    wording_version = models.CharField(max_length=30, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        constraints = [
            # At most one live consent per purpose: a new one needs the old one withdrawn first.
            models.UniqueConstraint(fields=["learner", "purpose"], condition=Q(withdrawn_at__isnull=True),
                                    name="one_live_consent_per_purpose"),
            models.CheckConstraint(name="consent_withdrawn_after_given",
                                   condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("given_at"))),
        ]

    def __str__(self):
        state = f"withdrawn {self.withdrawn_at:%d %b %Y}" if self.withdrawn_at else "given"
        return f"{self.learner}: {self.get_purpose_display()} ({state})"

    @property
    def is_live(self):
        return self.withdrawn_at is None


# --- DBS checks --------------------------------------------------------------------------------


class DbsCheckQuerySet(models.QuerySet):
    def cleared(self):
        """Checks that clear the learner for work (DbsCheck.CLEARED)."""
        return self.filter(DbsCheck.CLEARED)


class DbsCheck(TimeStampedModel):
    """A learner's DBS check, kept as the DBS code of practice allows.

    No copy of the certificate and no details of its content: only whether it was clear, or that
    information was disclosed and on what date it was discussed with the learner.
    """

    class Level(models.TextChoices):
        BASIC = "basic", "Basic"
        STANDARD = "standard", "Standard"
        ENHANCED = "enhanced", "Enhanced"
        ENHANCED_ADULTS = "enhanced_adults", "Enhanced with adults' barred list"
        ENHANCED_CHILDREN = "enhanced_children", "Enhanced with children's barred list"
        ENHANCED_BOTH = "enhanced_both", "Enhanced with adults' and children's barred lists"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        FORM_SENT = "form_sent", "Form sent to the learner"
        SUBMITTED = "submitted", "Submitted to DBS"
        CERTIFICATE_ISSUED = "certificate_issued", "Certificate issued"
        UPDATE_SERVICE = "update_service", "Subscribed to the update service"
        NEEDS_RENEWAL = "needs_renewal", "Needs renewal"

    class Workforce(models.TextChoices):
        ADULT = "adult", "Adult workforce"
        CHILD = "child", "Child workforce"
        OTHER = "other", "Other workforce"

    class Content(models.TextChoices):
        UNKNOWN = "", "Not known yet"
        CLEAR = "clear", "Clear"
        DISCLOSED = "disclosed", "Information disclosed"

    class Decision(models.TextChoices):
        PENDING = "", "No decision yet"
        PROCEED = "proceed", "Proceed with recruitment"
        NOT_PROCEED = "not_proceed", "Do not proceed"

    # "DBS cleared" for work, the one definition: a certificate in hand, and either a clear one or a
    # recruitment decision to proceed. DbsCheck.objects.cleared(), dbs_cleared() (across relations)
    # and is_cleared all read this condition.
    CLEARED = (Q(status__in=[Status.CERTIFICATE_ISSUED, Status.UPDATE_SERVICE])
               & (Q(content=Content.CLEAR) | Q(decision=Decision.PROCEED)))

    objects = DbsCheckQuerySet.as_manager()

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="dbs_checks")
    level = models.CharField(max_length=20, choices=Level.choices)
    workforce = models.CharField(max_length=10, choices=Workforce.choices, default=Workforce.ADULT)
    position = models.CharField(max_length=200, default="Care worker",
                                help_text="The position applied for, as on the DBS application.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED, db_index=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    certificate_number = models.CharField(max_length=12, blank=True)
    certificate_issued_on = models.DateField(null=True, blank=True)
    content = models.CharField(max_length=10, choices=Content.choices, blank=True)
    disclosure_discussed_on = models.DateField(null=True, blank=True)
    update_service_subscribed_on = models.DateField(null=True, blank=True)
    status_check_consent_on = models.DateField(
        null=True, blank=True, help_text="When the learner agreed to the academy checking the update service."
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_on = models.DateField(null=True, blank=True)
    decision_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "DBS check"
        constraints = [
            models.CheckConstraint(
                name="dbs_disclosure_has_discussion_date",
                condition=~Q(content="disclosed") | Q(disclosure_discussed_on__isnull=False),
            ),
            models.CheckConstraint(
                name="dbs_update_service_not_for_basic",
                condition=Q(update_service_subscribed_on__isnull=True) | ~Q(level="basic"),
            ),
            models.CheckConstraint(
                name="dbs_certificate_has_number_and_date",
                condition=~Q(status__in=["certificate_issued", "update_service"])
                | (~Q(certificate_number="") & Q(certificate_issued_on__isnull=False)),
            ),
        ]

    def __str__(self):
        return f"DBS ({self.get_level_display()}) for {self.learner}: {self.get_status_display()}"

    @property
    def status_checks_possible(self) -> bool:
        """Only a certificate on the update service can be status-checked (dbs_status_check_record)."""
        return self.status == self.Status.UPDATE_SERVICE

    @property
    def decision_possible(self) -> bool:
        """A recruitment decision needs an issued certificate (dbs_decision_record)."""
        return self.status in (self.Status.CERTIFICATE_ISSUED, self.Status.UPDATE_SERVICE)

    @property
    def content_summary(self) -> str:
        """The only wording about content the code of practice lets us keep."""
        if self.content == self.Content.CLEAR:
            return "Clear"
        if self.content == self.Content.DISCLOSED:
            return f"Information disclosed, discussed on {self.disclosure_discussed_on:%d %B %Y}"
        return "Not known yet"

    @property
    def is_cleared(self) -> bool:
        """Cleared for work (DbsCheck.CLEARED), decided on this object's values without a query."""
        return q_holds(self.CLEARED, self)


def dbs_cleared(prefix: str = "") -> Q:
    """DbsCheck.CLEARED reached through a relation, e.g. dbs_cleared("learner__dbs_checks__")."""
    return q_prefixed(DbsCheck.CLEARED, prefix)


# Every move a DBS check may make. Anything else is refused by learners.services.dbs.dbs_check_transition.
DBS_TRANSITIONS: dict[str, set[str]] = {
    DbsCheck.Status.NOT_STARTED: {DbsCheck.Status.FORM_SENT},
    DbsCheck.Status.FORM_SENT: {DbsCheck.Status.SUBMITTED, DbsCheck.Status.NOT_STARTED},
    DbsCheck.Status.SUBMITTED: {DbsCheck.Status.CERTIFICATE_ISSUED},
    DbsCheck.Status.CERTIFICATE_ISSUED: {DbsCheck.Status.UPDATE_SERVICE, DbsCheck.Status.NEEDS_RENEWAL},
    DbsCheck.Status.UPDATE_SERVICE: {DbsCheck.Status.NEEDS_RENEWAL},
    DbsCheck.Status.NEEDS_RENEWAL: {DbsCheck.Status.FORM_SENT},
}
# Steps that undo progress: offered after the forward ones, and taken only when staff confirm them.
DBS_BACKWARD_STEPS: set[tuple[str, str]] = {(DbsCheck.Status.FORM_SENT, DbsCheck.Status.NOT_STARTED)}


def dbs_next_steps(status: str) -> list[str]:
    """The statuses a check at `status` may move to: forward steps first, in the order of the process
    (the first is the usual next step), then any backward step."""
    order = list(DbsCheck.Status.values)
    return sorted(DBS_TRANSITIONS[status], key=lambda s: ((status, s) in DBS_BACKWARD_STEPS, order.index(s)))


class DbsEvent(models.Model):
    """A status change of a DBS check: who moved it, when (for the learner's timeline and audits)."""

    dbs_check = models.ForeignKey(DbsCheck, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=DbsCheck.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=DbsCheck.Status.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"DBS {self.dbs_check_id}: {self.from_status or 'new'} → {self.to_status}"


class DbsStatusCheck(TimeStampedModel):
    """An online status check of an update-service subscription, done with the learner's consent."""

    class Result(models.TextChoices):
        NO_CHANGE = "no_change", "No change"
        STATUS_CHANGED = "status_changed", "Status changed"
        NO_SUBSCRIPTION = "no_subscription", "No active subscription"

    dbs_check = models.ForeignKey(DbsCheck, on_delete=models.CASCADE, related_name="status_checks")
    checked_on = models.DateField()
    result = models.CharField(max_length=20, choices=Result.choices)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-checked_on", "-pk"]

    def __str__(self):
        return f"Status check {self.checked_on}: {self.get_result_display()}"


# --- Documents for the personnel file ----------------------------------------------------------


def references_required() -> int:
    """How many received references make the personnel file's references section complete."""
    return getattr(settings, "PERSONNEL_FILE_REFERENCES_REQUIRED", 2)


class ReferenceQuerySet(models.QuerySet):
    def outstanding(self):
        """References the academy still waits for and still needs: requested, not received, for a learner not
        erased who has fewer received references than the personnel file asks for (references_required).
        A further reference asked for once the file has enough is not chased. In memory:
        references_outstanding_among."""
        received = (Reference.objects.filter(learner_id=OuterRef("learner_id"), received_on__isnull=False)
                    .order_by().values("learner_id").annotate(n=Count("pk")).values("n")[:1])
        return (self.filter(received_on__isnull=True, learner__erased_at__isnull=True)
                .alias(received_for_learner=Coalesce(Subquery(received), 0))
                .filter(received_for_learner__lt=references_required()))


def references_outstanding_among(references) -> list:
    """ReferenceQuerySet.outstanding for one learner's references already in memory (the learner's tasks,
    the personnel file)."""
    references = list(references)
    if sum(1 for r in references if r.received_on) >= references_required():
        return []
    return [r for r in references if not r.received_on]


class Reference(TimeStampedModel):
    objects = ReferenceQuerySet.as_manager()

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="references")
    referee_name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=200, help_text="For example: last employer, tutor, volunteer lead.")
    referee_email = models.EmailField(blank=True)
    requested_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["requested_on", "pk"]
        constraints = [
            models.CheckConstraint(name="reference_received_after_requested",
                                   condition=Q(received_on__isnull=True) | Q(received_on__gte=F("requested_on"))),
        ]

    def __str__(self):
        return f"Reference from {self.referee_name} for {self.learner}"

    @property
    def is_received(self):
        return self.received_on is not None


def right_to_work_upload_to(instance, filename):
    return private_upload_path("right-to-work", filename)


class RightToWorkCheck(TimeStampedModel):
    class DocumentType(models.TextChoices):
        UK_PASSPORT = "uk_passport", "UK or Irish passport"
        SHARE_CODE = "share_code", "Online check with a share code"
        BIRTH_CERTIFICATE_NI = "birth_certificate_ni", "Birth certificate with National Insurance number"
        BRP = "brp", "Biometric residence permit or card"
        OTHER = "other", "Other document from the Home Office list"

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="right_to_work_checks")
    document_type = models.CharField(max_length=30, choices=DocumentType.choices)
    checked_on = models.DateField()
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    expires_on = models.DateField(null=True, blank=True, help_text="For time-limited permission to work.")
    image = models.FileField(upload_to=right_to_work_upload_to, blank=True, max_length=255)
    image_content_type = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["-checked_on", "-pk"]

    def __str__(self):
        return f"Right to work ({self.get_document_type_display()}) for {self.learner}, {self.checked_on}"


class EmploymentHistoryEntry(TimeStampedModel):
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="employment_history")
    employer = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text="Leave empty if this is the current job.")
    reason_for_leaving = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-started_on", "pk"]
        verbose_name_plural = "employment history entries"
        constraints = [
            models.CheckConstraint(name="employment_ends_after_start",
                                   condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on"))),
        ]

    def __str__(self):
        return f"{self.role} at {self.employer}"

# --- The portable personnel file: one PDF per learner, and its time-limited releases to employers ---


class PersonnelFile(TimeStampedModel):
    """The learner's current personnel file. A rebuild replaces the PDF; there is never more than one."""

    class State(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be built"
        # The stored PDF was deleted because the records it showed were erased.
        WITHDRAWN = "withdrawn", "Withdrawn"

    learner = models.OneToOneField("learners.Learner", on_delete=models.CASCADE, related_name="personnel_file")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # Stored under MEDIA_ROOT (outside the web root); served only by access-checked views.
    pdf = models.FileField(upload_to="personnel-files/", max_length=255, blank=True)
    content_hash = models.CharField("SHA-256 of the PDF", max_length=64, blank=True)
    size_bytes = models.PositiveIntegerField(default=0)
    page_count = models.PositiveSmallIntegerField(default=0)
    build_seconds = models.FloatField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    complete_sections = models.JSONField(default=list, blank=True)
    missing_sections = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="ready_personnel_file_has_pdf",
                condition=~Q(state="ready") | (~Q(pdf="") & ~Q(content_hash="") & Q(built_at__isnull=False)),
            ),
        ]

    def __str__(self):
        return f"Personnel file for {self.learner} ({self.get_state_display()})"

    @property
    def is_ready(self):
        return self.state == self.State.READY and bool(self.pdf)


def default_release_expiry():
    days = getattr(settings, "PERSONNEL_FILE_RELEASE_DAYS", 7)
    return datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days)


class PersonnelFileRelease(TimeStampedModel):
    """Staff handing the personnel file to the employer who offered the learner a job, for a limited time.

    The provider's users download it through a signed link while the release is live: not revoked,
    not expired, and the learner's sharing consent not withdrawn.
    """

    learner = models.ForeignKey("learners.Learner", on_delete=models.CASCADE, related_name="personnel_file_releases")
    provider = models.ForeignKey("providers.Provider", on_delete=models.CASCADE,
                                 related_name="personnel_file_releases")
    job_offer = models.ForeignKey("placements.JobOffer", on_delete=models.PROTECT,
                                  related_name="personnel_file_releases")
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    released_at = models.DateTimeField()
    expires_at = models.DateTimeField(default=default_release_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    revoke_reason = models.CharField(max_length=200, blank=True)
    download_count = models.PositiveIntegerField(default=0)
    last_downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-released_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="release_expires_after_release", condition=Q(expires_at__gt=F("released_at"))),
            models.UniqueConstraint(fields=["learner", "provider"], condition=Q(revoked_at__isnull=True),
                                    name="one_open_release_per_learner_and_provider"),
        ]
        indexes = [models.Index(fields=["provider", "revoked_at", "expires_at"])]

    def __str__(self):
        return f"Personnel file of {self.learner} released to {self.provider} ({self.released_at:%d %b %Y})"
