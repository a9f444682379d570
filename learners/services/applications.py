"""Applying, enquiries and the one place an application changes stage (`application_transition`),
which refuses moves the academy's process does not allow."""

import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from academy.models import User
from academy.phones import normalise_uk_phone
from learners.models import (
    ALLOWED_TRANSITIONS,
    Application,
    ApplicationSource,
    Enquiry,
    Learner,
    Stage,
    StageTransition,
    ValuesScreening,
)
from learners.notices import application_received_notify
from learners.services.consent import PERSONNEL_FILE_CONSENT_WORDING, consent_give
from learners.validators import validate_motivation


class TransitionNotAllowed(ValidationError):
    """Raised for a pipeline move the academy's process does not allow (e.g. enrolling before screening)."""


class DuplicateApplication(ValidationError):
    """Raised when the same person applies twice to the same cohort."""


REFERRAL_FIELDS = ("referral_organisation", "work_coach_name", "work_coach_contact")


def _source_fields_clean(fields: dict) -> None:
    """How the application came: "Other" (a source that asks for detail) needs the person's words; a
    source no longer offered cannot be chosen for a new application; a referral comes from a referral
    source and names the referring organisation and the work coach. Referral details are kept only
    on referrals."""
    errors = {}
    source: ApplicationSource | None = fields.get("source")
    fields["source_other"] = (fields.get("source_other") or "").strip()
    if source is not None and not source.is_active:
        errors["source"] = [f"“{source.name}” is no longer on the list. Please choose another answer."]
    if source is not None and source.asks_for_detail and not fields["source_other"]:
        errors["source_other"] = ["Please say how they heard about the academy."]
    for name in REFERRAL_FIELDS:
        fields[name] = (fields.get(name) or "").strip()
    if fields.get("how_taken") == Application.HowTaken.REFERRAL:
        if source is None or not source.is_referral:
            errors["source"] = ["Choose who referred them: Jobcentre Plus or another agency."]
        if not fields["referral_organisation"]:
            errors["referral_organisation"] = ["Give the organisation that made the referral."]
        if not fields["work_coach_name"]:
            errors["work_coach_name"] = ["Give the name of the work coach or person who made the referral."]
    else:
        for name in REFERRAL_FIELDS:
            fields[name] = ""
    if errors:
        raise ValidationError(errors, code="source")


@transaction.atomic
def application_create(*, learner: Learner, cohort, by=None, at=None, welcome: bool = False,
                       **fields) -> Application:
    """Creates an application at the 'applied' stage, logs that first step and tells the applicant it
    arrived (`welcome`: a new applicant's first message, with the link to set up their account).

    One application per learner per cohort. A learner who was referred for English and maths support
    and applies again has the new application linked to the referred one, so returns can be counted.
    How it came (its source, and a referral's organisation and work coach) follows `_source_fields_clean`.
    """
    _source_fields_clean(fields)
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
    application_received_notify(application=application, welcome=welcome)
    return application


@transaction.atomic
def application_transition(*, application: Application, to_stage: str, by=None, note: str = "",
                           at=None) -> Application:
    """Moves an application to another stage, if the pipeline allows that move, and logs who and when.

    The one place a stage changes: screening, enrolment, placements and interviews all call it.
    Values are the only reason the academy turns an applicant away: screening_decide enforces it, and
    'not progressed' is refused here for an application whose screening is pending or decided otherwise.
    """
    application = Application.objects.select_for_update(of=("self",)).select_related("learner").get(pk=application.pk)
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


def _learner_create(*, user, cohort, preferred_settings, preferred_client_groups, profile, email=None) -> Learner:
    email = user.email if user else (email or "")
    learner = Learner(user=user, email=email, locality=cohort.locality,
                      contact_preference=Learner.contact_preference_for(email=email, phone=profile.get("phone", "")),
                      **{k: v for k, v in profile.items() if k in LEARNER_PROFILE_FIELDS})
    learner.full_clean()
    learner.save()
    learner.preferred_settings.set(preferred_settings)
    learner.preferred_client_groups.set(preferred_client_groups)
    return learner


def _applicant_answers_clean(*, cohort, motivation: str, profile: dict) -> str:
    """The rules for any application, however it is taken: the cohort still takes applications, the
    motivation reads as a reason, the phone number is a UK number (stored normalised in `profile`)."""
    if not cohort.is_open_for_applications or cohort.start_date < timezone.localdate():
        raise ValidationError(f"{cohort.name} is no longer taking applications. Please choose another course.",
                              code="cohort_closed")
    try:
        motivation = validate_motivation(motivation)
        profile["phone"] = normalise_uk_phone(profile.get("phone", ""))
    except ValidationError as exc:
        field = "motivation" if exc.code == "motivation_too_short" else "phone"
        raise ValidationError({field: exc.messages}, code=exc.code) from exc
    return motivation


def _learner_account_create(*, email: str, profile: dict) -> User | None:
    """A learner account without a password for a new address (the owner sets one from an emailed
    link), or None when the address already has an account: a double submit made it a moment ago,
    or it was there before; either way nothing may be attached to it here."""
    if _account_for_email(email) is not None:
        return None
    user = User(email=email, role=User.Role.LEARNER, first_name=profile.get("first_name", ""),
                last_name=profile.get("last_name", ""))
    user.set_unusable_password()
    user.full_clean(validate_unique=False)  # the unique email is enforced by the insert below
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        if _account_for_email(email) is None:  # not the race on this address: something else is wrong
            raise
        return None
    return user


@transaction.atomic
def learner_apply(*, cohort, email: str, preferred_settings=(), preferred_client_groups=(), motivation: str = "",
                  source: ApplicationSource | None = None, source_other: str = "", signed_in_user=None,
                  **profile) -> ApplyResult:
    """A person applies for a cohort from the public form.

    A signed-in learner applies with their own account. Anyone else gets the same answer whatever the
    address (the form must not tell a stranger who has an account): a new address gets a learner
    account without a password and the application, and is welcomed by email with a link to set up the
    account (learners.notices); an address
    that already has an account gets nothing attached to it, since only its owner may add to it: the
    view emails the owner what to do (sign in and apply, or: you have already applied).
    """
    motivation = _applicant_answers_clean(cohort=cohort, motivation=motivation, profile=profile)
    fields = {"motivation": motivation, "source": source, "source_other": source_other}
    if signed_in_user is not None:
        learner = Learner.objects.filter(user=signed_in_user).first() or _learner_create(
            user=signed_in_user, cohort=cohort, preferred_settings=preferred_settings,
            preferred_client_groups=preferred_client_groups, profile=profile)
        application = application_create(learner=learner, cohort=cohort, **fields)
        if learner.email:  # a blank address would match every enquiry taken without one
            Enquiry.objects.filter(email__iexact=learner.email, learner__isnull=True).update(learner=learner)
        return ApplyResult(application, ApplyOutcome.SIGNED_IN, signed_in_user)

    email = User.objects.normalize_email(email).lower()
    user = _learner_account_create(email=email, profile=profile)
    if user is not None:
        learner = _learner_create(user=user, cohort=cohort, preferred_settings=preferred_settings,
                                  preferred_client_groups=preferred_client_groups, profile=profile)
        application = application_create(learner=learner, cohort=cohort, welcome=True, **fields)
        Enquiry.objects.filter(email__iexact=email, learner__isnull=True).update(learner=learner)
        return ApplyResult(application, ApplyOutcome.NEW_ACCOUNT, user)
    user = _account_for_email(email)
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
    try:
        phone = normalise_uk_phone(phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}, code="bad_phone") from exc
    learner = Learner.objects.filter(email__iexact=email).first() if email else None
    enquiry = Enquiry(name=name, source=source, enquired_on=enquired_on, locality=locality, email=email,
                      phone=phone, notes=notes, recorded_by=by, learner=learner)
    enquiry.full_clean()
    enquiry.save()
    return enquiry



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
