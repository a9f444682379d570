"""The email that tells an address's owner what became of an application made with it.

The public form answers every address the same way, so what happened next is told only to whoever
reads that inbox: a new applicant is welcomed, with the link to set up their account, by
learner_apply itself (learners.notices, sent after commit); the owner of an existing account
is asked to sign in and apply (nothing was attached to their account), or told they applied already.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .services.applications import ApplyOutcome, ApplyResult

SUBJECTS = {
    ApplyOutcome.ACCOUNT_EXISTS: "Your application for {cohort}: please sign in to finish it",
    ApplyOutcome.ALREADY_APPLIED: "You have already applied for {cohort}",
    ApplyOutcome.NOT_A_LEARNER: "Your work email address was used to apply for {cohort}",
}


def apply_notice_send(*, request, result: ApplyResult, cohort) -> None:
    """Emails the owner of the address the outcome of an application from the public form."""
    if result.outcome in (ApplyOutcome.SIGNED_IN, ApplyOutcome.NEW_ACCOUNT):
        return  # the application is in: learner_apply queued its message
    context = {
        "cohort": cohort, "academy_name": settings.ACADEMY_NAME, "outcome": result.outcome,
        "sign_in_url": request.build_absolute_uri(reverse("account_login")),
        "apply_url": request.build_absolute_uri(reverse("learners:apply", args=[cohort.pk])),
        "reset_url": request.build_absolute_uri(reverse("account_reset_password")),
    }
    send_mail(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + SUBJECTS[result.outcome].format(cohort=cohort.name),
        message=render_to_string("learners/email/apply_notice.txt", context),
        from_email=None, recipient_list=[result.account.email],
    )
