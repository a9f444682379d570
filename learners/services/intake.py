"""Applications taken by staff: on the phone, at a drop-in, or from a Jobcentre Plus or agency
referral; and the list of sources applicants choose from."""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction

from academy.models import User
from academy.services import record_save
from learners.models import Application, ApplicationSource, Enquiry, Learner
from learners.services.applications import (
    _account_for_email,
    _applicant_answers_clean,
    _learner_account_create,
    _learner_create,
    application_create,
)

STAFF_ROUTES = (Application.HowTaken.PHONE, Application.HowTaken.DROP_IN, Application.HowTaken.REFERRAL)


class StaffApplicationResult(NamedTuple):
    application: Application
    account: User | None  # a new learner account, when an email address was given (welcomed with its link)


def application_source_save(*, source: ApplicationSource | None = None, **fields) -> ApplicationSource:
    return record_save(source or ApplicationSource(), **fields)


@transaction.atomic
def staff_application_take(*, by, cohort, how_taken: str, first_name: str, last_name: str, postcode: str,
                           email: str = "", phone: str = "", date_of_birth=None, motivation: str = "",
                           source: ApplicationSource | None = None, source_other: str = "",
                           referral_organisation: str = "", work_coach_name: str = "",
                           work_coach_contact: str = "", situation: str = Learner.Situation.UNEMPLOYED,
                           learner: Learner | None = None) -> StaffApplicationResult:
    """Staff enter an application for someone on the phone, at a drop-in or referred by an agency.

    The same rules as the public form (open cohort, motivation, UK phone, source and referral details,
    one application per cohort), plus: a phone number or an email address, so the academy can reach
    them (someone without email gets letters or texts). With a new email address the person gets a
    learner account they set a password for, as from the public form; without one there is no account.
    An address that already has an account is refused: staff open that learner instead, and
    `learner` (an existing learner the staff member may see) takes the application for them.
    """
    if how_taken not in STAFF_ROUTES:
        raise ValidationError({"how_taken": ["Say how the application was taken: phone, drop-in or referral."]})
    profile = {"first_name": first_name.strip(), "last_name": last_name.strip(), "phone": phone,
               "date_of_birth": date_of_birth, "postcode": postcode, "situation": situation}
    motivation = _applicant_answers_clean(cohort=cohort, motivation=motivation, profile=profile)
    fields = {"motivation": motivation, "source": source, "source_other": source_other, "how_taken": how_taken,
              "taken_by": by, "referral_organisation": referral_organisation, "work_coach_name": work_coach_name,
              "work_coach_contact": work_coach_contact}
    if learner is not None:
        return StaffApplicationResult(application_create(learner=learner, cohort=cohort, by=by, **fields), None)
    email = User.objects.normalize_email(email or "").strip().lower()
    if not email and not profile["phone"]:
        raise ValidationError({"phone": ["Give a phone number or an email address so the academy can reach them."]},
                              code="no_contact")
    account = None
    if email:
        if _account_for_email(email) is not None:
            raise ValidationError(
                {"email": ["This email address already has an account. Open that learner's record to add an "
                           "application for them."]}, code="email_has_account")
        account = _learner_account_create(email=email, profile=profile)
        if account is None:  # made a moment ago by another request
            raise ValidationError({"email": ["This email address already has an account."]}, code="email_has_account")
    new_learner = _learner_create(user=account, email=email, cohort=cohort, preferred_settings=(),
                                  preferred_client_groups=(), profile=profile)
    application = application_create(learner=new_learner, cohort=cohort, by=by, welcome=account is not None,
                                     **fields)
    if email:
        Enquiry.objects.filter(email__iexact=email, learner__isnull=True).update(learner=new_learner)
    return StaffApplicationResult(application, account)
