"""Applying, enquiries and the one place an application changes stage (`application_transition`),
which refuses moves the academy's process does not allow."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from academy.models import User
from learners.models import (
    ALLOWED_TRANSITIONS,
    Application,
    Enquiry,
    Learner,
    Stage,
    StageTransition,
    ValuesScreening,
)
from learners.services.consent import PERSONNEL_FILE_CONSENT_WORDING, consent_give


class TransitionNotAllowed(ValidationError):
    """Raised for a pipeline move the academy's process does not allow (e.g. enrolling before screening)."""


class DuplicateApplication(ValidationError):
    """Raised when the same person applies twice to the same cohort."""




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


@transaction.atomic
def learner_apply(*, cohort, email: str, preferred_settings=(), preferred_client_groups=(), motivation: str = "",
                  heard_about_us: str = "", signed_in_user=None, **profile) -> tuple[Application, bool]:
    """A person applies for a cohort from the public form. Returns (application, new_account).

    One account per email: an email that already has a learner account is linked to it (nothing they
    stored before is overwritten by an anonymous form) and they are asked to sign in. An email that
    belongs to a staff, provider or partner account is refused. A new person gets a learner account
    without a password; the view sends them a link to set one.
    """
    if not cohort.is_open_for_applications or cohort.start_date < timezone.localdate():
        raise ValidationError(f"{cohort.name} is no longer taking applications. Please choose another course.",
                              code="cohort_closed")
    email = User.objects.normalize_email(email).lower()
    user = signed_in_user or User.objects.filter(email__iexact=email).first()
    new_account = False
    if user is not None and user.role != User.Role.LEARNER:
        raise ValidationError(
            "This email address belongs to an academy, provider or partner account. Please apply with your own "
            "personal email address.", code="email_not_a_learner",
        )
    learner = Learner.objects.filter(user=user).first() if user is not None else None
    if learner is None:
        if user is None:
            user = User(email=email, role=User.Role.LEARNER, first_name=profile.get("first_name", ""),
                        last_name=profile.get("last_name", ""))
            user.set_unusable_password()
            user.full_clean()
            user.save()
            new_account = True
        learner = Learner(user=user, email=user.email, locality=cohort.locality,
                          **{k: v for k, v in profile.items() if k in LEARNER_PROFILE_FIELDS})
        learner.full_clean()
        learner.save()
        learner.preferred_settings.set(preferred_settings)
        learner.preferred_client_groups.set(preferred_client_groups)
    application = application_create(learner=learner, cohort=cohort, motivation=motivation,
                                     heard_about_us=heard_about_us)
    Enquiry.objects.filter(email__iexact=email, learner__isnull=True).update(learner=learner)
    return application, new_account


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
