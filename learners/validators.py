"""Rules for what an applicant writes, shared by the application form and learner_apply."""

from django.core.exceptions import ValidationError

MOTIVATION_MIN_WORDS = 5
MOTIVATION_MIN_CHARACTERS = 20
MOTIVATION_HINT = (f"A few words of your own: at least {MOTIVATION_MIN_WORDS} words. For example, someone you "
                   "have cared for, or what you would enjoy about the job.")


def validate_motivation(value: str) -> str:
    """Returns the motivation without surrounding spaces, or raises if it is too short to read as a reason."""
    value = (value or "").strip()
    if len(value.split()) < MOTIVATION_MIN_WORDS or len(value) < MOTIVATION_MIN_CHARACTERS:
        raise ValidationError(
            f"Tell us in at least {MOTIVATION_MIN_WORDS} words why you would like to work in care.",
            code="motivation_too_short",
        )
    return value


def validate_contact_preference(*, preference: str, email: str, phone: str) -> None:
    """Email can be chosen only with an email address, and text messages only with a phone number."""
    if preference == "email" and not email:
        raise ValidationError({"contact_preference": "You have no email address with us, so choose text messages "
                                                     "or letters (or ask the academy team to add your email)."},
                              code="no_email")
    if preference == "text" and not phone:
        raise ValidationError({"contact_preference": "Add your mobile phone number to get text messages, or "
                                                     "choose email or letters."}, code="no_phone")
