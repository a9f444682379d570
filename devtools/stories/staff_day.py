"""Demo stories for a staff member's day of taking applications and paying people (run by seed_demo last):

- Dawn Hesketh rang the academy: she has no email address, so staff took her application by phone and
  the academy reaches her by text. Her "application received" text failed (the number was mistyped), so
  it waits in the staff "Messages that need you" queue;
- Marcus Greenhalgh was referred by Wigan Jobcentre Plus, with his work coach named;
- a CPD course for people already working in care asks for neither a values screening nor a DBS check,
  and has one applicant, Sophie Tran, waiting to be accepted without a screening;
- Terri Ashworth, referred by Jobcentre Plus, completed the Blackpool course with full attendance and had
  her bursary paid by Jobcentre Plus.

Idempotent: each story is written once, keyed on its learner. Writes go through the services, except the
failed send, which stands for what the sending task records after its last retry.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from courses.models import Cohort, CourseOutcome, Payer, Programme
from courses.outcomes import course_outcome_record
from courses.services import bursary_payment_record
from learners.models import Application, ApplicationSource, Learner
from learners.services.applications import application_create
from learners.services.intake import staff_application_take
from learners.validators import validate_contact_preference
from notifications.models import Notification

from .courses import seed_sessions
from .outcomes import _enrol, _learner

STORY_EMAILS = {"marcus": "marcus.greenhalgh@demo.test", "sophie": "sophie.tran@demo.test",
                "terri": "terri.ashworth@demo.test"}
DAWN = {"first_name": "Dawn", "last_name": "Hesketh", "phone": "07123 456321"}
CPD_SLUG = "medication-awareness-cpd"
JOBCENTRE = "Jobcentre Plus referral"


def _source(name: str) -> ApplicationSource:
    # The list the learners migration seeds; made again here if staff have emptied it.
    return ApplicationSource.objects.get_or_create(name=name, defaults={"is_referral": name == JOBCENTRE})[0]


def _open_cohort(today) -> Cohort | None:
    """A cohort still taking applications whose programme screens its applicants (not the CPD one)."""
    return (Cohort.objects.filter(is_open_for_applications=True, start_date__gt=today,
                                  programme__requires_values_screening=True)
            .order_by("start_date", "pk").first())


def seed_phone_application_with_a_failed_text(ctx, staff, today) -> None:
    if Learner.objects.filter(first_name=DAWN["first_name"], last_name=DAWN["last_name"], email="").exists():
        return
    cohort = _open_cohort(today)
    if cohort is None:
        return
    result = staff_application_take(
        by=staff, cohort=cohort, how_taken=Application.HowTaken.PHONE, postcode="WN1 1AA",
        date_of_birth=datetime.date(1979, 6, 2), source=_source("Friends or family"),
        motivation="I cared for my dad for five years and my friend says I would be good at it as a job.", **DAWN)
    learner = result.application.learner
    validate_contact_preference(preference=Learner.ContactPreference.TEXT, email=learner.email, phone=learner.phone)
    Learner.objects.filter(pk=learner.pk).update(contact_preference=Learner.ContactPreference.TEXT)
    # The text telling her the application arrived could not be delivered after every retry.
    Notification.objects.filter(learner=learner, event="application_received").update(
        status=Notification.Status.FAILED, attempts=5,
        last_error="The text message provider said the number is not in use: check it with Dawn.")


def seed_jobcentre_referral(ctx, staff, today) -> None:
    if Learner.objects.filter(email=STORY_EMAILS["marcus"]).exists():
        return
    cohort = _open_cohort(today)
    if cohort is None:
        return
    staff_application_take(
        by=staff, cohort=cohort, how_taken=Application.HowTaken.REFERRAL, first_name="Marcus",
        last_name="Greenhalgh", email=STORY_EMAILS["marcus"], phone="07123 456654", postcode="WN2 3AB",
        date_of_birth=datetime.date(1996, 11, 20), source=_source(JOBCENTRE),
        referral_organisation="Wigan Jobcentre Plus", work_coach_name="Helen Baxter",
        work_coach_contact="helen.baxter@jobcentre.example",
        motivation="My work coach thinks care suits me: I helped at my nan's day centre and loved it.")


def seed_cpd_course_with_one_applicant(ctx, staff, today) -> None:
    programme, _ = Programme.objects.get_or_create(slug=CPD_SLUG, defaults={
        "name": "Medication awareness for care workers (CPD)", "kind": Programme.Kind.CPD, "duration_weeks": 1,
        "guaranteed_interview": False, **Programme.default_requirements(Programme.Kind.CPD),
        "summary": "A one-week course for people already working in care: safe handling, recording and "
                   "storing of medicines. No values interview or new DBS check: your employer did those."})
    blackpool = ctx.localities.get("Blackpool") or next(iter(ctx.localities.values()))
    start = today + datetime.timedelta(weeks=3)
    start -= datetime.timedelta(days=start.weekday())
    cohort, _ = Cohort.objects.get_or_create(programme=programme, locality=blackpool, venue="Blackpool Central Library",
                                             defaults={"name": "Medication awareness (CPD) – Blackpool",
                                                       "start_date": start, "end_date": start + datetime.timedelta(days=4),
                                                       "capacity": 16, "tutor": staff, "guaranteed_interview": False})
    seed_sessions(cohort)
    learner, created = _learner(STORY_EMAILS["sophie"], "Sophie", "Tran", blackpool)
    if created:
        application_create(learner=learner, cohort=cohort, source=_source("A care provider or care worker"),
                           motivation="My manager wants me to give medicines on the night shift, safely.")


def seed_bursary_paid_by_jobcentre_plus(ctx, staff, today) -> None:
    learner, created = _learner(STORY_EMAILS["terri"], "Terri", "Ashworth",
                                ctx.localities.get("Blackpool") or next(iter(ctx.localities.values())))
    if not created:
        return
    cohort = (Cohort.objects.filter(end_date__lt=today - datetime.timedelta(days=7), sessions__isnull=False,
                                    programme__kind=Programme.Kind.SBWA)
              .exclude(name__endswith="(ready to close)").distinct().order_by("-end_date").first())
    if cohort is None:
        return
    application = _enrol(learner, cohort, staff, source=_source(JOBCENTRE), how_taken=Application.HowTaken.REFERRAL,
                         referral_organisation="Blackpool Jobcentre Plus", work_coach_name="Raj Mistry",
                         work_coach_contact="01253 477123")
    course_outcome_record(application=application, by=staff, result=CourseOutcome.Result.COMPLETED,
                          on=cohort.end_date)
    bursary_payment_record(application=application, by=staff, amount=Decimal("150.00"),
                           paid_on=cohort.end_date + datetime.timedelta(days=7), paid_by=Payer.JOBCENTRE_PLUS,
                           note="Paid by Blackpool Jobcentre Plus from its flexible support fund.")


def seed_staff_day_stories(ctx) -> None:
    today = timezone.localdate()
    staff = ctx.staff
    seed_phone_application_with_a_failed_text(ctx, staff, today)
    seed_jobcentre_referral(ctx, staff, today)
    seed_cpd_course_with_one_applicant(ctx, staff, today)
    seed_bursary_paid_by_jobcentre_plus(ctx, staff, today)
    ctx.extra.setdefault("notes", []).append(
        "Staff-day stories: Dawn Hesketh applied by phone with no email (her text failed: see Messages that need "
        "you); Marcus Greenhalgh was referred by Wigan Jobcentre Plus; Sophie Tran applied for a CPD course with "
        "no screening or DBS; Jobcentre Plus paid Terri Ashworth's bursary.")
