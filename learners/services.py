"""Writes for the learner pipeline. Each function states the rule it enforces.

Every stage change goes through `application_transition`; every DBS status change through
`dbs_check_transition`. Both refuse moves the academy's process does not allow.
"""

import datetime
import re
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from academy.dates import not_in_future
from academy.models import User
from academy.services import audit_record
from academy.uploads import validate_upload

from .models import (
    ALLOWED_TRANSITIONS,
    AcademyValue,
    Application,
    ConsentRecord,
    DbsCheck,
    DbsEvent,
    DbsStatusCheck,
    EmploymentHistoryEntry,
    Enquiry,
    Learner,
    PanelMember,
    QuestionBank,
    Reference,
    RightToWorkCheck,
    ScreeningQuestion,
    SkillLevel,
    Stage,
    StageTransition,
    ValueScore,
    ValuesScreening,
    skill_level_at_least,
)
from .postcodes import normalise_uk_postcode

# The exact words shown to the learner and kept with their consent.
PERSONNEL_FILE_CONSENT_WORDING = (
    "I agree that the Care Academy may prepare a personnel file about me (my training record, "
    "qualifications, references, right-to-work check and the outcome of my DBS check) and share it "
    "with a care employer who offers me a job, so that I can start work sooner. I understand that I "
    "can withdraw this consent at any time from my page, and that the academy will then stop sharing it."
)

# Scores at or below this mean a value was not (or only partly) shown: the one reason to turn someone away.
VALUES_NOT_SHOWN_MAX_SCORE = 2


class TransitionNotAllowed(ValidationError):
    """Raised for a pipeline move the academy's process does not allow (e.g. enrolling before screening)."""


class DuplicateApplication(ValidationError):
    """Raised when the same person applies twice to the same cohort."""


# --- Applications ------------------------------------------------------------------------------


@transaction.atomic
def application_create(*, learner: Learner, cohort, by=None, at=None, **fields) -> Application:
    """Creates an application at the 'applied' stage and logs that first step.

    One application per learner per cohort. A learner who was referred for English and maths support
    and applies again has the new application linked to the referred one, so returns can be counted.
    """
    if Application.objects.filter(learner=learner, cohort=cohort).exists():
        raise DuplicateApplication(
            f"{learner.first_name} has already applied for {cohort.name}. There is no need to apply again: "
            "sign in to see the application and where it has got to.",
            code="duplicate_application",
        )
    if "previous_application" not in fields:
        fields["previous_application"] = (
            learner.applications.filter(stage=Stage.REFERRED, reapplication__isnull=True)
            .order_by("-submitted_at").first()
        )
    at = at or timezone.now()
    application = Application(learner=learner, cohort=cohort, submitted_at=at, stage=Stage.APPLIED, **fields)
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:  # a double-click racing the check above
        raise DuplicateApplication("This application has already been received.", code="duplicate_application") \
            from exc
    StageTransition.objects.create(application=application, from_stage="", to_stage=Stage.APPLIED, at=at, by=by)
    return application


@transaction.atomic
def application_transition(*, application: Application, to_stage: str, by=None, note: str = "",
                           at=None) -> Application:
    """Moves an application to another stage, if the pipeline allows that move, and logs who and when.

    The one place a stage changes: screening, enrolment, placements and interviews all call it.
    Values are the only reason the academy turns an applicant away: screening_decide enforces it, and
    'not progressed' is refused here for an application whose screening is pending or decided otherwise.
    """
    application = Application.objects.select_for_update().select_related("learner").get(pk=application.pk)
    current = application.stage
    if to_stage not in ALLOWED_TRANSITIONS[current]:
        raise TransitionNotAllowed(
            f"{application.learner} cannot move from “{Stage(current).label}” to “{Stage(to_stage).label}”.",
            code="transition_not_allowed",
        )
    if to_stage == Stage.NOT_PROGRESSED and ValuesScreening.objects.filter(application=application).exclude(
        outcome=ValuesScreening.Outcome.NOT_PROGRESSED
    ).exists():
        # A screening is under way or decided otherwise: only screening_decide may turn this applicant away,
        # and it does so only because of values.
        raise TransitionNotAllowed(
            "An applicant can only be turned away because of values, through their values screening.",
            code="rejection_needs_values_screening",
        )
    at = at or timezone.now()
    application.stage = to_stage
    application.save(update_fields=["stage", "updated_at"])
    StageTransition.objects.create(application=application, from_stage=current, to_stage=to_stage, at=at, by=by,
                                   note=note[:255])
    return application


LEARNER_PROFILE_FIELDS = (
    "first_name", "last_name", "phone", "date_of_birth", "postcode", "situation", "cannot_work_nights",
    "cannot_work_sleep_ins", "cannot_work_weekends", "drives", "needs_childcare_support",
    "needs_travel_support", "needs_interview_clothing", "other_barriers",
)


class ApplyOutcome:
    """What happened to an application from the public form. Only the signed-in outcome is shown on the
    page; every other one looks the same there and is explained by email to the address's owner."""

    NEW_ACCOUNT = "new_account"  # an account was made and the application is in
    SIGNED_IN = "signed_in"  # the signed-in learner applied with their own account
    ACCOUNT_EXISTS = "account_exists"  # the address has a learner account: nothing was attached to it
    ALREADY_APPLIED = "already_applied"  # ... and that learner has applied for this cohort already
    NOT_A_LEARNER = "not_a_learner"  # the address belongs to a staff, provider or partner account


class ApplyResult(NamedTuple):
    application: Application | None
    outcome: str
    account: User | None


def _account_for_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first()


def _learner_create(*, user, cohort, preferred_settings, preferred_client_groups, profile) -> Learner:
    learner = Learner(user=user, email=user.email, locality=cohort.locality,
                      **{k: v for k, v in profile.items() if k in LEARNER_PROFILE_FIELDS})
    learner.full_clean()
    learner.save()
    learner.preferred_settings.set(preferred_settings)
    learner.preferred_client_groups.set(preferred_client_groups)
    return learner


@transaction.atomic
def learner_apply(*, cohort, email: str, preferred_settings=(), preferred_client_groups=(), motivation: str = "",
                  heard_about_us: str = "", signed_in_user=None, **profile) -> ApplyResult:
    """A person applies for a cohort from the public form.

    A signed-in learner applies with their own account. Anyone else gets the same answer whatever the
    address (the form must not tell a stranger who has an account): a new address gets a learner
    account without a password (the view sends a link to set one) and the application; an address
    that already has an account gets nothing attached to it, since only its owner may add to it: the
    view emails the owner what to do (sign in and apply, or: you have already applied).
    """
    if not cohort.is_open_for_applications or cohort.start_date < timezone.localdate():
        raise ValidationError(f"{cohort.name} is no longer taking applications. Please choose another course.",
                              code="cohort_closed")
    fields = {"motivation": motivation, "heard_about_us": heard_about_us}
    if signed_in_user is not None:
        learner = Learner.objects.filter(user=signed_in_user).first() or _learner_create(
            user=signed_in_user, cohort=cohort, preferred_settings=preferred_settings,
            preferred_client_groups=preferred_client_groups, profile=profile)
        application = application_create(learner=learner, cohort=cohort, **fields)
        Enquiry.objects.filter(email__iexact=learner.email, learner__isnull=True).update(learner=learner)
        return ApplyResult(application, ApplyOutcome.SIGNED_IN, signed_in_user)

    email = User.objects.normalize_email(email).lower()
    user = _account_for_email(email)
    if user is None:
        user = User(email=email, role=User.Role.LEARNER, first_name=profile.get("first_name", ""),
                    last_name=profile.get("last_name", ""))
        user.set_unusable_password()
        user.full_clean(validate_unique=False)  # the unique email is enforced by the insert below
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            # Another request with the same new address made the account a moment ago (a double
            # submit): from here on this one is an application for an existing account.
            user = _account_for_email(email)
            if user is None:
                raise
        else:
            learner = _learner_create(user=user, cohort=cohort, preferred_settings=preferred_settings,
                                      preferred_client_groups=preferred_client_groups, profile=profile)
            application = application_create(learner=learner, cohort=cohort, **fields)
            Enquiry.objects.filter(email__iexact=email, learner__isnull=True).update(learner=learner)
            return ApplyResult(application, ApplyOutcome.NEW_ACCOUNT, user)
    if user.role != User.Role.LEARNER:
        return ApplyResult(None, ApplyOutcome.NOT_A_LEARNER, user)
    if Application.objects.filter(learner__user=user, cohort=cohort).exists():
        return ApplyResult(None, ApplyOutcome.ALREADY_APPLIED, user)
    return ApplyResult(None, ApplyOutcome.ACCOUNT_EXISTS, user)


@transaction.atomic
def enquiry_record(*, by, name: str, source: str, enquired_on: datetime.date, locality, email: str = "",
                   phone: str = "", notes: str = "") -> Enquiry:
    """Records someone who showed interest (at a fair, a jobcentre...). An email or a phone number is needed."""
    if not email and not phone:
        raise ValidationError("Give an email address or a phone number so the academy can get back to them.",
                              code="no_contact")
    learner = Learner.objects.filter(email__iexact=email).first() if email else None
    enquiry = Enquiry(name=name, source=source, enquired_on=enquired_on, locality=locality, email=email,
                      phone=phone, notes=notes, recorded_by=by, learner=learner)
    enquiry.full_clean()
    enquiry.save()
    return enquiry


# --- Values and question banks -----------------------------------------------------------------


def academy_value_save(*, value: AcademyValue | None = None, **fields) -> AcademyValue:
    value = value or AcademyValue()
    for name, v in fields.items():
        setattr(value, name, v)
    value.full_clean()
    value.save()
    return value


def question_bank_save(*, bank: QuestionBank | None = None, **fields) -> QuestionBank:
    bank = bank or QuestionBank()
    for name, v in fields.items():
        setattr(bank, name, v)
    bank.full_clean()
    bank.save()
    return bank


def screening_question_add(*, bank: QuestionBank, text: str, value=None, guidance: str = "",
                           order: int | None = None) -> ScreeningQuestion:
    if order is None:
        order = bank.questions.count() + 1
    question = ScreeningQuestion(bank=bank, text=text, value=value, guidance=guidance, order=order)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_bank_copy(*, bank: QuestionBank, name: str) -> QuestionBank:
    """Copies a bank and its questions, so a cohort can adapt last cohort's questions without changing them."""
    copy = question_bank_save(name=name, description=bank.description, case_study=bank.case_study)
    ScreeningQuestion.objects.bulk_create(
        ScreeningQuestion(bank=copy, value_id=q.value_id, text=q.text, guidance=q.guidance, order=q.order)
        for q in bank.questions.all()
    )
    return copy


# --- Values-based screening --------------------------------------------------------------------


def _pending_screening(screening: ValuesScreening) -> None:
    if screening.outcome != ValuesScreening.Outcome.PENDING:
        raise ValidationError("This screening has already been decided and can no longer be changed.",
                              code="screening_decided")


@transaction.atomic
def screening_start(*, application: Application, by) -> ValuesScreening:
    """Opens the screening of an application that is waiting at 'applied' (once per application)."""
    existing = ValuesScreening.objects.filter(application=application).first()
    if existing:
        return existing
    if application.stage != Stage.APPLIED:
        raise ValidationError("Only an application waiting for screening can be screened.", code="not_applied")
    screening = ValuesScreening(application=application, question_bank=application.cohort.question_bank,
                                recorded_by=by)
    screening.full_clean()
    screening.save()
    return screening


@transaction.atomic
def screening_record(*, screening: ValuesScreening, by, scores: dict | None = None, panel: list | None = None,
                     **fields) -> ValuesScreening:
    """Saves what the screening found so far: levels, profile, interview, value scores, panel.

    `scores` maps an AcademyValue to (score 1-4, evidence); evidence is required for every score.
    `panel` is a list of dicts (name, role, provider) and replaces the panel recorded before.
    """
    _pending_screening(screening)
    for name, value in fields.items():
        setattr(screening, name, value)
    screening.recorded_by = by
    screening.full_clean()
    screening.save()
    for value, (score, evidence) in (scores or {}).items():
        if not (evidence or "").strip():
            raise ValidationError(f"Write the evidence for the score given for “{value}”.", code="no_evidence")
        row = ValueScore.objects.filter(screening=screening, value=value).first() or ValueScore(
            screening=screening, value=value)
        row.score, row.evidence = score, evidence
        row.full_clean()
        row.save()
    if panel is not None:
        screening.panel.all().delete()
        for member in panel:
            row = PanelMember(screening=screening, **member)
            row.full_clean()
            row.save()
    return screening


@transaction.atomic
def screening_decide(*, screening: ValuesScreening, outcome: str, by, reason: str = "", college: str = "",
                     at=None) -> ValuesScreening:
    """Decides a screening and moves the application on, through application_transition.

    - accepted: every active value scored, a panel interview held, English and maths at the cohort's minimum;
    - referred: English or maths below the cohort's minimum, and the college they are referred to named;
    - not progressed: only because of values: at least one value scored 2 or lower, with the reason written down.
    Being below the English and maths minimum is never a reason to turn someone away: it is a referral.
    """
    screening = ValuesScreening.objects.select_for_update().select_related("application__cohort").get(
        pk=screening.pk
    )
    _pending_screening(screening)
    cohort = screening.application.cohort
    Outcome = ValuesScreening.Outcome
    levels_known = bool(screening.literacy_level and screening.numeracy_level)
    meets_minimum = levels_known and all(
        skill_level_at_least(level, cohort.minimum_skill_level)
        for level in (screening.literacy_level, screening.numeracy_level)
    )
    scores = list(screening.scores.all())
    minimum_label = SkillLevel(cohort.minimum_skill_level).label
    if outcome == Outcome.ACCEPTED:
        missing = AcademyValue.objects.filter(is_active=True).exclude(scores__screening=screening)
        if missing.exists():
            names = ", ".join(v.name for v in missing)
            raise ValidationError(f"Score every value before accepting: {names} not scored yet.",
                                  code="values_not_scored")
        if not screening.interview_on:
            raise ValidationError("Record the panel interview before accepting.", code="no_interview")
        if not meets_minimum:
            raise ValidationError(
                f"English and maths must be at {minimum_label} or above to join this cohort. Record both levels, "
                "or refer the applicant to a college for support.", code="below_minimum",
            )
        to_stage = Stage.ACCEPTED
    elif outcome == Outcome.REFERRED:
        if not levels_known or meets_minimum:
            raise ValidationError(
                f"A referral is for English or maths below {minimum_label}. Record the levels first; "
                "this applicant's levels do not call for a referral.", code="referral_not_needed",
            )
        if not college.strip():
            raise ValidationError("Name the college the applicant is referred to.", code="no_college")
        to_stage = Stage.REFERRED
    elif outcome == Outcome.NOT_PROGRESSED:
        if not any(s.score <= VALUES_NOT_SHOWN_MAX_SCORE for s in scores):
            raise ValidationError(
                "Values are the only reason to turn an applicant away, and no value has been scored 2 or lower. "
                "If English or maths is the difficulty, refer the applicant to a college instead.",
                code="no_values_reason",
            )
        if not reason.strip():
            raise ValidationError("Write down which values were not shown and why.", code="no_reason")
        to_stage = Stage.NOT_PROGRESSED
    else:
        raise ValidationError("Choose accepted, referred or not progressed.", code="bad_outcome")
    at = at or timezone.now()
    screening.outcome = outcome
    screening.outcome_reason = reason
    screening.referred_to_college = college.strip() if outcome == Outcome.REFERRED else ""
    screening.decided_at = at
    screening.decided_by = by
    screening.full_clean()
    screening.save()
    application_transition(application=screening.application, to_stage=to_stage, by=by, at=at,
                           note=f"Screening: {Outcome(outcome).label}")
    return screening


# --- Enrolment and consent ---------------------------------------------------------------------


@transaction.atomic
def application_enrol(*, application: Application, by, consent_given: bool = False,
                      wording: str = PERSONNEL_FILE_CONSENT_WORDING, at=None) -> Application:
    """Enrols an accepted applicant (screening acceptance comes first) and records their consent if given.

    Consent is asked at enrolment; a learner who wants time to think can give it later from their page.
    """
    application = application_transition(application=application, to_stage=Stage.ENROLLED, by=by, at=at,
                                         note="Enrolled")
    if consent_given:
        consent_give(learner=application.learner, application=application, by=by, wording=wording, at=at)
    return application


@transaction.atomic
def consent_give(*, learner: Learner, by, application: Application | None = None,
                 wording: str = PERSONNEL_FILE_CONSENT_WORDING, at=None) -> ConsentRecord:
    """Records explicit consent with the exact wording and time. A live consent is not duplicated."""
    live = learner.consents.filter(purpose=ConsentRecord.Purpose.PERSONNEL_FILE, withdrawn_at__isnull=True).first()
    if live:
        return live
    if not wording.strip():
        raise ValidationError("Consent needs the words the learner agreed to.", code="no_wording")
    consent = ConsentRecord(learner=learner, application=application, wording=wording,
                            given_at=at or timezone.now(), recorded_by=by)
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: ConsentRecord, by, at=None) -> ConsentRecord:
    """Withdraws a consent: from then on learner_has_sharing_consent() is False and sharing stops."""
    consent = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError("This consent has already been withdrawn.", code="already_withdrawn")
    consent.withdrawn_at = at or timezone.now()
    consent.full_clean()
    consent.save(update_fields=["withdrawn_at", "updated_at"])
    return consent


# --- DBS checks --------------------------------------------------------------------------------

Dbs = DbsCheck.Status
DBS_TRANSITIONS: dict[str, set[str]] = {
    Dbs.NOT_STARTED: {Dbs.FORM_SENT},
    Dbs.FORM_SENT: {Dbs.SUBMITTED, Dbs.NOT_STARTED},
    Dbs.SUBMITTED: {Dbs.CERTIFICATE_ISSUED},
    Dbs.CERTIFICATE_ISSUED: {Dbs.UPDATE_SERVICE, Dbs.NEEDS_RENEWAL},
    Dbs.UPDATE_SERVICE: {Dbs.NEEDS_RENEWAL},
    Dbs.NEEDS_RENEWAL: {Dbs.FORM_SENT},
}
# Steps that undo progress: offered after the forward ones, and taken only when staff confirm them.
DBS_BACKWARD_STEPS: set[tuple[str, str]] = {(Dbs.FORM_SENT, Dbs.NOT_STARTED)}


def dbs_next_steps(status: str) -> list[str]:
    """The statuses a check at `status` may move to: forward steps first, in the order of the process
    (the first is the usual next step), then any backward step."""
    order = list(DbsCheck.Status.values)
    return sorted(DBS_TRANSITIONS[status], key=lambda s: ((status, s) in DBS_BACKWARD_STEPS, order.index(s)))


UPDATE_SERVICE_LEVELS = {
    DbsCheck.Level.STANDARD, DbsCheck.Level.ENHANCED, DbsCheck.Level.ENHANCED_ADULTS,
    DbsCheck.Level.ENHANCED_CHILDREN, DbsCheck.Level.ENHANCED_BOTH,
}
UPDATE_SERVICE_DAYS = 30


@transaction.atomic
def dbs_check_create(*, learner: Learner, by, level: str, workforce: str = DbsCheck.Workforce.ADULT,
                     position: str = "Care worker", status: str = Dbs.NOT_STARTED, at=None) -> DbsCheck:
    """Records a DBS check, either not started yet or with the application form already sent."""
    if status not in (Dbs.NOT_STARTED, Dbs.FORM_SENT):
        raise ValidationError({"status": "A new DBS check is either not started yet or has its form sent."})
    check = DbsCheck(learner=learner, level=level, workforce=workforce, position=position, status=status,
                     status_changed_at=at or timezone.now())
    check.full_clean()
    check.save()
    DbsEvent.objects.create(dbs_check=check, from_status="", to_status=check.status, at=check.status_changed_at,
                            by=by)
    return check


@transaction.atomic
def dbs_check_transition(*, dbs_check: DbsCheck, to_status: str, by, at=None, certificate_number: str = "",
                         certificate_issued_on: datetime.date | None = None, content: str = "",
                         disclosure_discussed_on: datetime.date | None = None,
                         subscribed_on: datetime.date | None = None,
                         status_check_consent_on: datetime.date | None = None, note: str = "",
                         confirm_backward: bool = False) -> DbsCheck:
    """Moves a DBS check on, refusing jumps the process does not allow (e.g. a certificate before submission).

    - certificate issued: needs the certificate number, its issue date and the content: 'clear' or
      'information disclosed' with the date it was discussed. Nothing else about the content is kept.
    - update service: standard and enhanced checks only, subscribed within 30 days of the certificate's
      issue date, with the learner's consent to status checks.
    """
    check = DbsCheck.objects.select_for_update().select_related("learner").get(pk=dbs_check.pk)
    current = check.status
    if to_status not in DBS_TRANSITIONS[current]:
        raise TransitionNotAllowed(
            f"A DBS check cannot go from “{Dbs(current).label}” to “{Dbs(to_status).label}”.",
            code="dbs_transition_not_allowed",
        )
    if (current, to_status) in DBS_BACKWARD_STEPS and not confirm_backward:
        raise ValidationError({"confirm_backward": (
            f"Moving back to “{Dbs(to_status).label}” undoes progress: tick the box to confirm it.")})
    today = timezone.localdate()
    if to_status == Dbs.CERTIFICATE_ISSUED:
        number = (certificate_number or "").strip()
        if not (number.isascii() and number.isdigit() and len(number) == 12):
            raise ValidationError("A DBS certificate number is 12 digits.", code="bad_certificate_number")
        if certificate_issued_on is None or certificate_issued_on > today:
            raise ValidationError("Give the certificate's issue date (not in the future).", code="bad_issue_date")
        if content not in (DbsCheck.Content.CLEAR, DbsCheck.Content.DISCLOSED):
            raise ValidationError("Say whether the certificate is clear or has information disclosed.",
                                  code="no_content")
        if content == DbsCheck.Content.DISCLOSED and disclosure_discussed_on is None:
            raise ValidationError("Give the date the disclosed information was discussed with the learner.",
                                  code="no_discussion_date")
        check.certificate_number = number
        check.certificate_issued_on = certificate_issued_on
        check.content = content
        check.disclosure_discussed_on = disclosure_discussed_on if content == DbsCheck.Content.DISCLOSED else None
    elif to_status == Dbs.UPDATE_SERVICE:
        if check.level not in UPDATE_SERVICE_LEVELS:
            raise ValidationError("The DBS update service covers standard and enhanced checks only.",
                                  code="update_service_level")
        if subscribed_on is None:
            raise ValidationError("Give the date the certificate was subscribed.", code="no_subscription_date")
        if subscribed_on < check.certificate_issued_on or subscribed_on > today:
            raise ValidationError("The subscription date must be between the issue date and today.",
                                  code="bad_subscription_date")
        if (subscribed_on - check.certificate_issued_on).days > UPDATE_SERVICE_DAYS:
            raise ValidationError(
                f"A certificate must be subscribed to the update service within {UPDATE_SERVICE_DAYS} days of its "
                f"issue date ({check.certificate_issued_on:%d %B %Y}). Too late: apply for a new check instead.",
                code="subscription_too_late",
            )
        if status_check_consent_on is None:
            raise ValidationError("Record the date the learner agreed to the academy checking their status.",
                                  code="no_status_check_consent")
        check.update_service_subscribed_on = subscribed_on
        check.status_check_consent_on = status_check_consent_on
    elif to_status == Dbs.FORM_SENT and current == Dbs.NEEDS_RENEWAL:
        # A fresh check: the old certificate's details no longer describe this record.
        check.certificate_number, check.certificate_issued_on = "", None
        check.content, check.disclosure_discussed_on = "", None
        check.update_service_subscribed_on = check.status_check_consent_on = None
        check.decision, check.decision_on, check.decision_by, check.decision_reason = "", None, None, ""
    at = at or timezone.now()
    check.status = to_status
    check.status_changed_at = at
    check.full_clean()
    check.save()
    DbsEvent.objects.create(dbs_check=check, from_status=current, to_status=to_status, at=at, by=by,
                            note=note[:255])
    return check


@transaction.atomic
def dbs_status_check_record(*, dbs_check: DbsCheck, by, checked_on: datetime.date, result: str) -> DbsStatusCheck:
    """Records an update-service status check. Needs a subscription and the learner's consent.

    'Status changed' or 'no active subscription' means the certificate can no longer be relied on:
    the check moves to 'needs renewal'.
    """
    check = DbsCheck.objects.select_for_update().get(pk=dbs_check.pk)
    if check.status != Dbs.UPDATE_SERVICE:
        raise ValidationError("Status checks are only possible for a certificate on the update service.",
                              code="not_subscribed")
    if check.status_check_consent_on is None or checked_on < check.status_check_consent_on:
        raise ValidationError("A status check needs the learner's consent first.", code="no_consent")
    not_in_future(checked_on, "The check date", code="future_check")
    status_check = DbsStatusCheck(dbs_check=check, checked_on=checked_on, result=result, checked_by=by)
    status_check.full_clean()
    status_check.save()
    if result != DbsStatusCheck.Result.NO_CHANGE:
        dbs_check_transition(dbs_check=check, to_status=Dbs.NEEDS_RENEWAL, by=by,
                             note=f"Status check: {DbsStatusCheck.Result(result).label}")
    return status_check


@transaction.atomic
def dbs_decision_record(*, dbs_check: DbsCheck, by, decision: str, decision_on: datetime.date,
                        reason: str = "") -> DbsCheck:
    """Records the recruitment decision once a certificate has been seen. A decision after a disclosure
    must give its reasoning (the code of practice expects a fair, recorded decision)."""
    check = DbsCheck.objects.select_for_update().get(pk=dbs_check.pk)
    if check.status not in (Dbs.CERTIFICATE_ISSUED, Dbs.UPDATE_SERVICE):
        raise ValidationError("A recruitment decision needs a certificate to have been issued.",
                              code="no_certificate")
    if decision not in (DbsCheck.Decision.PROCEED, DbsCheck.Decision.NOT_PROCEED):
        raise ValidationError("Choose proceed or do not proceed.", code="bad_decision")
    if check.content == DbsCheck.Content.DISCLOSED and not reason.strip():
        raise ValidationError("Write down the reasoning for a decision made after a disclosure.",
                              code="no_reason")
    check.decision, check.decision_on, check.decision_by, check.decision_reason = decision, decision_on, by, reason
    check.full_clean()
    check.save()
    return check


# --- Documents ---------------------------------------------------------------------------------


def reference_request(*, learner: Learner, by, referee_name: str, relationship: str, requested_on: datetime.date,
                      referee_email: str = "") -> Reference:
    reference = Reference(learner=learner, referee_name=referee_name, relationship=relationship,
                          referee_email=referee_email, requested_on=requested_on)
    reference.full_clean()
    reference.save()
    return reference


def reference_mark_received(*, reference: Reference, by, received_on: datetime.date) -> Reference:
    """Marks a reference received; it cannot arrive before it was asked for, nor in the future."""
    not_in_future(received_on, "The date received")
    reference.received_on = received_on
    reference.full_clean()
    reference.save()
    return reference


@transaction.atomic
def right_to_work_record(*, learner: Learner, by, document_type: str, checked_on: datetime.date,
                         expires_on: datetime.date | None = None, image=None) -> RightToWorkCheck:
    """Records a right-to-work check. The optional image must really be a PDF, JPEG or PNG within the size limit."""
    not_in_future(checked_on, "The check date")
    check = RightToWorkCheck(learner=learner, document_type=document_type, checked_on=checked_on, checked_by=by,
                             expires_on=expires_on)
    if image:
        kind = validate_upload(image)
        check.image = image
        check.image_content_type = kind.content_type
    check.full_clean()
    check.save()
    return check


def employment_history_add(*, learner: Learner, by, employer: str, role: str, started_on: datetime.date,
                           ended_on: datetime.date | None = None,
                           reason_for_leaving: str = "") -> EmploymentHistoryEntry:
    entry = EmploymentHistoryEntry(learner=learner, employer=employer, role=role, started_on=started_on,
                                   ended_on=ended_on, reason_for_leaving=reason_for_leaving)
    entry.full_clean()
    entry.save()
    return entry


# --- The learner's own details -------------------------------------------------------------------

# What a learner may change themselves from /learners/me/details/. Their name, email, date of birth and
# locality are the academy's record of who they are: staff change those.
LEARNER_SELF_EDITABLE_FIELDS = (
    "preferred_name", "phone", "address", "postcode", "cannot_work_nights", "cannot_work_sleep_ins",
    "cannot_work_weekends", "drives", "needs_childcare_support", "needs_travel_support",
    "needs_interview_clothing", "other_barriers",
)
# The learner's details printed in the personnel file (learners/personnel/context.py): a change rebuilds it.
PERSONNEL_FILE_DETAIL_FIELDS = {"phone", "postcode"}
PHONE_ALLOWED = re.compile(r"^\+?[\d\s()-]+$")


def _apply_changes(record, fields: dict) -> list[str]:
    """Sets the fields on the record (unsaved) and returns the names of those whose value changed."""
    changed = [name for name, value in fields.items() if getattr(record, name) != value]
    for name, value in fields.items():
        setattr(record, name, value)
    return changed


def _personnel_file_refresh(*, learner: Learner, by) -> None:
    from .personnel.services import personnel_file_refresh_after_change

    personnel_file_refresh_after_change(learner=learner, by=by)


def _check_phone(phone: str) -> str:
    phone = " ".join(phone.split())
    digits = re.sub(r"\D", "", phone)
    if phone and (not PHONE_ALLOWED.match(phone) or not 10 <= len(digits) <= 15):
        raise ValidationError({"phone": "Enter a phone number with its area code, like 01253 477000 or "
                                        "07700 900123."}, code="bad_phone")
    return phone


@transaction.atomic
def learner_details_update(*, learner: Learner, by, preferred_settings=None, preferred_client_groups=None,
                           request=None, **fields) -> list[str]:
    """The learner changes their own contact details and work preferences. Returns the names of what changed.

    Only the learner's own account may, and only the fields in LEARNER_SELF_EDITABLE_FIELDS. The postcode
    must be a full UK postcode, as on the application form; a phone number needs 10 to 15 digits. Each
    change is audited by field name (never the values); a ready personnel file showing a changed detail
    is rebuilt. Saving with nothing changed records nothing.
    """
    unknown = set(fields) - set(LEARNER_SELF_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not the learner's to change: {sorted(unknown)}")
    if by is None or learner.user_id is None or learner.user_id != by.pk:
        raise PermissionDenied("Only the learner can change their own details here.")
    learner = Learner.objects.select_for_update().get(pk=learner.pk)
    if "postcode" in fields:
        try:
            fields["postcode"] = normalise_uk_postcode(fields["postcode"])
        except ValidationError as exc:
            raise ValidationError({"postcode": exc.messages}, code="bad_postcode") from exc
    if "phone" in fields:
        fields["phone"] = _check_phone(fields["phone"] or "")
    for name in ("preferred_name", "address", "other_barriers"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    changed = _apply_changes(learner, fields)
    learner.full_clean()
    learner.save()
    for name, chosen in (("preferred_settings", preferred_settings),
                         ("preferred_client_groups", preferred_client_groups)):
        if chosen is None:
            continue
        manager = getattr(learner, name)
        if set(manager.values_list("pk", flat=True)) != {item.pk for item in chosen}:
            manager.set(chosen)
            changed.append(name)
    if changed:
        audit_record(action="learner.details_update", actor=by, request=request, obj=learner,
                     learner_id=learner.pk, note=f"changed: {', '.join(changed)}")
        if PERSONNEL_FILE_DETAIL_FIELDS & set(changed):
            _personnel_file_refresh(learner=learner, by=by)
    return changed


# --- Staff correct or remove a document record ---------------------------------------------------
#
# References, right-to-work checks and employment history are added by staff; a wrongly entered one is
# corrected or removed here. Only staff who can work on the learner may (learners.permissions). Each
# change is audited by record type, id and the names of the fields changed, never their content, and a
# ready personnel file is rebuilt so it does not keep showing what was corrected.


def _check_may_change_records(by, learner: Learner) -> None:
    from .permissions import can_change_learner_records

    if by is None or not can_change_learner_records(by, learner):
        raise PermissionDenied("Only academy staff who work with this learner can change their records.")


def _locked_for_change(model, record, by):
    """The record, locked for the change and with its learner, if `by` may change that learner's records."""
    record = model.objects.select_for_update().select_related("learner").get(pk=record.pk)
    _check_may_change_records(by, record.learner)
    return record


def _save_correction(record, changed: list[str], *, action: str, by, request=None) -> None:
    """Validates the corrected record; if anything changed, saves it, audits which fields changed (not their
    values) and refreshes a ready personnel file."""
    record.full_clean()
    if changed:
        record.save()
        audit_record(action=action, actor=by, request=request, obj=record, learner_id=record.learner_id,
                     note=f"changed: {', '.join(changed)}")
        _personnel_file_refresh(learner=record.learner, by=by)


def _remove_record(record, *, action: str, by, request=None) -> None:
    # Audited before the delete, while the record still has its id.
    audit_record(action=action, actor=by, request=request, obj=record, learner_id=record.learner_id, note="removed")
    record.delete()
    _personnel_file_refresh(learner=record.learner, by=by)


@transaction.atomic
def reference_correct(*, reference: Reference, by, referee_name: str, relationship: str,
                      requested_on: datetime.date, referee_email: str = "",
                      received_on: datetime.date | None = None, request=None) -> Reference:
    """Corrects a reference's details. Neither date may be in the future; it cannot be received before it
    was requested. Clearing the received date marks it outstanding again."""
    reference = _locked_for_change(Reference, reference, by)
    not_in_future(requested_on, "The date requested", field="requested_on")
    not_in_future(received_on, "The date received", field="received_on")
    if received_on and requested_on and received_on < requested_on:
        raise ValidationError({"received_on": "The date received cannot be before the date it was requested."},
                              code="received_before_requested")
    changed = _apply_changes(reference, {
        "referee_name": referee_name, "relationship": relationship, "referee_email": referee_email,
        "requested_on": requested_on, "received_on": received_on,
    })
    _save_correction(reference, changed, action="reference.correct", by=by, request=request)
    return reference


@transaction.atomic
def reference_remove(*, reference: Reference, by, request=None) -> None:
    """Removes a reference entered by mistake."""
    _remove_record(_locked_for_change(Reference, reference, by), action="reference.remove", by=by, request=request)


def _delete_stored_file_after_commit(storage, name: str) -> None:
    # After commit: a rolled-back change must not lose the document it still points at.
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def right_to_work_correct(*, check: RightToWorkCheck, by, document_type: str, checked_on: datetime.date,
                          expires_on: datetime.date | None = None, image=None, remove_image: bool = False,
                          request=None) -> RightToWorkCheck:
    """Corrects a right-to-work check. The check date cannot be in the future. A new image (a real PDF,
    JPEG or PNG within the size limit) replaces the old one; `remove_image` removes it. A replaced or
    removed image is deleted from storage once the change is committed."""
    check = _locked_for_change(RightToWorkCheck, check, by)
    not_in_future(checked_on, "The check date", field="checked_on")
    changed = _apply_changes(check, {"document_type": document_type, "checked_on": checked_on,
                                     "expires_on": expires_on})
    old_image = check.image.name or ""
    if image:
        try:
            kind = validate_upload(image)
        except ValidationError as exc:
            raise ValidationError({"image": exc.messages}, code="bad_upload") from exc
        check.image = image
        check.image_content_type = kind.content_type
        changed.append("image replaced" if old_image else "image added")
    elif remove_image and old_image:
        check.image = ""
        check.image_content_type = ""
        changed.append("image removed")
    else:
        old_image = ""  # the stored image stays
    _delete_stored_file_after_commit(check.image.storage, old_image)  # runs only if the change commits
    _save_correction(check, changed, action="right_to_work.correct", by=by, request=request)
    return check


@transaction.atomic
def right_to_work_remove(*, check: RightToWorkCheck, by, request=None) -> None:
    """Removes a right-to-work check entered by mistake, and its document image from storage."""
    check = _locked_for_change(RightToWorkCheck, check, by)
    _delete_stored_file_after_commit(check.image.storage, check.image.name or "")  # runs only if the change commits
    _remove_record(check, action="right_to_work.remove", by=by, request=request)


@transaction.atomic
def employment_history_correct(*, entry: EmploymentHistoryEntry, by, employer: str, role: str,
                               started_on: datetime.date, ended_on: datetime.date | None = None,
                               reason_for_leaving: str = "", request=None) -> EmploymentHistoryEntry:
    """Corrects a job in the learner's employment history. It cannot end before it started."""
    entry = _locked_for_change(EmploymentHistoryEntry, entry, by)
    if started_on and ended_on and ended_on < started_on:
        raise ValidationError({"ended_on": "The end date must be after the start date."}, code="ends_before_start")
    changed = _apply_changes(entry, {"employer": employer, "role": role, "started_on": started_on,
                                     "ended_on": ended_on, "reason_for_leaving": reason_for_leaving})
    _save_correction(entry, changed, action="employment_history.correct", by=by, request=request)
    return entry


@transaction.atomic
def employment_history_remove(*, entry: EmploymentHistoryEntry, by, request=None) -> None:
    """Removes a job entered by mistake from the learner's employment history."""
    _remove_record(_locked_for_change(EmploymentHistoryEntry, entry, by), action="employment_history.remove", by=by,
                   request=request)
