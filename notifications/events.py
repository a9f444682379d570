"""The events people are told about, what each message may say, and the wording it starts with.

Each event has a fixed set of placeholders, written ((name)) as GOV.UK Notify writes them, with sample
values for the staff preview. Staff edit the wording (MessageTemplate); the defaults here seed those
templates and stand in for a template that is missing.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Event:
    key: str
    label: str
    # placeholder -> sample value for the preview
    placeholders: dict[str, str]
    email_subject: str
    email_body: str
    text_body: str
    # Placeholders filled only when the message is sent, so no usable secret is kept in the outbox.
    filled_at_send: frozenset[str] = field(default_factory=frozenset)


SIGN_OFF = "\n\nBest wishes,\n((academy_name))"
LEARNER = {"first_name": "Amira", "academy_name": "North West Care and Health Career Academy",
           "academy_phone": "01253 477000", "academy_email": "academy@example.org"}

EVENTS = [
    Event(
        "welcome", "Welcome to a new applicant (their first message)",
        {**LEARNER, "cohort": "Care Certificate, January", "set_up_link": "https://portal.example/accounts/…"},
        "Welcome to ((academy_name)): your application for ((cohort))",
        "Dear ((first_name)),\n\nWelcome, and thank you for applying for ((cohort)). We have your application.\n\n"
        "What happens next: a member of the academy team will look at your application and invite you to a "
        "friendly values interview. You do not need to do anything until then.\n\n"
        "You can follow your application on the academy portal. Set up your account (choose a password) "
        "with this link, which works once:\n((set_up_link))\n\n"
        "If you have any questions, call us on ((academy_phone)) or email ((academy_email))." + SIGN_OFF,
        "Welcome to ((academy_name)), ((first_name)). We have your application for ((cohort)). We will be in "
        "touch to invite you to a values interview. Questions? Call ((academy_phone)).",
        frozenset({"set_up_link"}),
    ),
    Event(
        "application_received", "Application received",
        {**LEARNER, "cohort": "Care Certificate, January"},
        "We have your application for ((cohort))",
        "Dear ((first_name)),\n\nThank you for applying for ((cohort)). We have your application.\n\n"
        "What happens next: a member of the academy team will look at it and be in touch about a values "
        "interview. You can follow it on the academy portal." + SIGN_OFF,
        "((academy_name)): we have your application for ((cohort)), ((first_name)). We will be in touch "
        "about a values interview.",
    ),
    Event(
        "screening_decided", "Screening decided",
        {**LEARNER, "cohort": "Care Certificate, January", "decision": "you have a place on the course",
         "next_step": "We will send you the joining details before the course starts."},
        "Your application for ((cohort))",
        "Dear ((first_name)),\n\nThank you for coming to your values interview for ((cohort)). Our decision: "
        "((decision)).\n\n((next_step))\n\nIf you would like to talk about it, call us on ((academy_phone))."
        + SIGN_OFF,
        "((academy_name)): about ((cohort)), ((first_name)): ((decision)). ((next_step))",
    ),
    Event(
        "placement_confirmed", "Placement confirmed",
        {**LEARNER, "provider": "Seaview Care Home", "placement": "Care assistant placement",
         "start_date": "Monday 2 February 2026", "end_date": "Friday 27 February 2026"},
        "Your placement at ((provider))",
        "Dear ((first_name)),\n\nGood news: we have arranged your placement, ((placement)) at ((provider)), "
        "from ((start_date)) to ((end_date)). The provider will now confirm it, and your tutor will tell "
        "you what to bring on your first day." + SIGN_OFF,
        "((academy_name)): your placement at ((provider)) is arranged, ((start_date)) to ((end_date)). "
        "Your tutor will tell you what to bring.",
    ),
    Event(
        "interview_booked", "Interview booked",
        {**LEARNER, "job": "Care assistant at Seaview Care Home", "when": "Tuesday 3 February 2026 at 10:00",
         "place": "Seaview Care Home, 1 Promenade, FY1 1AA"},
        "Your interview for ((job))",
        "Dear ((first_name)),\n\nYour interview for ((job)) is booked for ((when)), at ((place)).\n\n"
        "Please arrive ten minutes early. If you cannot go, let your tutor know as soon as you can."
        + SIGN_OFF,
        "((academy_name)): your interview for ((job)) is on ((when)) at ((place)).",
    ),
    Event(
        "interview_moved", "Interview moved",
        {**LEARNER, "job": "Care assistant at Seaview Care Home", "old_when": "Tuesday 3 February 2026 at 10:00",
         "when": "Thursday 5 February 2026 at 14:00", "place": "Seaview Care Home, 1 Promenade, FY1 1AA",
         "reason": "The manager is away that day."},
        "Your interview has been moved",
        "Dear ((first_name)),\n\nYour interview for ((job)) on ((old_when)) has been moved to ((when)), at "
        "((place)).\n\nThe reason: ((reason))" + SIGN_OFF,
        "((academy_name)): your interview for ((job)) has moved to ((when)) at ((place)). ((reason))",
    ),
    Event(
        "interview_cancelled", "Interview cancelled",
        {**LEARNER, "job": "Care assistant at Seaview Care Home", "when": "Tuesday 3 February 2026 at 10:00",
         "reason": "The vacancy has been filled."},
        "Your interview has been cancelled",
        "Dear ((first_name)),\n\nThe academy has cancelled your interview for ((job)) on ((when)). The reason: "
        "((reason))\n\nThis is not a mark against you. Your tutor will help you find another interview."
        + SIGN_OFF,
        "((academy_name)): your interview for ((job)) on ((when)) is cancelled: ((reason)) Your tutor will "
        "help you find another.",
    ),
    Event(
        "interview_cancelled_by_learner", "Interview cancelled by the learner (their confirmation)",
        {**LEARNER, "job": "Care assistant at Seaview Care Home", "when": "Tuesday 3 February 2026 at 10:00"},
        "You have cancelled your interview",
        "Dear ((first_name)),\n\nYou have cancelled your interview for ((job)) on ((when)). We have let the "
        "employer know, so you do not need to.\n\nYou can book another interview on the academy portal, and "
        "your tutor can help you find one. If you did not mean to cancel, call us on ((academy_phone))."
        + SIGN_OFF,
        "((academy_name)): you have cancelled your interview for ((job)) on ((when)). Book another on the "
        "academy portal, or call ((academy_phone)) if you did not mean to.",
    ),
    # To the provider. `learner` is the learner's name only while the provider may still see it
    # (providers.permissions), else "a learner"; the message never gives their contact details.
    Event(
        "interview_slot_freed", "Interview slot free again (to the employer, when a learner cancels)",
        {"contact_name": "Sam Jones", "provider": "Seaview Care Home", "role": "Care assistant",
         "when": "Tuesday 3 February 2026 at 10:00", "learner": "a learner",
         "academy_name": LEARNER["academy_name"], "academy_phone": LEARNER["academy_phone"]},
        "Interview slot free again: ((role)), ((when))",
        "Dear ((contact_name)),\n\nYour interview slot for ((role)) at ((provider)) on ((when)) is free again: "
        "it was booked by ((learner)), who has cancelled. Other learners can now book it on the academy "
        "portal; you do not need to do anything.\n\nQuestions? Call us on ((academy_phone))." + SIGN_OFF,
        "((academy_name)): your interview slot for ((role)) on ((when)) is free again: ((learner)) has "
        "cancelled. Other learners can book it on the academy portal.",
    ),
    Event(
        "offer_recorded", "Job offer recorded",
        {**LEARNER, "job": "Care assistant at Seaview Care Home", "start_date": "Monday 2 March 2026"},
        "Congratulations on your job offer",
        "Dear ((first_name)),\n\nCongratulations: you have been offered the job of ((job)). Proposed start: "
        "((start_date)).\n\nYou can accept or decline the offer on the academy portal, and your tutor can "
        "help with what comes next." + SIGN_OFF,
        "((academy_name)): congratulations ((first_name)), you have been offered ((job)). Accept or decline "
        "it on the academy portal.",
    ),
    Event(
        "personnel_file_released", "Personnel file released to the employer",
        {"contact_name": "Sam Jones", "provider": "Seaview Care Home", "learner_name": "Amira Okafor",
         "role": "Care assistant", "expires_on": "Monday 9 February 2026",
         "academy_name": LEARNER["academy_name"], "academy_phone": LEARNER["academy_phone"]},
        "Personnel file for ((learner_name)) is ready",
        "Dear ((contact_name)),\n\nThe academy has released the personnel file of ((learner_name)), who has "
        "accepted your offer of ((role)) at ((provider)). Sign in to the academy portal to download it; the "
        "link works until ((expires_on)).\n\nQuestions? Call us on ((academy_phone))." + SIGN_OFF,
        "((academy_name)): the personnel file of ((learner_name)) (((role))) is ready to download on the "
        "academy portal until ((expires_on)).",
    ),
]
EVENTS_BY_KEY = {event.key: event for event in EVENTS}
EVENT_CHOICES = [(event.key, event.label) for event in EVENTS]
