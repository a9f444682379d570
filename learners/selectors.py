"""Reads for learner pages. Each page's query count stays the same however much data there is."""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from academy.raw_reads import prefetch_rows
from academy.templatetags.portal_format import money
from impact.selectors.surveys import STAFF_SURVEY_PREFETCHES, SURVEY_PREFETCHES

from .models import (
    Application,
    ConsentRecord,
    DbsCheck,
    Learner,
    Reference,
    Stage,
    ValuesScreening,
    references_outstanding_among,
)
from .permissions import learners_visible_to


def learner_for_user(user) -> Learner | None:
    return Learner.objects.select_related("locality").filter(user=user).first()


def learner_has_sharing_consent(learner: Learner) -> bool:
    """True while the learner's consent to prepare and share their personnel file stands.

    The personnel-file code calls this before every share: a withdrawal stops sharing at once.
    """
    return ConsentRecord.objects.filter(
        learner=learner, purpose=ConsentRecord.Purpose.PERSONNEL_FILE, withdrawn_at__isnull=True
    ).exists()


def live_consent(learner: Learner) -> ConsentRecord | None:
    return learner.consents.filter(purpose=ConsentRecord.Purpose.PERSONNEL_FILE, withdrawn_at__isnull=True).first()


def latest_dbs_check(checks) -> DbsCheck | None:
    checks = list(checks)
    return max(checks, key=lambda c: (c.created_at, c.pk)) if checks else None


def dbs_blocking_reason(check: DbsCheck | None) -> str:
    """Why a learner cannot yet start work as far as DBS goes; '' when they are cleared."""
    if check is None:
        return "No DBS check started"
    if check.is_cleared:
        return ""
    if check.status in (DbsCheck.Status.CERTIFICATE_ISSUED, DbsCheck.Status.UPDATE_SERVICE):
        if check.decision == DbsCheck.Decision.NOT_PROCEED:
            return "Decision: do not proceed"
        return "Information disclosed: recruitment decision needed"
    return check.get_status_display()


# --- Cohort board ------------------------------------------------------------------------------


@dataclass
class BoardRow:
    application: Application
    learner: Learner
    screening: ValuesScreening | None
    dbs: DbsCheck | None
    dbs_blocked_because: str
    has_consent: bool
    references_outstanding: int
    attendance: object = None
    # False on a programme that asks for no DBS check (Programme.requires_dbs): nobody on it is blocked.
    dbs_needed: bool = True

    @property
    def dbs_blocked(self) -> bool:
        return bool(self.dbs_blocked_because)


BOARD_FILTERS = {"dbs_blocked", "no_consent", "references_outstanding"}


def cohort_board(*, cohort, stage: str = "", flag: str = "") -> list[BoardRow]:
    """Every application to the cohort with its stage, screening, DBS, consent and references at a glance.

    Two queries however many learners: the applications (with consent, references and attendance
    counted by the database) and their DBS checks. Only the columns the board shows are read.
    On a programme that asks for no DBS check (Programme.requires_dbs) nobody is blocked on DBS."""
    from django.conf import settings

    from courses.models import Attendance
    from courses.selectors import AttendanceSummary

    dbs_needed = cohort.programme.requires_dbs
    attendance = Attendance.objects.filter(application_id=OuterRef("pk")).order_by().values("application_id")

    applications = (
        Application.objects.filter(cohort=cohort)
        .select_related("learner", "screening")
        .only("cohort_id", "stage", "learner__first_name", "learner__last_name", "screening__application_id",
              "screening__outcome")
        .annotate(
            has_live_consent=Exists(ConsentRecord.objects.filter(learner_id=OuterRef("learner_id"),
                                                                 withdrawn_at__isnull=True)),
            references_outstanding=Coalesce(Subquery(
                Reference.objects.outstanding().filter(learner_id=OuterRef("learner_id"))
                .order_by().values("learner_id").annotate(n=Count("pk")).values("n")[:1]), 0),
            attendance_recorded=Coalesce(Subquery(attendance.annotate(n=Count("pk")).values("n")[:1]), 0),
            attendance_attended=Coalesce(Subquery(attendance.filter(status__in=Attendance.ATTENDED)
                                                  .annotate(n=Count("pk")).values("n")[:1]), 0),
        )
        .prefetch_related(
            Prefetch("learner__dbs_checks", queryset=DbsCheck.objects.order_by().only(
                "learner_id", "created_at", "level", "status", "status_changed_at", "content", "decision")),
        )
        .order_by("learner__last_name", "learner__first_name")
    )
    if stage:
        applications = applications.filter(stage=stage)
    rows = []
    for application in applications:
        learner = application.learner
        check = latest_dbs_check(learner.dbs_checks.all())
        rows.append(BoardRow(
            application=application, learner=learner,
            screening=getattr(application, "screening", None),
            dbs=check, dbs_blocked_because=dbs_blocking_reason(check) if dbs_needed else "",
            has_consent=application.has_live_consent,
            references_outstanding=application.references_outstanding, dbs_needed=dbs_needed,
        ))
    threshold = settings.ACADEMY_BURSARY_ATTENDANCE_THRESHOLD
    for row in rows:
        row.attendance = AttendanceSummary(row.application.attendance_attended, row.application.attendance_recorded,
                                           threshold)
    if flag == "dbs_blocked":
        rows = [r for r in rows if r.dbs_blocked]
    elif flag == "no_consent":
        rows = [r for r in rows if not r.has_consent]
    elif flag == "references_outstanding":
        rows = [r for r in rows if r.references_outstanding]
    return rows


# Learners who should have DBS cleared: they hold a place on a course whose programme asks for DBS.
DBS_RELEVANT_STAGES = [Stage.ACCEPTED, Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED, Stage.INTERVIEWED,
                       Stage.OFFERED]


def applications_needing_dbs_q(prefix: str = "") -> Q:
    """Applications (reached through `prefix`) holding a place on a programme that asks for a DBS check:
    the work queue and the personnel file read this; a cohort's own lists read cohort.programme.requires_dbs."""
    from courses.models import Programme

    return Q(**{f"{prefix}stage__in": DBS_RELEVANT_STAGES}) & Programme.dbs_required_q(f"{prefix}cohort__programme__")


def cohort_dbs_blocked(*, cohort) -> list[BoardRow]:
    """Learners on the cohort (accepted onwards, not yet started work) who are not yet cleared by DBS."""
    return [r for r in cohort_board(cohort=cohort) if r.application.stage in DBS_RELEVANT_STAGES and r.dbs_blocked]


# --- Timeline and tasks ------------------------------------------------------------------------


@dataclass(order=True)
class TimelineEntry:
    at: datetime
    kind: str = field(compare=False)
    text: str = field(compare=False)
    by: object = field(default=None, compare=False)


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


# Who did something, as the staff timeline names them (User.__str__), without the rest of the account.
_WHO = ("first_name", "last_name", "email")


def learner_record(*, learner_pk, visible):
    """One learner with everything the staff learner page shows, fetched with a fixed number of queries
    (and nothing it does not show: the screening scores, panel and attendance have their own pages).

    The learner and their applications are querysets; the records below them are read with statements
    built once per process (academy.raw_reads.prefetch_rows), each relation left as prefetch_related
    leaves it, with who did what as names only."""
    learner = (
        visible.filter(pk=learner_pk)
        .select_related("locality")
        .prefetch_related(
            Prefetch("applications", queryset=Application.objects.select_related(
                "cohort__programme", "screening", "previous_application__cohort", "reapplication", "source", "taken_by",
            ).only(
                "learner_id", "cohort_id", "stage", "submitted_at", "cohort__name", "previous_application__cohort__name",
                "cohort__programme_id", "cohort__programme__requires_values_screening",
                "how_taken", "source__name", "source_other", "referral_organisation", "work_coach_name",
                "work_coach_contact", *(f"taken_by__{f}" for f in _WHO),
                "screening__application_id", "screening__outcome", "screening__referred_to_college",
                "screening__interview_on", "reapplication__previous_application_id",
            ).order_by("-submitted_at")),
        )
        .first()
    )
    if learner is None:
        return None
    applications = learner.applications.all()
    # Rows the timeline sorts itself, or that the page only looks through, come in no particular order.
    prefetch_rows(applications, "transitions", fields=("to_stage", "at", "note"), related={"by": _WHO}, order_by=())
    # Staff record phone follow-ups and paper checks; the satisfaction survey is the learner's own.
    for relation in ("qualifications", *STAFF_SURVEY_PREFETCHES):
        prefetch_rows(applications, relation, order_by=())
    prefetch_rows(applications, "support_spends")
    # Money given, with who paid and who recorded it: staff who may see the learner see it all.
    prefetch_rows(applications, "bursary_payments", fields=("amount", "paid_on", "paid_by"),
                  related={"employer": ("name",), "recorded_by": _WHO})
    prefetch_rows(applications, "interviews", fields=TIMELINE_INTERVIEW_COLUMNS,
                  related={"vacancy": ("role_title",), "provider": ("name",), "slot": ("starts_at",)},
                  where=TIMELINE_INTERVIEW_SQL, order_by=(), to_attr="timeline_interviews")
    checks = prefetch_rows([learner], "dbs_checks", order_by=("-created_at",))
    prefetch_rows(checks, "events", fields=("to_status", "at"), related={"by": _WHO}, order_by=())
    prefetch_rows(checks, "status_checks", order_by=())
    prefetch_rows([learner], "right_to_work_checks", related={"checked_by": ()})
    for relation in ("consents", "enquiries"):
        prefetch_rows([learner], relation, order_by=())
    prefetch_rows([learner], "notifications", fields=_MESSAGE_FIELDS, order_by=(), to_attr="timeline_messages")
    for relation in ("references", "employment_history"):  # listed on the page in their own order
        prefetch_rows([learner], relation)
    return learner


# What the staff timeline reads of an interview: one the academy cancelled or moved
# (placements.interview_changes) and one whose "no offer" feedback staff have released to the learner,
# each with the vacancy's role, the provider's name and the slot's time.
TIMELINE_INTERVIEW_COLUMNS = ("outcome", "outcome_reason", "outcome_recorded_at", "learner_feedback", "feedback_shown_at")
TIMELINE_INTERVIEW_SQL = "t0.outcome = 'cancelled' OR t0.feedback_shown_at IS NOT NULL"


def attach_timeline_interviews(applications, interviews) -> None:
    """Gives each application its interviews for the timeline from interviews already read (all the
    learner's, with TIMELINE_INTERVIEW_COLUMNS and the vacancy, provider and slot), instead of a query
    of their own."""
    by_application = {}
    for interview in interviews:
        by_application.setdefault(interview.application_id, []).append(interview)
    for application in applications:
        application.timeline_interviews = by_application.get(application.pk, [])


# What the timeline reads of a message.
_MESSAGE_FIELDS = ("learner_id", "event", "channel", "status", "subject", "recipient_name", "recipient_provider_id",
                   "created_at", "sent_at")


def learner_home_record(*, user):
    """The signed-in learner's own record, or None: what their page, timeline and tasks need and no more
    (no screening scores, panel, attendance or who-did-what, which the learner's page does not show).

    Their interviews are not read here: the page reads them all for its employment summary
    (placements.selectors.learner_employment) and hands them to attach_timeline_interviews.

    The learner and their applications are querysets; the sixteen kinds of record below them are read
    with statements built once per process (academy.raw_reads.prefetch_rows): this page is a learner's
    first stop, and compiling sixteen prefetch querysets was a quarter of its time. Each relation is then
    prefetched as prefetch_related would leave it.
    """
    learner = next(iter(
        learners_visible_to(user).filter(user=user).order_by()
        .prefetch_related(Prefetch("applications", queryset=Application.objects.select_related(
            "cohort", "screening", "reapplication",
        ).only(
            "learner_id", "cohort_id", "stage", "submitted_at", "cohort__name", "cohort__start_date",
            "screening__application_id", "screening__interview_on", "reapplication__previous_application_id",
        ).order_by("-submitted_at")))[:1]), None)
    if learner is None:
        return None
    applications = learner.applications.all()
    # Rows the page sorts itself (the timeline) or only looks through (tasks, surveys due) are read
    # in no particular order.
    prefetch_rows(applications, "transitions", fields=("to_stage", "at", "note"), order_by=())
    for relation in ("qualifications", "support_spends", *SURVEY_PREFETCHES):
        prefetch_rows(applications, relation, order_by=())
    # Their own bursaries, without who recorded them (the learner's page names no staff).
    prefetch_rows(applications, "bursary_payments", fields=("amount", "paid_on", "paid_by"), order_by=())
    checks = prefetch_rows([learner], "dbs_checks", order_by=())
    prefetch_rows(checks, "events", order_by=())
    prefetch_rows(checks, "status_checks", order_by=())
    for relation in ("consents", "right_to_work_checks", "enquiries"):
        prefetch_rows([learner], relation, order_by=())
    # Only the messages sent to the learner, not to an employer.
    prefetch_rows([learner], "notifications", fields=_MESSAGE_FIELDS, where="t0.recipient_provider_id IS NULL",
                  order_by=(), to_attr="timeline_messages")
    prefetch_rows([learner], "references")  # in the order they were asked for: the tasks list them
    return learner


def learner_money(learner: Learner) -> dict:
    """The support and bursary payments given to a learner, newest first, each with its application, from a
    learner fetched with learner_record (prefetched: no query)."""
    support, bursaries = [], []
    for application in learner.applications.all():
        support += [(spend, application) for spend in application.support_spends.all()]
        bursaries += [(payment, application) for payment in application.bursary_payments.all()]
    return {"support": sorted(support, key=lambda row: row[0].spent_on, reverse=True),
            "bursaries": sorted(bursaries, key=lambda row: row[0].paid_on, reverse=True)}


def learner_timeline(learner: Learner, *, who: bool = True) -> list[TimelineEntry]:
    """Everything that happened to a learner, newest first: stages, screening, DBS, documents, consent.

    Works on a learner fetched with learner_record (uses only prefetched data), or with
    learner_home_record and who=False: the learner's own page does not say which staff member did what.
    """

    from placements.models import Interview

    def by(obj, attr):
        return getattr(obj, attr) if who else None

    entries = []
    for application in learner.applications.all():
        for t in application.transitions.all():
            text = f"{application.cohort.name}: {Stage(t.to_stage).label}"
            if t.note:
                text += f" ({t.note})"
            entries.append(TimelineEntry(t.at, "stage", text, by(t, "by")))
        screening = getattr(application, "screening", None)
        if screening is not None and screening.interview_on:
            entries.append(TimelineEntry(_at(screening.interview_on), "screening",
                                         f"Panel interview for {application.cohort.name}"))
        for interview in getattr(application, "timeline_interviews", ()):
            if interview.outcome == Interview.Outcome.CANCELLED:
                entries.append(TimelineEntry(interview.outcome_recorded_at, "interview", (
                    f"Interview for {interview.vacancy.role_title} at {interview.provider.name} on "
                    f"{timezone.localtime(interview.slot.starts_at):%d %b %Y %H:%M} cancelled by the academy: "
                    f"{interview.outcome_reason}")))
            if interview.feedback_shown_at is not None:
                entries.append(TimelineEntry(
                    interview.feedback_shown_at, "feedback",
                    f"Feedback from your interview for {interview.vacancy.role_title} at {interview.provider.name}: "
                    f"{interview.learner_feedback}"))
        for award in application.qualifications.all():
            entries.append(TimelineEntry(_at(award.awarded_on), "qualification", f"Gained {award.title}"))
        for support in application.support_spends.all():
            entries.append(TimelineEntry(_at(support.spent_on), "support",
                                         f"Support given: {support.get_category_display()} ({money(support.amount)})"))
        for payment in application.bursary_payments.all():
            entries.append(TimelineEntry(_at(payment.paid_on), "bursary", (
                f"Bursary paid: {money(payment.amount)} ({application.cohort.name}), "
                f"paid by {payment.get_paid_by_display().lower()}"), by(payment, "recorded_by")))
        for outcome in application.course_outcomes.all():
            if outcome.result == "completed":
                text = "Completed the course"
            elif outcome.reason == "moved_cohort":
                text = "Moved to a later cohort to finish the course"
            else:
                text = f"Did not complete the course ({outcome.get_reason_display().lower()})"
            entries.append(TimelineEntry(_at(outcome.on), "course", text))
    for check in learner.dbs_checks.all():
        for event in check.events.all():
            entries.append(TimelineEntry(event.at, "dbs", f"DBS ({check.get_level_display()}): "
                                                          f"{DbsCheck.Status(event.to_status).label}", by(event, "by")))
        for sc in check.status_checks.all():
            entries.append(TimelineEntry(_at(sc.checked_on), "dbs", f"DBS update service check: "
                                                                    f"{sc.get_result_display()}"))
    for consent in learner.consents.all():
        how = f" (signed on a paper form, wording version {consent.wording_version})" if consent.on_paper else ""
        entries.append(TimelineEntry(consent.given_at, "consent",
                                     f"Consent given to prepare and share a personnel file{how}"))
        if consent.withdrawn_at:
            entries.append(TimelineEntry(consent.withdrawn_at, "consent", "Consent to share the personnel file withdrawn"))
    for ref in learner.references.all():
        entries.append(TimelineEntry(_at(ref.requested_on), "document", f"Reference requested from {ref.referee_name}"))
        if ref.received_on:
            entries.append(TimelineEntry(_at(ref.received_on), "document",
                                         f"Reference received from {ref.referee_name}"))
    for rtw in learner.right_to_work_checks.all():
        entries.append(TimelineEntry(_at(rtw.checked_on), "document",
                                     f"Right to work checked ({rtw.get_document_type_display()})", by(rtw, "checked_by")))
    for enquiry in learner.enquiries.all():
        entries.append(TimelineEntry(_at(enquiry.enquired_on), "enquiry",
                                     f"Enquired ({enquiry.get_source_display()})"))
    for message in getattr(learner, "timeline_messages", ()):
        entries.append(TimelineEntry(message.sent_at or message.created_at, "message", _message_text(message, who)))
    return sorted(entries, reverse=True)


def _message_text(message, who: bool) -> str:
    from notifications.models import Notification

    how = message.get_channel_display().lower()
    what = message.subject or message.get_event_display()
    to = f" to {message.recipient_name}" if message.recipient_provider_id else ""
    state = {
        Notification.Status.SENT: "sent", Notification.Status.POSTED: "posted",
        Notification.Status.TO_POST: "to be posted", Notification.Status.FAILED: "could not be sent",
    }.get(message.status, "being sent")
    if not who:  # the learner's own page
        a_how = "an email" if message.channel == "email" else f"a {how}"
        return f"We sent you {a_how}: {what}" if state in ("sent", "posted") else f"{a_how.capitalize()} to you is {state}: {what}"
    return f"Message{to} ({how}, {state}): {what}"


@dataclass
class Task:
    """Something the learner has to do: what (text), how to do it (how), and where it is done (url and
    link_text) or, with contact, that the academy team is the one to ask (the page gives its email and phone)."""

    text: str
    key: str
    how: str = ""
    url: str = ""
    link_text: str = ""
    contact: bool = False


# GOV.UK pages that say which documents count, for the checks the academy makes.
DBS_ID_DOCUMENTS_URL = "https://www.gov.uk/government/publications/dbs-identity-checking-guidelines"
RIGHT_TO_WORK_URL = "https://www.gov.uk/prove-right-to-work"


def learner_tasks(learner: Learner) -> list[Task]:
    """What the learner still has to do, from the prefetched record (learner_record): each says how to do
    it, and links to where it is done or says who will get in touch."""
    tasks = []
    applications = list(learner.applications.all())
    on_course = [a for a in applications if a.stage in (Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED,
                                                        Stage.INTERVIEWED, Stage.OFFERED)]
    if on_course and not any(c.withdrawn_at is None for c in learner.consents.all()):
        tasks.append(Task(
            "Give your consent for the academy to prepare and share your personnel file", "consent",
            how="Read what the file holds and who sees it, then tick the box and save, further down this page.",
            url="#h-consent", link_text="Go to sharing your personnel file",
        ))
    for ref in references_outstanding_among(learner.references.all()):
        asked = (f"The academy asked {ref.referee_name} for a reference on "
                 f"{ref.requested_on.day} {ref.requested_on:%B %Y}")
        asked += f" by email ({ref.referee_email})." if ref.referee_email else "."
        tasks.append(Task(
            f"Ask {ref.referee_name} to send back your reference", "reference",
            how=f"{asked} Ask them to reply to it. If they did not get it, or you would like to give a different "
                "referee, tell the academy team.", contact=True,
        ))
    for check in learner.dbs_checks.all():
        if check.status == DbsCheck.Status.FORM_SENT:
            tasks.append(Task(
                "Complete your DBS application form", "dbs",
                how="A DBS check is the criminal record check everyone working in care needs. The academy has emailed "
                "you a link to the DBS application form. Fill it in online, then bring "
                    "the identity documents it asks for to your course tutor. If you cannot find the email, check "
                    "your junk folder or ask the academy team to send it again.",
                url=DBS_ID_DOCUMENTS_URL, link_text="Which identity documents count (GOV.UK)", contact=True,
            ))
    if on_course and not list(learner.dbs_checks.all()):
        tasks.append(Task(
            "Get your identity documents ready for your DBS check", "dbs",
            how="The academy team will contact you to start your DBS check. You will need documents that prove who "
                "you are, such as a passport or driving licence, and your addresses for the last five years.",
            url=DBS_ID_DOCUMENTS_URL, link_text="Which identity documents count (GOV.UK)",
        ))
    if on_course and not list(learner.right_to_work_checks.all()):
        tasks.append(Task(
            "Show the academy your passport or other right-to-work document", "right_to_work",
            how="Bring it to your course tutor, who will check it and take a copy. If you have a share code from "
                "the Home Office, you can bring that instead.",
            url=RIGHT_TO_WORK_URL, link_text="Prove your right to work (GOV.UK)",
        ))
    if any(a.stage == Stage.REFERRED and not hasattr(a, "reapplication") for a in applications):
        tasks.append(Task(
            "When your English and maths course is done, apply again", "reapply",
            how="Apply for a course from the list of courses: we will link it to your first application.",
            url=reverse("courses:programme_list"), link_text="Find a course and apply",
        ))
    return tasks


# --- Checks the reminders chase ----------------------------------------------------------------

# An update-service subscription is checked online again this many calendar months after the last check.
DBS_RECHECK_EVERY_MONTHS = 12


def cohort_checks_outstanding(*, cohort) -> tuple[int, int]:
    """(references outstanding, not DBS cleared): counts of the cohort's learners on the course (enrolled
    or placed) still missing enough received references, and with no check that clears them (dbs_cleared);
    none count as not cleared on a programme that asks for no DBS check."""
    from .models import dbs_cleared, references_required

    dbs_needed = cohort.programme.requires_dbs
    applications = (
        Application.objects.filter(cohort=cohort, stage__in=[Stage.ENROLLED, Stage.PLACED])
        .annotate(refs=Count("learner__references", filter=Q(learner__references__received_on__isnull=False),
                             distinct=True),
                  cleared=Count("learner__dbs_checks", filter=dbs_cleared("learner__dbs_checks__"), distinct=True))
        .values_list("refs", "cleared")
    )
    required = references_required()
    rows = list(applications)
    not_cleared = sum(1 for _, cleared in rows if not cleared) if dbs_needed else 0
    return sum(1 for refs, _ in rows if refs < required), not_cleared


def dbs_rechecks_due(*, today) -> list[tuple[DbsCheck, object, object]]:
    """(check, last checked or subscribed on, re-check due on) for update-service subscriptions of learners
    not erased whose re-check (DBS_RECHECK_EVERY_MONTHS after the last one) is due by `today`."""
    from dateutil.relativedelta import relativedelta

    from .models import DbsStatusCheck

    last_check = (DbsStatusCheck.objects.filter(dbs_check=OuterRef("pk")).order_by("-checked_on")
                  .values("checked_on")[:1])
    checks = (DbsCheck.objects.filter(update_service_subscribed_on__isnull=False, status=DbsCheck.Status.UPDATE_SERVICE,
                                      learner__erased_at__isnull=True)
              .annotate(last_checked_on=Subquery(last_check)).select_related("learner"))
    due = []
    for check in checks:
        since = check.last_checked_on or check.update_service_subscribed_on
        due_on = since + relativedelta(months=DBS_RECHECK_EVERY_MONTHS)
        if due_on <= today:
            due.append((check, since, due_on))
    return due
