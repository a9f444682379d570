"""What learners are told about their application and screening (through notifications.notify), and
how a learner is reached, for every app that tells them something."""

from notifications.services import Recipient, notify

from .models import Application, Learner, ValuesScreening


def learner_recipient(learner: Learner) -> Recipient:
    return Recipient(
        key=f"learner:{learner.pk}", name=learner.full_name, email=learner.email or "", phone=learner.phone or "",
        postal_address="\n".join(part for part in (learner.full_name, learner.address, learner.postcode) if part),
        prefers=learner.contact_preference, learner_id=learner.pk, user_id=learner.user_id,
    )


def learner_values(learner: Learner) -> dict:
    return {"first_name": learner.preferred_name or learner.first_name}


def application_received_notify(*, application: Application, welcome: bool = False) -> None:
    """Tells the applicant their application arrived. A new applicant's first message is the welcome:
    what happens next, and a link to set up their account (never a "password reset")."""
    learner = application.learner
    if learner.erased_at is not None:
        return
    notify(event="welcome" if welcome else "application_received", about=f"application:{application.pk}",
           recipient=learner_recipient(learner), values={**learner_values(learner), "cohort": application.cohort.name})


SCREENING_WORDS = {
    ValuesScreening.Outcome.ACCEPTED: (
        "you have a place on the course",
        "We will be in touch with the joining details before the course starts."),
    ValuesScreening.Outcome.REFERRED: (
        "we would like you to build up your English and maths first, at {college}",
        "Once you have, you are very welcome to apply again: your tutor will help you."),
    ValuesScreening.Outcome.NOT_PROGRESSED: (
        "we are not able to offer you a place this time",
        "Thank you for your time. If you would like to hear more about our decision, please get in touch."),
}


def screening_decided_notify(*, screening: ValuesScreening) -> None:
    application = screening.application
    learner = Learner.objects.get(pk=application.learner_id)
    if learner.erased_at is not None:
        return
    decision, next_step = SCREENING_WORDS[screening.outcome]
    notify(event="screening_decided", about=f"screening:{screening.pk}", recipient=learner_recipient(learner),
           values={**learner_values(learner), "cohort": application.cohort.name,
                   "decision": decision.format(college=screening.referred_to_college), "next_step": next_step})
