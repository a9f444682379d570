"""The email that tells an address's owner what became of an application made with it.

The public form answers every address the same way, so what happened next is told only to whoever
reads that inbox: a new applicant gets the link to set a password; the owner of an existing account
is asked to sign in and apply (nothing was attached to their account), or told they applied already.
"""

from allauth.account.forms import ResetPasswordForm
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


def set_password_link_send(*, request, user) -> None:
    """Emails a new learner account the link to set its password (from the public form, or when staff
    take an application with an email address)."""
    # allauth's reset flow doubles as "set your password" for a new account (the link works once).
    form = ResetPasswordForm(data={"email": user.email})
    if form.is_valid():
        form.save(request)


def apply_notice_send(*, request, result: ApplyResult, cohort) -> None:
    """Emails the owner of the address the outcome of an application from the public form."""
    if result.outcome == ApplyOutcome.SIGNED_IN:
        return
    if result.outcome == ApplyOutcome.NEW_ACCOUNT:
        set_password_link_send(request=request, user=result.account)
        return
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
